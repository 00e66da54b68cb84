from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core.tables import Col, Table


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
        Col(_("phase"), lambda e: e.phase.name if e.phase else "", order="phase"),
        Col(
            _("supervising department"),
            lambda e: e.department.name if e.department else "",
            order="department",
        ),
        Col(_("industry"), lambda e: e.industry_code, order="industry_code"),
        Col(_("flags"), _flags),
        Col(
            _("founded"),
            lambda e: e.founded_on.isoformat() if e.founded_on else "",
            order="founded_on",
            css="text-nowrap",
        ),
    )

    @staticmethod
    def url(e):
        return reverse("enterprise-detail", args=[e.pk])


def _wan(value):
    return "" if value is None else f"{value / 10000:,.2f}"


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
        Col(
            _("land area (m²)"),
            lambda y: "" if y.land_area is None else f"{y.land_area:,.0f}",
            order="land_area",
            css="text-end",
        ),
        Col(
            _("gross output (10k yuan)"),
            lambda y: _wan(y.gross_output),
            order="gross_output",
            css="text-end",
        ),
        Col(
            _("value added (10k yuan)"),
            lambda y: _wan(y.value_added),
            order="value_added",
            css="text-end",
        ),
        Col(_("taxes (10k yuan)"), lambda y: _wan(y.tax_total), order="tax_total", css="text-end"),
        Col(_("staff"), lambda y: y.staff_year_end or "", css="text-end"),
        Col(_("source"), lambda y: y.get_source_display()),
    )

    @staticmethod
    def url(y):
        return reverse("enterprise-detail", args=[y.enterprise_id]) + "?tab=years"
