from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "parkbase.projects"
    label = "projects"
    verbose_name = _("Investment projects")

    def ready(self):
        from parkbase.core import contributions
        from parkbase.core.history import register_source
        from parkbase.core.need_to_know import Secrecy, follow, register_need_to_know
        from parkbase.imports.records import register_sheets
        from parkbase.imports.registry import Importer, register
        from parkbase.land import models as land
        from parkbase.projects import contributions as mine
        from parkbase.projects import navigation
        from parkbase.projects.importers import NOTES, PROJECT_COLUMNS, import_projects
        from parkbase.projects.importers.parts import SHEETS
        from parkbase.projects.models import Project, secret_projects
        from parkbase.projects.services.parts import CHANGE_SOURCES

        register(
            Importer(
                "projects",
                _("Investment projects"),
                PROJECT_COLUMNS,
                import_projects,
                Project,
                notes=NOTES,
            )
        )
        register_sheets(SHEETS)
        for code, words in CHANGE_SOURCES.items():
            register_source(code, words)
        # need-to-know: what is linked to a confidential project shows its code name
        register_need_to_know(
            Project,
            Secrecy(secret_projects, "code_name", _("(confidential project)")),
        )
        # a land approval serves a project through the project's own link: land asks
        # for it, and what it covers follows the project's need-to-know
        for name, path in mine.NEED_TO_KNOW_PATHS.items():
            follow(getattr(land, name), path)
        contributions.APPROVAL_SERVES.provide(mine.served)
        contributions.APPROVAL_PANELS.provide(mine.approval_panel)
        contributions.ENTERPRISE_TABS.provide(mine.enterprise_tab)
        contributions.DASHBOARD_CARDS.provide(mine.dashboard_card)

        contributions.SEARCH_RESULTS.provide(navigation.search_group)
        contributions.TODO_PANELS.provide(navigation.next_steps_panel)
