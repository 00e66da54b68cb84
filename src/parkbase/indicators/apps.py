from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "parkbase.indicators"
    label = "indicators"
    verbose_name = _("Economic indicators")

    def ready(self):
        from parkbase.core import contributions, firstrun
        from parkbase.indicators import contributions as mine
        from parkbase.indicators.services import library_ensure

        # every park set up by `parkbase init` gets the built-in indicator library
        firstrun.register_park_set_up(library_ensure)
        contributions.DASHBOARD_CARDS.provide(mine.dashboard_part)
        contributions.HOME_PANELS.provide(mine.department_home)
        contributions.HOME_PANELS.provide(mine.enterprise_home)
