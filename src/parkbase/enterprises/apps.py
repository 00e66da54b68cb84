from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "parkbase.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from parkbase.enterprises import services
        from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
        from parkbase.enterprises.models import Enterprise, EnterpriseYear
        from parkbase.imports.registry import Importer, register

        register(
            Importer(
                "enterprises",
                _("Enterprises"),
                ENTERPRISE_COLUMNS,
                services.import_enterprises,
                Enterprise,
                notes=_("Enterprises are matched by credit code, then by exact name."),
            )
        )
        register(
            Importer(
                "years",
                _("Yearly data of enterprises"),
                YEAR_COLUMNS,
                services.import_years,
                EnterpriseYear,
                options=("year",),
                notes=_(
                    "Rows are matched to enterprises by credit code, then by exact "
                    "name; one row per enterprise and year."
                ),
            )
        )
