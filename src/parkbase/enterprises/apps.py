from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "parkbase.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from parkbase.core.history import register_source
        from parkbase.enterprises import services, survey
        from parkbase.enterprises.importers import (
            ENTERPRISE_COLUMNS,
            SURVEY_COLUMNS,
            YEAR_COLUMNS,
        )
        from parkbase.enterprises.models import Enterprise, EnterpriseYear
        from parkbase.imports.registry import Importer, register
        from parkbase.imports.views import import_page, import_page_seen

        register_source(
            survey.REASON,
            _("survey workbook import"),
            link=import_page,
            sees=import_page_seen,
        )
        register(
            Importer(
                "enterprises",
                _("Enterprises"),
                ENTERPRISE_COLUMNS,
                services.import_enterprises,
                Enterprise,
                takes_job=True,
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
                takes_job=True,
                notes=_(
                    "Rows are matched to enterprises by credit code, then by exact "
                    "name; one row per enterprise and year."
                ),
            )
        )
        register(
            Importer(
                "survey",
                _("Survey workbook"),
                SURVEY_COLUMNS,
                survey.import_survey,
                Enterprise,
                options=("year", "overwrite_ranked"),
                takes_job=True,
                notes=_(
                    "One row per enterprise: the enterprise (created, or matched by credit "
                    "code, then by exact name, and updated) and its figures for the year "
                    "of the sheet (the import's year, a 年度 column, or the year in the "
                    "title such as 2019年度企业调查表), recorded as the survey's. A figure "
                    "recorded from a higher-ranked source (statistics bureau, tax bureau, "
                    "the enterprise, park staff) is kept unless you choose to overwrite it."
                ),
            )
        )
