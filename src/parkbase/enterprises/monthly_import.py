"""The ``monthly`` import: the statistics system's export of monthly returns.

One row per enterprise and period: the enterprise (credit code and/or name), the
period (a 月份 / 期别 column such as 2019年1-2月, 2019年3月 or 1-3月累计, or the
import's month, ``--month 2019-03``), and the figures in 万元 / 千元 / 元 as the
headers say. Whether the figures are the month's (本月, 当月) or the year to date
(本年累计, 1-N月累计, 累计) is read from the header, written after or before the figure
('工业总产值本月（千元）', '1-3月累计工业总产值') or under it on a second header line;
a figure header that says neither takes 累计 when every period of the file runs from
January (1-N月, N月累计), and is refused otherwise. A row that fills both kinds of
columns is refused, and so is a file that gives one enterprise on both bases. Returns are stored as the statistics system's (they
win over what enterprises filed), a second import of a month updates them, and the
figures of every enterprise-year touched are derived again in the same transaction."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import timezone

from parkbase.core import uscc
from parkbase.core.history import source_reason
from parkbase.core.models import Park
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.text import normalise_text
from parkbase.core.units import split_header
from parkbase.core.violations import Violation
from parkbase.core.write import today
from parkbase.enterprises import monthly
from parkbase.enterprises.import_rows import create_step, row_violation, update_step, write_steps
from parkbase.enterprises.models import Enterprise, MonthlyFigure, MonthlyReturn
from parkbase.enterprises.monthly_services import refresh_figures, returns_of
from parkbase.imports.engine import Column
from parkbase.imports.headers import HEADER_SEARCH_ROWS, header_key
from parkbase.imports.limits import field_limit
from parkbase.imports.reader import read_table
from parkbase.imports.registry import CHANGE_SOURCE as IMPORT
from parkbase.imports.services import ImportReport, RowResult, collector_paused, parsed_table

# the figures as the statistics system names them; the first name is the template's
FIGURE_NAMES = {
    "gross_output": ("工业总产值", "工业总产值（当年价格）", "工业总产值当年价", "总产值"),
    "sales_output": ("销售产值", "工业销售产值", "工业销售产值（当年价格）"),
    "value_added": ("工业增加值", "增加值"),
    "revenue": ("营业收入", "主营业务收入"),
    "profit": ("利润总额", "利润"),
    "tax_total": ("税收总额", "税金总额", "应交税金"),
    "tax_local": ("地方税收", "地方级税收"),
    "exports": ("出口额", "出口交货值"),
    "energy_tce": ("综合能耗", "综合能源消费量"),
    "electricity_kwh": ("用电量", "工业用电量"),
}
MONTH_WORD, YTD_WORD = "本月", "累计"
SUFFIX = {monthly.PERIOD: MONTH_WORD, monthly.YTD: YTD_WORD}
BASES, FIGS = (monthly.PERIOD, monthly.YTD), monthly.FIGURES
PERIOD_HEADERS = ("月份", "期别", "报告期", "统计期", "所属期", "时间", "期间")


def _figure_column(name: str, basis: str) -> Column:
    suffix = SUFFIX[basis]
    headers = tuple(f"{n}{suffix}" for n in FIGURE_NAMES[name])
    field = f"{name}_{basis}"
    if name == "energy_tce":
        return Column(
            field, headers, kind="decimal", unit_kind="energy", default_unit="吨标煤", places=3
        )
    if name == "electricity_kwh":
        return Column(field, headers, kind="int", unit_kind="electricity", default_unit="千瓦时")
    return Column(field, headers, kind="decimal", unit_kind="money", default_unit="万元")


MONTHLY_COLUMNS = (
    Column("uscc", ("统一社会信用代码", "信用代码", "组织机构代码"), main=True, compacted=True),
    Column("name", ("企业名称", "单位名称", "单位详细名称"), main=True),
    Column("period", PERIOD_HEADERS, main=True),
    *(_figure_column(name, monthly.PERIOD) for name in monthly.FIGURES),
    *(_figure_column(name, monthly.YTD) for name in monthly.FIGURES),
)

_YTD_MARK = re.compile(
    r"(?:本年)?(?:自年初)?(?:1|一)\s*[-–—~～至到]\s*(?:\d{1,2}|[Nn])\s*月份?止?(?:累计)?"
    r"|本年累计|自年初累计|年初至今|累计数?"
)
_MONTH_MARK = re.compile(r"本月数?|当月数?|本期数?")
_FIGURE_KEYS = {header_key(n): name for name, names in FIGURE_NAMES.items() for n in (name, *names)}


def _basis_mark(text: str) -> tuple[str | None, str]:
    """(the basis a header's words name, the header without them)."""
    for basis, pattern in ((monthly.YTD, _YTD_MARK), (monthly.PERIOD, _MONTH_MARK)):
        found = pattern.search(text)
        if found:
            return basis, (text[: found.start()] + text[found.end() :]).strip(" -_/:：")
    return None, text


def _rewrite(cell, above) -> tuple[str | None, str | None]:
    """(the header as the columns name it, its basis) or (None, None) to leave it."""
    if cell.__class__ is not str:
        return None, None
    basis, rest = _basis_mark(normalise_text(cell))
    if basis is None:
        return None, None
    if not rest.strip("()（） "):
        rest = above or ""  # 本月 on a second line, under its figure
    base, unit = split_header(rest)
    base = base.strip("()（） ")
    if header_key(base) not in _FIGURE_KEYS:
        return None, None
    return f"{base}{SUFFIX[basis]}" + (f"({unit})" if unit else ""), basis


def prepare_headers(rows: list) -> tuple[list, dict[int, str]]:
    """The rows with their header cells named as the columns name them: a basis word
    moved after the figure, a second line's 本月 joined to its figure. When no header
    names a basis, the plain figure headers are read as 累计 and returned (index →
    text): each row's period must then run from January."""
    rows = list(rows)
    marked = False
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        row = list(rows[r])
        upper = list(rows[r - 1]) if r > 0 else []
        group, changed = "", False
        for i, cell in enumerate(row):
            above = upper[i] if i < len(upper) else None
            if above.__class__ is str and above.strip():
                group = normalise_text(above)
            text, _basis = _rewrite(cell, group)
            if text is not None:
                row[i], changed = text, True
        if changed:
            rows[r], marked = row, True
    plain: dict[int, str] = {}
    if marked:
        return rows, plain
    for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
        row = list(rows[r])
        for i, cell in enumerate(row):
            if cell.__class__ is not str:
                continue
            base, unit = split_header(cell)
            if header_key(base) in _FIGURE_KEYS:
                plain[i] = normalise_text(cell)
                row[i] = f"{base}{YTD_WORD}" + (f"({unit})" if unit else "")
        if plain:
            rows[r] = row
            break
    return rows, plain


def parse_month_option(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    match = re.fullmatch(r"\s*((?:19|20)\d\d)\s*[-./年]\s*(\d{1,2})\s*月?\s*", str(text))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"--month {text!r}: write the month as 2019-03")
    return int(match[1]), int(match[2])


def _limits():
    fields = {f.name: f for f in MonthlyReturn._meta.get_fields()}
    found = {}
    for name in monthly.FIGURES:
        limit = field_limit(fields[name])
        if limit is not None:
            found[f"{name}_{monthly.PERIOD}"] = found[f"{name}_{monthly.YTD}"] = limit
    return found


@collector_paused()
def import_monthly(
    path,
    *,
    park: Park,
    user=None,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    month: str | None = None,
    overrides: dict | None = None,
    progress=None,
    job: int | None = None,
) -> ImportReport:
    report = ImportReport()
    reason = source_reason(IMPORT, job)
    try:
        given_month = parse_month_option(month)
    except ValueError:
        report.unusable = "bad_month"
        violation = Violation("period", "not_a_period", {"value": month})
        report.add_violation(1, "", "", violation, MonthlyReturn)
        return report
    report.sheet, raw = read_table(Path(path), sheet)
    rows, plain = prepare_headers(raw)
    given = {"period": month} if given_month else None
    table = parsed_table(
        rows, MONTHLY_COLUMNS, report, MonthlyReturn, overrides, given, limits=_limits()
    )
    if table is None:
        return report
    mapped = [col.field for col, _unit in table.mapping.columns.values()]
    has_period = "period" in mapped
    if not has_period and given_month is None:
        violation = Violation("period", "no_period")
        report.unusable = "no_period"
        report.add_violation(table.mapping.header_row, "", "", violation, MonthlyReturn)
        return report
    # the park's enterprises: credit code → id, name → id
    known = list(
        Enterprise.objects.unscoped(SYSTEM_WORK).filter(park=park).values_list("id", "name", "uscc")
    )
    by_uscc = {code: pk for pk, _n, code in known if code}
    by_name = {name: pk for pk, name, _c in known}
    names = {pk: name for pk, name, _c in known}
    accepted = []  # (row number, enterprise id, year, Filed, label)
    seen: dict[tuple, int] = {}
    for row in report.track(table.rows, progress):
        first_error = len(report.errors)
        for problem in row.problems:
            report.add_problem(problem, MonthlyReturn)
        values = row.values
        code = uscc.compact(values.get("uscc") or "")
        name = (values.get("name") or "").strip()
        enterprise = by_uscc.get(code) if code else by_name.get(name)
        fail = _failing(report, table.mapping, row.number)
        if enterprise is None:
            field = "uscc" if code else "name"
            if code or name:
                fail(Violation(field, "unknown_reference", {"value": code or name}))
            else:
                fail(Violation("name", "required"))
        period = _row_period(values.get("period"), given_month, fail)
        shown_period = values.get("period") or month
        # the row's basis: the kind of figure columns it fills (本月 or 累计, not both)
        filled = [b for b in BASES if any(values.get(f"{n}_{b}") is not None for n in FIGS)]
        basis = filled[0] if len(filled) == 1 else None
        if len(filled) > 1:
            fail(Violation("", "row_mixed_bases"))
        elif not filled:
            fail(Violation("", "no_figures"))
        if period is not None:
            year, start, end, says_ytd = period
            if plain and not (says_ytd or start == 1):
                columns = "、".join(plain.values())
                fail(Violation("period", "no_basis", {"value": shown_period, "columns": columns}))
            elif basis == monthly.PERIOD and says_ytd:
                fail(Violation("period", "period_says_ytd", {"value": shown_period}))
            if basis == monthly.YTD and start != end and not (start == 1 and end == 2):
                start = end  # 1–N月 on the year-to-date basis: the return for month N
        figures = {name: values.get(f"{name}_{basis}") for name in FIGS}
        label = f"{name or code}"
        if len(report.errors) > first_error or period is None or basis is None:
            report.rows.append(RowResult(row.number, "rejected", label))
            continue
        key = (enterprise, year, end)
        if key in seen:
            params = {"value": shown_period, "other_row": seen[key]}
            fail(Violation("period", "duplicate_in_file", params))
            report.rows.append(RowResult(row.number, "rejected", label))
            continue
        seen[key] = row.number
        filed = monthly.Filed(start, end, basis, monthly.STATISTICS, figures)
        accepted.append((row.number, enterprise, year, filed, f"{label} {year}-{end:02d}"))
    _check_and_write(report, table, accepted, names, user, reason, dry_run, skip_invalid)
    return report


def _failing(report, mapping, number):
    def fail(violation: Violation) -> None:
        row_violation(report, mapping, number, violation, MonthlyReturn)

    return fail


def _row_period(text, given_month, fail):
    """(year, start, end, says 累计) of a row, or None after reporting why."""
    if text in (None, ""):
        if given_month is None:
            fail(Violation("period", "no_period"))
            return None
        return given_month[0], given_month[1], given_month[1], False
    found = monthly.parse_period(text)
    if found is None:
        fail(Violation("period", "not_a_period", {"value": text}))
        return None
    year = found.year or (given_month[0] if given_month else None)
    if year is None:
        fail(Violation("period", "period_without_year", {"value": text}))
        return None
    if given_month and (year, found.period_end) != given_month:
        month = f"{given_month[0]}-{given_month[1]:02d}"
        fail(Violation("period", "differs_from_given", {"value": text, "given": month}))
        return None
    return year, found.period_start, found.period_end, found.ytd


def _on_column(violation: Violation, basis: str) -> Violation:
    """A figure's violation, on the file's column of that figure."""
    if violation.field in monthly.FIGURES:
        return Violation(f"{violation.field}_{basis}", violation.code, violation.params)
    return violation


def _check_and_write(report, table, accepted, names, user, reason, dry_run, skip_invalid):
    """Check each accepted row against the returns already filed (the year to date may
    not fall, the month must be over), then write all of them in one transaction."""
    pairs = {(e, y) for _n, e, y, _f, _l in accepted}
    values_of: dict[tuple, dict] = {}
    stored = returns_of(pairs, stored=values_of, more=("id", "version"))
    existing = {
        key[:3]: values for key, values in values_of.items() if key[3] == monthly.STATISTICS
    }
    by_pair: dict[tuple, list] = {}
    for item in accepted:
        by_pair.setdefault((item[1], item[2]), []).append(item)
    mixed = monthly.mixed_bases((e, f.basis, n) for n, e, _y, f, _l in accepted)
    now, on = timezone.now(), today()
    to_create, to_update, written, since, derived = [], [], {}, {}, {}
    for pair, items in by_pair.items():
        mine = {f.period_end for _n, _e, _y, f, _l in items}
        kept = [
            f
            for f in stored.get(pair, [])
            if not (f.source == monthly.STATISTICS and f.period_end in mine)
        ]
        # a row's own faults first (month not over, a negative figure): the rows left
        # are then checked against each other and the returns already filed
        own = {
            n: monthly.check_return(f, [], year=y, today=on, enterprise=names[e])
            for n, e, y, f, _l in items
        }
        rows = monthly.derive(kept + [f for n, _e, _y, f, _l in items if not own[n]])
        replaced: list[monthly.Filed] = []  # the rows written, new or changed
        for number, enterprise, year, filed, label in items:
            first_error = len(report.errors)
            found = own[number] or monthly.check_return(
                filed, rows, year=year, today=on, enterprise=names[enterprise]
            )
            found = [_on_column(v, filed.basis) for v in found]
            if enterprise in mixed:
                found.append(
                    Violation("period", "mixed_bases", {"value": names[enterprise], "rows": number})
                )
            for violation in found:
                row_violation(report, table.mapping, number, violation, MonthlyReturn)
            if len(report.errors) > first_error:
                report.rows.append(RowResult(number, "rejected", label))
                continue
            old = existing.get((enterprise, year, filed.period_end))
            if old is None:
                report.created += 1
                report.rows.append(RowResult(number, "created", label))
                to_create.append(
                    {
                        "enterprise_id": enterprise,
                        "year": year,
                        "period_start": filed.period_start,
                        "period_end": filed.period_end,
                        "basis": filed.basis,
                        "source": monthly.STATISTICS,
                        **filed.values,
                        "confirmed_jumps": [],
                        "note": "",
                        "filed_at": now,
                        "updated_at": now,
                    }
                )
            else:
                new = {"period_start": filed.period_start, "basis": filed.basis, **filed.values}
                changes = {k: [str(old[k]), str(v)] for k, v in new.items() if old[k] != v}
                if not changes:
                    report.unchanged += 1
                    report.rows.append(RowResult(number, "unchanged", label))
                    continue
                report.updated += 1
                report.rows.append(RowResult(number, "updated", label, changes))
                obj = MonthlyReturn(
                    id=old["id"],
                    enterprise_id=enterprise,
                    year=year,
                    source=monthly.STATISTICS,
                    period_end=filed.period_end,
                    version=old["version"] + 1,
                    filed_at=now,
                    updated_at=now,
                    **new,
                )
                to_update.append(obj)
            replaced.append(filed)
        if replaced:  # the pair's returns as they stand once the rows are written
            ends = {f.period_end for f in replaced}
            written[pair] = [
                f
                for f in stored.get(pair, [])
                if not (f.source == monthly.STATISTICS and f.period_end in ends)
            ] + replaced
            # a replaced return changes the row that covers its end, and those after
            since[pair] = min(r.period_end for r in rows if r.period_end >= min(ends))
            if len(written[pair]) == len(kept) + len(items):  # every row of it stands
                derived[pair] = rows
    update_fields = ("period_start", "basis", *monthly.FIGURES, "version", "filed_at", "updated_at")
    write_steps(
        report,
        [
            (MonthlyReturn, create_step(MonthlyReturn, to_create, user, reason)),
            (MonthlyReturn, update_step(MonthlyReturn, to_update, update_fields, user, reason)),
            (
                MonthlyFigure,
                lambda: refresh_figures(written, written, since=since, derived=derived),
            ),
        ],
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
