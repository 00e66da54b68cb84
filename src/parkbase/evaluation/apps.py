from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "parkbase.evaluation"
    label = "evaluation"
    verbose_name = _("Per-mu evaluation")

    def ready(self):
        from parkbase.core import contributions
        from parkbase.core.history import register_source
        from parkbase.evaluation import contributions as mine
        from parkbase.evaluation import navigation
        from parkbase.evaluation.importers import SHEETS
        from parkbase.evaluation.services.runs import CHANGE_SOURCES
        from parkbase.imports.records import register_sheets

        contributions.ENTERPRISE_CLASSES.provide(mine.enterprise_classes)
        contributions.DASHBOARD_CARDS.provide(mine.dashboard_card)
        contributions.CLASS_NAMES.provide(mine.legend_class_names)
        contributions.LAND_FREED.provide(mine.freed_decisions)
        contributions.ENTERPRISE_TABS.provide(mine.results_tab)
        contributions.ENTERPRISE_TABS.provide(mine.decisions_tab)

        contributions.TODO_PANELS.provide(navigation.objections_panel)
        register_sheets(SHEETS)
        for code, words in CHANGE_SOURCES.items():
            register_source(code, words)
