"""Round trips of record sheets (``imports.records``): a list page's export read back
as header → value rows, written again as a real workbook (changed or not), imported
through the sheet, and the command line's export of the same list.

``rows`` are dicts keyed by the export's headers; ``write`` keeps the export's column
order (a header missing from a dict is a blank cell)."""

from __future__ import annotations

import io

from django.core.management import call_command

from tests.imports.ugly import write_xlsx
from tests.xlsx_parts import read_rows


def exported(client, url: str, **query) -> tuple[list[str], list[dict]]:
    response = client.get(url, {**query, "export": "xlsx"})
    assert response.status_code == 200, response.status_code
    table = read_rows(response.content)
    headers = [str(h) for h in table[0]]
    return headers, [dict(zip(headers, row, strict=True)) for row in table[1:]]


def write(path, headers: list[str], rows: list[dict]):
    write_xlsx(path, [headers, *[[row.get(h) for h in headers] for row in rows]], sheet="导出")
    return path


def run(sheet, path, *, park, user, dry_run: bool = False):
    return sheet.run(path, park=park, user=user, dry_run=dry_run)


def actions(report) -> dict[str, int]:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": len(report.errors),
    }


def unchanged(count: int) -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": count, "errors": 0}


def changed_rows(report) -> list[tuple[str, dict]]:
    return [(r.action, r.changes) for r in report.rows if r.action != "unchanged"]


def command_headers(kind: str, tmp_path, park: str = "a") -> list[str]:
    """The headers ``parkbase export KIND --out F`` writes."""
    out = tmp_path / f"{kind}.xlsx"
    call_command("export", kind, out=str(out), park=park, stdout=io.StringIO())
    return [str(h) for h in read_rows(out.read_bytes())[0]]
