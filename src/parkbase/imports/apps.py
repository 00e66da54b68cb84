from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "parkbase.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from parkbase.core.history import register_source
        from parkbase.imports.registry import CHANGE_SOURCE
        from parkbase.imports.views import import_page, import_page_seen

        register_source(
            CHANGE_SOURCE,
            pgettext_lazy("a change's source", "import"),
            link=import_page,
            sees=import_page_seen,
        )
