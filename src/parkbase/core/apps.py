from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "parkbase.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(_analyze_after_migrate, sender=self)


def _analyze_after_migrate(sender, using, **kwargs):
    from parkbase.core.db import refresh_statistics

    refresh_statistics()
