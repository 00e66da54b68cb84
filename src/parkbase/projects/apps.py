from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "parkbase.projects"
    label = "projects"
    verbose_name = _("Investment projects")

    def ready(self):
        from parkbase.imports.registry import Importer, register
        from parkbase.projects.importers import NOTES, PROJECT_COLUMNS, import_projects
        from parkbase.projects.models import Project

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
