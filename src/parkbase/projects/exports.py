"""XLSX exports of the project lists (the same filter as the page). A confidential
project is exported under its code name, with its description and referrer withheld,
for everyone but its insiders."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from parkbase.core.tables import person_name
from parkbase.core.units import WAN, in_mu
from parkbase.projects.models import MILESTONES, Investor, Project

CHUNK = 2000


def _wan(value):
    return None if value is None else (Decimal(value) / WAN).quantize(Decimal("0.000001"))


def _label(name: str) -> str:
    return str(Project._meta.get_field(name).verbose_name)


def project_rows(queryset):
    """Headers and rows of the projects list export."""
    secret = _("confidential")
    money = (
        ("total_investment", _("total investment (10k yuan)")),
        ("fixed_investment", _("fixed-asset investment (10k yuan)")),
        ("contracted_amount", _("contracted amount (10k yuan)")),
        ("expected_output", _("expected annual output (10k yuan)")),
        ("expected_tax", _("expected annual tax (10k yuan)")),
    )
    headers = [
        _("name"),
        _label("confidential"),
        _("stage"),
        _("status"),
        _label("key_level"),
        _label("industry_code"),
        _label("source"),
        _label("referrer"),
        _label("officer"),
        _label("department"),
        *[label for _name, label in money],
        _("land needed (mu)"),
        _label("land_mode"),
        _label("expected_jobs"),
        *[_label(n) for n in MILESTONES],
        _label("landed_on"),
        _("in this stage since"),
        _label("description"),
    ]

    def rows():
        rows = queryset.select_related("stage", "officer", "department")
        for p in rows.iterator(chunk_size=CHUNK):
            hidden = p.hides_details
            yield [
                p.shown_name,
                p.confidential,
                p.stage.name,
                p.get_status_display(),
                p.get_key_level_display() if p.key_level else "",
                p.industry_code,
                p.get_source_display() if p.source else "",
                secret if hidden and p.referrer else p.referrer,
                person_name(p.officer),
                p.department.name if p.department else "",
                *[_wan(getattr(p, name)) for name, _label_ in money],
                in_mu(p.land_area),
                p.get_land_mode_display() if p.land_mode else "",
                p.expected_jobs,
                *[getattr(p, n) for n in MILESTONES],
                p.landed_on,
                p.stage_since,
                secret if hidden and p.description else p.description,
            ]

    return headers, rows()


def investor_rows(queryset):
    names = ("name", "kind", "origin", "region", "uscc", "contact", "phone", "note")
    headers = [str(Investor._meta.get_field(n).verbose_name) for n in names]

    def rows():
        for i in queryset.iterator(chunk_size=CHUNK):
            yield [
                i.name,
                i.get_kind_display(),
                i.get_origin_display(),
                i.region,
                i.uscc,
                i.contact,
                i.phone,
                i.note,
            ]

    return headers, rows()
