from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "parkbase.documents"
    label = "documents"
    verbose_name = _("Document library")

    def ready(self):
        from parkbase.core import contributions, firstrun
        from parkbase.documents import contributions as mine
        from parkbase.documents.services import categories_ensure

        # every park set up by `parkbase init` gets the default category tree
        firstrun.register_park_set_up(categories_ensure)
        contributions.ENTERPRISE_TABS.provide(mine.enterprise_tab)
        contributions.PROJECT_TABS.provide(mine.project_tab)
        contributions.PARCEL_TABS.provide(mine.parcel_tab)
