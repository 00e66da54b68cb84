from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core.tables import Col, Table, date_col, money_col, number_col
from parkbase.enterprises.selectors import industry_text


def _flags(e):
    flags = []
    if e.is_above_size:
        flags.append(str(_("above size")))
    if e.is_high_tech:
        flags.append(str(_("high-tech")))
    if e.is_specialized:
        flags.append("专精特新")
    if e.is_listed:
        flags.append(str(_("listed")))
    return " · ".join(flags)


class EnterpriseTable(Table):
    columns = (
        Col(_("name"), lambda e: e.name, order="name", link=True, css="text-nowrap"),
        Col(_("credit code"), lambda e: e.uscc, order="uscc", css="font-monospace small"),
        Col(_("status"), lambda e: e.get_status_display(), order="status", css="text-nowrap"),
        Col(_("phase"), lambda e: str(e.phase or ""), order="phase"),
        Col(
            _("supervising department"),
            lambda e: e.department.name if e.department else "",
            order="department",
        ),
        Col(_("industry"), lambda e: industry_text(e.industry_code), order="industry_code"),
        Col(_("flags"), _flags),
        date_col(_("founded"), "founded_on"),
    )

    @staticmethod
    def url(e):
        return reverse("enterprise-detail", args=[e.pk])


class EnterpriseYearTable(Table):
    columns = (
        Col(
            _("enterprise"),
            lambda y: y.enterprise.name,
            order="enterprise",
            link=True,
            css="text-nowrap",
        ),
        Col(_("year"), lambda y: y.year, order="year"),
        number_col(_("land area (m²)"), "land_area"),
        money_col(_("gross output (10k yuan)"), "gross_output"),
        money_col(_("value added (10k yuan)"), "value_added"),
        money_col(_("taxes (10k yuan)"), "tax_total"),
        Col(_("staff"), lambda y: y.staff_year_end or "", css="text-end"),
        Col(_("source"), lambda y: y.get_source_display()),
    )

    @staticmethod
    def url(y):
        return reverse("enterprise-detail", args=[y.enterprise_id]) + "?tab=years"


def _filed_at(r):
    from django.utils.timezone import localtime

    return localtime(r.filed_at).strftime("%Y-%m-%d %H:%M") if r.filed_at else ""


def _period(r):
    from parkbase.enterprises.monthly_calendar import period_text

    return period_text(r.year, r.period_start, r.period_end)


class MonthlyReturnTable(Table):
    columns = (
        Col(
            _("enterprise"),
            lambda r: r.enterprise.name,
            order="enterprise",
            link=True,
            css="text-nowrap",
        ),
        Col(_("period of the return"), _period, order="period_end", css="text-nowrap"),
        Col(_("basis of the figures"), lambda r: r.get_basis_display()),
        Col(_("source of the return"), lambda r: r.get_source_display(), order="source"),
        money_col(_("gross output (10k yuan)"), "gross_output"),
        money_col(_("revenue (10k yuan)"), "revenue"),
        money_col(_("taxes (10k yuan)"), "tax_total", order=False),
        Col(_("filed"), _filed_at, order="filed_at", css="text-nowrap"),
    )

    @staticmethod
    def url(r):
        return reverse("enterprise-detail", args=[r.enterprise_id]) + "?tab=monthly"


class LateReturnTable(Table):
    columns = (
        Col(_("name"), lambda e: e.name, order="name", link=True, css="text-nowrap"),
        Col(_("credit code"), lambda e: e.uscc, order="uscc", css="font-monospace small"),
        Col(_("phase"), lambda e: e.phase.name if e.phase else "", order="phase"),
        Col(
            _("supervising department"),
            lambda e: e.department.name if e.department else "",
            order="department",
        ),
        Col(_("contact person"), lambda e: e.contact_person),
        Col(_("contact phone"), lambda e: e.contact_phone),
    )

    @staticmethod
    def url(e):
        return reverse("enterprise-detail", args=[e.pk]) + "?tab=monthly"
