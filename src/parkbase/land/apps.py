from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "parkbase.land"
    label = "land"
    verbose_name = _("Land and buildings")

    def ready(self):
        from parkbase.core import contributions
        from parkbase.core.history import register_source
        from parkbase.imports.records import register_sheets
        from parkbase.land import contributions as mine
        from parkbase.land import navigation
        from parkbase.land.importers import SHEETS
        from parkbase.land.services.parcels import CHANGE_SOURCES

        register_sheets(SHEETS)
        for code, words in CHANGE_SOURCES.items():
            register_source(code, words)
        contributions.ENTERPRISE_TABS.provide(mine.enterprise_tab)
        contributions.DASHBOARD_CARDS.provide(mine.dashboard_card)

        contributions.SEARCH_RESULTS.provide(navigation.search_group)
