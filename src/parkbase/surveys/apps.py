from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "parkbase.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from parkbase.core import contributions
        from parkbase.core.history import register_source
        from parkbase.core.scoping import SurveyScope, register_survey_scope
        from parkbase.imports.records import register_sheets
        from parkbase.surveys import contributions as mine
        from parkbase.surveys import navigation, selectors, services
        from parkbase.surveys.importers import SHEETS
        from parkbase.surveys.messages import CHANGE_SOURCES

        register_survey_scope(
            SurveyScope(
                assignments=selectors.member_assignments,
                describe=selectors.member_scope_description,
                join=services.team_join,
            )
        )
        register_sheets(SHEETS)
        for code, words in CHANGE_SOURCES.items():
            register_source(code, words)
        contributions.ENTERPRISE_TABS.provide(mine.assignments_tab)
        contributions.ENTERPRISE_TABS.provide(mine.concerns_tab)
        contributions.HOME_PANELS.provide(mine.department_home)
        contributions.DASHBOARD_CARDS.provide(mine.dashboard_card)

        for panel in (
            navigation.department_concerns_panel,
            navigation.unrouted_concerns_panel,
            navigation.visits_panel,
            navigation.verify_panel,
        ):
            contributions.TODO_PANELS.provide(panel)
