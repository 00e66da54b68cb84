"""The demo park's document library (``documents.csv``, files in ``documents/``): the
2019 work summary itself (a Word file made from its text at load time), the medical
park's request and the city's reply, 东基集团's land report, the aircraft base's
feasibility study (linked to the confidential project: its outsiders never see it),
the institute's transfer agreement and the minutes of a meeting, each taken in through
the library's own upload. Loading again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.core.files.base import ContentFile

from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import LoadResult
from parkbase.documents.models import Document
from parkbase.documents.services import (
    categories_ensure,
    category_named,
    document_update,
    document_upload,
)
from parkbase.enterprises.models import Enterprise
from parkbase.imports.engine import Column
from parkbase.imports.reference import read_records
from parkbase.land.models import Parcel
from parkbase.projects.models import Project

COLUMNS = (
    Column("file", ("文件",), required=True),
    Column("format", ("格式",), required=True),
    Column("title", ("标题",), required=True),
    Column("number", ("文号",)),
    Column("issuer", ("发文机关",)),
    Column("issued_on", ("日期",)),
    Column("year", ("年度",)),
    Column("category", ("分类",)),
    Column("links", ("关联",)),
)


class DocumentFileError(ValueError):
    pass


def docx_bytes(text: str) -> bytes:
    """A Word file of ``text``: its first line the title (centred, bold), each further
    paragraph one of the file's, in a font with Chinese glyphs."""
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    word = Word()
    style = word.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    lines = [line.strip() for line in text.strip().splitlines()]
    heading = word.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(lines[0])
    run.bold, run.font.size = True, Pt(20)
    for line in lines[1:]:
        if line:
            word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _target(park, text: str):
    kind, _sep, key = text.partition(":")
    rows = {
        "project": (Project, "name"),
        "parcel": (Parcel, "code"),
        "enterprise": (Enterprise, "uscc"),
    }.get(kind.strip())
    if rows is None:
        raise DocumentFileError(f"documents.csv: unknown link {text!r}")
    model, field = rows
    found = model.objects.unscoped(SYSTEM_WORK).filter(park=park, **{field: key.strip()}).first()
    if found is None:
        raise DocumentFileError(f"documents.csv: no record for the link {text!r}")
    return found


def load_documents(data_dir: Path, park) -> dict[str, LoadResult]:
    result = LoadResult()
    categories_ensure(park)
    folder = data_dir / "documents"
    for rec in read_records(data_dir / "documents.csv", COLUMNS):
        title = rec["title"].strip()
        if Document.objects.unscoped(SYSTEM_WORK).filter(park=park, title=title).exists():
            result.unchanged += 1
            continue
        source = folder / rec["file"]
        # a committee names its files by their titles
        if rec["format"] == "docx":
            data, name = docx_bytes(source.read_text(encoding="utf-8")), f"{title}.docx"
        else:
            data, name = source.read_bytes(), f"{title}{source.suffix}"
        links = [_target(park, t) for t in (rec["links"] or "").split(";") if t.strip()]
        category = category_named(park, rec["category"] or "")
        uploaded = document_upload(
            user=None,
            park=park,
            upload=ContentFile(data, name=name),
            title=title,
            category=category,
            year=int(rec["year"]) if rec["year"] else None,
            links=links,
        )
        issued = rec["issued_on"]
        document_update(
            document=uploaded.document,
            expected_version=uploaded.document.version,
            user=None,
            number=rec["number"] or "",
            issuer=rec["issuer"] or "",
            issued_on=dt.date.fromisoformat(str(issued)[:10]) if issued else None,
        )
        result.created += 1
    return {"documents": result}
