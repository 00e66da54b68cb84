from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "parkbase.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self):
        from parkbase.core import contributions
        from parkbase.core.history import register_source
        from parkbase.enterprises import services, survey
        from parkbase.enterprises.importers import (
            ENTERPRISE_COLUMNS,
            SURVEY_COLUMNS,
            YEAR_COLUMNS,
        )
        from parkbase.enterprises.models import Enterprise, EnterpriseYear, MonthlyReturn
        from parkbase.enterprises.monthly_import import MONTHLY_COLUMNS, import_monthly
        from parkbase.enterprises.monthly_views import home_panel
        from parkbase.imports.registry import Importer, register
        from parkbase.imports.views import import_page, import_page_seen

        contributions.HOME_PANELS.provide(home_panel)
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
        register(
            Importer(
                "monthly",
                _("Monthly returns (statistics system)"),
                MONTHLY_COLUMNS,
                import_monthly,
                MonthlyReturn,
                options=("month",),
                takes_job=True,
                notes=_(
                    "One row per enterprise and period. Give the figures either as the month's (the "
                    "本月 columns) or as the year to date (the 累计 columns), never both in one file; "
                    "headers such as 本月, 当月, 本年累计, 1-3月累计 are understood before or after the "
                    "figure's name, or on a second header line under it. The period is a 月份 or 期别 "
                    "column (2019年1-2月, 2019年3月, 1-3月累计) or the month of the import; January and "
                    "February may come as one 1-2月 period. Amounts in 万元 unless the header names "
                    "元 or 千元. The returns are recorded as the statistics system's: they take the "
                    "place of what an enterprise filed for the same month, whose differences are flagged."
                ),
            )
        )
