"""The demo park's economic indicators: its responsible units (the park's own bureaus,
not the district departments that supervise enterprises), the targets of 2019 and
2020 split by unit and by month, a few values entered by hand, and the 2020 plan's
key tasks drawn from the seed's five work streams, loaded from the ``indicator_*.csv``
and ``key_tasks.csv`` files through the indicator services.

The levels are a few percent above what the indicators measured the year before (the
above-size enterprises' monthly returns, whose Decembers are their yearly figures:
gross output 22.3亿 in 2018, 23.3亿 in 2019; 2020's, set in the epidemic, 3 %); the
growth of value added and of the district's taxes are growth-rate targets. A target's
months follow the past years' shape (services.default_months). What is already in the
database is left alone, so loading twice changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from parkbase.core.models import Park, User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import LoadResult
from parkbase.evaluation.models import Decision
from parkbase.indicators import selectors, services
from parkbase.indicators.choices import DISPLAY_UNITS, TargetKind
from parkbase.indicators.models import Indicator, KeyTask, ManualValue, ResponsibleUnit, Target
from parkbase.land.models import Parcel
from parkbase.projects.models import Project

KINDS = {"水平": TargetKind.LEVEL, "增速": TargetKind.GROWTH}


class IndicatorFileError(RuntimeError):
    pass


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _amount(indicator: Indicator, text: str, unit: str, where: str) -> Decimal:
    """A figure in ``unit`` (亿元, 万元, 个, %) in the indicator's stored unit."""
    factors = DISPLAY_UNITS.get(indicator.unit, {})
    if unit not in factors:
        raise IndicatorFileError(f"{where}: unit {unit!r} does not fit {indicator.code}")
    return Decimal(text) * factors[unit]


def load_indicators(data_dir: Path, park: Park) -> dict[str, LoadResult]:
    indicators = {i.code: i for i in Indicator.objects.unscoped(SYSTEM_WORK).filter(park=park)}

    def indicator(code: str, where: str) -> Indicator:
        if code not in indicators:
            raise IndicatorFileError(f"{where}: no indicator {code!r}")
        return indicators[code]

    return {
        "indicator_units": _units(data_dir / "indicator_units.csv", park),
        "indicator_targets": _targets(data_dir / "indicator_targets.csv", park, indicator),
        "indicator_values": _values(data_dir / "indicator_values.csv", indicator),
        "key_tasks": _tasks(data_dir / "key_tasks.csv", park, indicators),
    }


def _units(path: Path, park: Park) -> LoadResult:
    have = set(
        ResponsibleUnit.objects.unscoped(SYSTEM_WORK)
        .filter(park=park)
        .values_list("code", flat=True)
    )
    created = 0
    for rec in _records(path):
        if rec["代码"] in have:
            continue
        services.unit_create(
            park=park,
            code=rec["代码"],
            name=rec["名称"],
            name_en=rec["英文名称"],
            order=int(rec["顺序"]),
        )
        created += 1
    return LoadResult(created=created)


def _targets(path: Path, park: Park, indicator) -> LoadResult:
    units = {u.code: u for u in ResponsibleUnit.objects.unscoped(SYSTEM_WORK).filter(park=park)}
    created = 0
    for n, rec in enumerate(_records(path), start=2):
        where = f"{path.name} row {n}"
        target_of = indicator(rec["指标代码"], where)
        year = int(rec["年度"])
        if Target.objects.unscoped(SYSTEM_WORK).filter(indicator=target_of, year=year).exists():
            continue
        kind = KINDS[rec["类型"]]
        if kind == TargetKind.GROWTH:
            value, shares, months = Decimal(rec["目标值"]), [], None
        else:
            value = _amount(target_of, rec["目标值"], rec["单位"], where)
            shares = []
            for part in _list(rec["分解"]):
                code, amount = part.split(":")
                shares.append((units[code], _amount(target_of, amount, rec["单位"], where)))
            past = selectors.past_years_series(target_of, year)
            months = services.default_months(target_of, value, past)
        services.target_save(
            indicator=target_of,
            year=year,
            kind=kind,
            value=value,
            threshold=Decimal(rec["预警阈值(百分点)"]),
            note=rec["说明"],
            shares=shares,
            months=months,
        )
        created += 1
    return LoadResult(created=created)


def _values(path: Path, indicator) -> LoadResult:
    created = 0
    for n, rec in enumerate(_records(path), start=2):
        where = f"{path.name} row {n}"
        valued = indicator(rec["指标代码"], where)
        year, month = int(rec["年度"]), int(rec["截至月份"])
        rows = ManualValue.objects.unscoped(SYSTEM_WORK)
        if rows.filter(indicator=valued, year=year, period_end=month).exists():
            continue
        services.manual_value_save(
            indicator=valued,
            year=year,
            period_end=month,
            value=_amount(valued, rec["数值"], rec["单位"], where),
            source=rec["来源"],
            note=rec["说明"],
        )
        created += 1
    return LoadResult(created=created)


def _milestones(text: str) -> list[dict]:
    """``what:due:done;…`` (the decisions' file writes them the same way)."""
    steps = []
    for part in _list(text):
        what, due, done = (part.split(":") + ["", ""])[:3]
        steps.append({"what": what, "due": due or None, "done": done or None})
    return steps


def _tasks(path: Path, park: Park, indicators: dict) -> LoadResult:
    have = set(KeyTask.objects.unscoped(SYSTEM_WORK).filter(park=park).values_list("title"))
    units = {u.code: u for u in ResponsibleUnit.objects.unscoped(SYSTEM_WORK).filter(park=park)}
    projects = Project.objects.unscoped(SYSTEM_WORK).filter(park=park)
    parcels = Parcel.objects.unscoped(SYSTEM_WORK).filter(park=park)
    decisions = Decision.objects.unscoped(SYSTEM_WORK).filter(enterprise__park=park)
    created = 0
    for n, rec in enumerate(_records(path), start=2):
        if (rec["标题"],) in have:
            continue
        where = f"{path.name} row {n}"
        links = {
            "projects": [projects.get(name=name) for name in _list(rec["项目"])],
            "parcels": [parcels.get(code=code) for code in _list(rec["宗地"])],
            "decisions": [decisions.get(enterprise__name=name) for name in _list(rec["企业决策"])],
            "indicators": [indicators[code] for code in _list(rec["指标"])],
        }
        owner = User.objects.unscoped(SYSTEM_WORK).filter(username=rec["负责人"]).first()
        if rec["负责人"] and owner is None:
            raise IndicatorFileError(f"{where}: no user {rec['负责人']!r}")
        services.key_task_create(
            park=park,
            year=int(rec["年度"]),
            title=rec["标题"],
            stream=rec["工作线"],
            description=rec["说明"],
            owner=owner,
            unit=units[rec["责任单位"]] if rec["责任单位"] else None,
            deadline=dt.date.fromisoformat(rec["截止日期"]),
            status=rec["状态"],
            done_on=dt.date.fromisoformat(rec["完成日期"]) if rec["完成日期"] else None,
            milestones=_milestones(rec["里程碑"]),
            **links,
        )
        created += 1
    return LoadResult(created=created)
