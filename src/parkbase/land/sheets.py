"""One-page site sheets for investors (招商推介单), as Word documents: a parcel sheet
and a building sheet. Title, location, area in m² and 亩, use, certificate, the open
constraints, price or rent guidance, contacts, the park's name and the date.

The callers pass rows they obtained through ``visible_to``; this module only writes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from parkbase.core.need_to_know import inherit, shown
from parkbase.core.units import MU_M2
from parkbase.land.models import Building, Constraint, Parcel

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "SimSun"


def area_text(value) -> str:
    """12,000.00 m² (18.00 亩)"""
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:,.2f} m² ({value / MU_M2:,.2f} 亩)"


def _document(title: str, subtitle: str):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )
    heading = doc.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if subtitle:
        sub = doc.add_paragraph(subtitle)
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _facts(doc, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = str(value) if value not in (None, "") else "—"
        for run in cells[0].paragraphs[0].runs:
            run.bold = True


def _constraints(doc, constraints: list[Constraint]) -> None:
    doc.add_heading(_("Constraints"), level=2)
    if not constraints:
        doc.add_paragraph(_("No open constraints are recorded."))
        return
    for c in constraints:
        text = str(c.get_kind_display())
        if c.description:
            text += f": {shown(None, c, 'description')}"
        if c.authority:
            text += " " + _("(can be lifted by %(authority)s)") % {"authority": c.authority}
        doc.add_paragraph(text, style="List Bullet")


def _footer(doc, park, today: dt.date) -> None:
    doc.add_paragraph()
    footer = doc.add_paragraph(
        _("%(park)s · prepared on %(date)s") % {"park": park.name, "date": today.isoformat()}
    )
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _open_constraints(parcel: Parcel | None) -> list[Constraint]:
    if parcel is None:
        return []
    found = getattr(parcel, "open_constraints", None)
    if found is None:
        found = parcel.constraints.filter(resolved_on__isnull=True).order_by("id")
    # a sheet goes to investors: what is linked to a confidential project is masked
    # as for its outsiders (a parcel read through visible_to carries its mark)
    return inherit(None, parcel, found)


def _certificate(parcel: Parcel) -> str:
    text = str(parcel.get_certificate_status_display())
    return f"{text} {parcel.certificate_no}" if parcel.certificate_no else text


def parcel_sheet(parcel: Parcel, *, today: dt.date, decisions=()) -> bytes:
    """The sheet of one parcel; ``decisions`` are the done redevelopment decisions
    that freed (part of) it."""
    doc = _document(
        _("Land for investors: %(name)s") % {"name": parcel.name},
        f"{parcel.park.name} · {parcel.code}",
    )
    facts = [
        (_("parcel code"), parcel.code),
        (_("location"), parcel.location),
        (_("phase"), str(parcel.phase or "")),
        (_("area"), area_text(parcel.area)),
        (_("planned use"), parcel.get_planned_use_display()),
        (_("current use"), parcel.get_current_use_display() if parcel.current_use else ""),
        (_("status"), parcel.get_status_display()),
        (_("ownership"), parcel.get_ownership_display()),
        (_("owner / land user"), parcel.owner_name),
        (_("certificate"), _certificate(parcel)),
        (_("price guidance"), parcel.price_guidance),
        (_("contact"), parcel.contact),
    ]
    for d in decisions:
        facts.append(
            (
                _("freed by redevelopment"),
                f"{d.enterprise.name} · {d.get_kind_display()} · "
                f"{d.completed_on or ''} · {area_text(d.land_freed)}",
            )
        )
    _facts(doc, facts)
    _constraints(doc, _open_constraints(parcel))
    if parcel.note:
        doc.add_heading(_("Note"), level=2)
        doc.add_paragraph(shown(None, parcel, "note"))
    _footer(doc, parcel.park, today)
    return _save(doc)


def building_sheet(building: Building, *, today: dt.date, vacant_units=()) -> bytes:
    """The sheet of one building: its facts, the vacant units on offer, and the
    certificate and constraints of the parcel it stands on."""
    parcel = building.parcel
    doc = _document(
        _("Premises for investors: %(name)s") % {"name": building.name},
        f"{building.park.name} · {building.code}",
    )
    vacant_area = sum((u.area for u in vacant_units), Decimal(0))
    facts = [
        (_("building code"), building.code),
        (_("kind"), building.get_kind_display()),
        (_("location"), parcel.location if parcel else ""),
        (_("parcel"), str(parcel) if parcel else ""),
        (_("phase"), str(parcel.phase or "") if parcel else ""),
        (_("floors"), str(building.floors)),
        (_("floor area"), area_text(building.floor_area)),
        (_("vacant area"), area_text(vacant_area)),
        (_("land use"), parcel.get_planned_use_display() if parcel else ""),
        (_("certificate"), _certificate(parcel) if parcel else ""),
        (_("completed in"), str(building.completed_year or "")),
        (_("rent guidance"), building.rent_guidance),
        (_("contact"), building.contact),
    ]
    _facts(doc, facts)
    doc.add_heading(_("Vacant units"), level=2)
    if vacant_units:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (pgettext("building", "unit"), _("floor"), _("area")), strict=True
        ):
            cell.text = text
        for u in vacant_units:
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = u.code, str(u.floor), area_text(u.area)
    else:
        doc.add_paragraph(_("No vacant units at present."))
    _constraints(doc, _open_constraints(parcel))
    if building.note:
        doc.add_heading(_("Note"), level=2)
        doc.add_paragraph(building.note)
    _footer(doc, building.park, today)
    return _save(doc)
