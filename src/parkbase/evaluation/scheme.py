"""An evaluation scheme as plain data: what the engine scores and how it classes.

No Django here. A scheme is read from a dict (the documented JSON/YAML file, or the
pages' forms) by ``scheme_from_dict``, checked by ``validate_scheme`` (a list of
Violations, each naming the place in the file, e.g. ``groups[1].indicators[0].weight``),
and written back by ``scheme_to_dict``. See docs/evaluation-scheme.md for the format.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field

from parkbase.core.violations import Violation

METHODS = ("benchmark", "minmax", "lower")
BENCHMARK_KINDS = ("value", "mean", "median")
BENCHMARK_BASES = ("previous", "current")
MISSING_RULES = ("zero", "average")
SHARED_PARCEL_RULES = ("none", "inherit", "merge")
TIE_RULES = ("better", "worse")
OPERATORS = (
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "in",
    "not_in",
    "true",
    "false",
    "missing",
    "present",
)
VALUELESS_OPERATORS = ("true", "false", "missing", "present")
DEFAULT_CLASSES = (("A", 0.20), ("B", 0.60), ("C", 0.95), ("D", 1.00))
WEIGHT_TOTAL = 100.0


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: object = None


@dataclass(frozen=True)
class Benchmark:
    """A number (``value``), or ``factor`` × the mean or median of the group's values
    for the indicator, in the previous year's run or the current one."""

    kind: str = "value"
    value: float | None = None
    factor: float = 1.0
    basis: str = "previous"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # in Chinese, the primary language; ``name_en`` the English one, if written
    numerator: str
    denominator: str | None = None
    scale: float = 1.0  # turns numerator/denominator in canonical units into ``unit``
    unit: str = ""
    method: str = "benchmark"
    weight: float = 0.0
    higher_is_better: bool = True
    cap: float | None = None  # the most an indicator may score, as a multiple of its weight
    benchmark: Benchmark | None = None
    source: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class ClassCut:
    """Class ``name`` holds the graded firms ranked within the top ``upto`` share."""

    name: str
    upto: float


@dataclass(frozen=True)
class PeerGroup:
    code: str
    name: str
    when: tuple[Condition, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    classes: tuple[ClassCut, ...] = ()  # empty: the scheme's classes
    name_en: str = ""


@dataclass(frozen=True)
class Rule:
    """A named condition: an adjustment (``points``), a forced class or an ungraded rule."""

    code: str
    name: str
    when: tuple[Condition, ...] = ()
    points: float = 0.0
    klass: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Scheme:
    name: str
    year: int
    groups: tuple[PeerGroup, ...]
    classes: tuple[ClassCut, ...] = tuple(ClassCut(n, u) for n, u in DEFAULT_CLASSES)
    missing: str = "zero"
    adjustments: tuple[Rule, ...] = ()
    forced: tuple[Rule, ...] = ()
    ungraded: tuple[Rule, ...] = ()
    shared_parcel: str = "none"
    ties: str = "better"
    description: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)
    name_en: str = ""

    def classes_of(self, group: PeerGroup) -> tuple[ClassCut, ...]:
        return group.classes or self.classes

    def class_names(self) -> list[str]:
        names = [c.name for c in self.classes]
        for group in self.groups:
            names += [c.name for c in group.classes if c.name not in names]
        for rule in self.forced:
            if rule.klass and rule.klass not in names:
                names.append(rule.klass)
        return names


# --- reading and writing ------------------------------------------------------------


class SchemeFormatError(ValueError):
    """The file is not shaped like a scheme: ``violations`` say where."""

    def __init__(self, violations: list[Violation]):
        super().__init__("; ".join(f"{v.field}: {v.code}" for v in violations))
        self.violations = violations


def _mappings(items, path: str, problems: list[Violation]) -> list[tuple[str, Mapping]]:
    """The items of a list of the file, each with its path (``when[2]``); a missing list
    has none. Anything else than a list, or an item that is not a mapping, is reported."""
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(Violation(path, "not_a_list_of", {"value": type(items).__name__}))
        return []
    found = []
    for i, item in enumerate(items):
        if isinstance(item, Mapping):
            found.append((f"{path}[{i}]", item))
        else:
            problems.append(Violation(f"{path}[{i}]", "not_a_mapping", {}))
    return found


def _conditions(items, path: str, problems: list[Violation]) -> tuple[Condition, ...]:
    return tuple(
        Condition(str(item.get("field", "")), str(item.get("op", "")), item.get("value"))
        for _, item in _mappings(items, path, problems)
    )


def _classes(items, path: str, problems: list[Violation]) -> tuple[ClassCut, ...]:
    return tuple(
        ClassCut(str(item.get("name", "")), _number(item.get("upto")))
        for _, item in _mappings(items, path, problems)
    )


def _text(value) -> str:
    """An optional text of the file (an English name): empty when not given."""
    return "" if value is None else str(value).strip()


def _number(value, default=math.nan):
    if value is None:
        return default
    if isinstance(value, bool):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _benchmark(item, path, problems) -> Benchmark | None:
    if item is None:
        return None
    if not isinstance(item, Mapping):
        problems.append(Violation(path, "not_a_mapping", {}))
        return None
    return Benchmark(
        kind=str(item.get("kind", "value")),
        value=None if item.get("value") is None else _number(item.get("value")),
        factor=_number(item.get("factor"), 1.0),
        basis=str(item.get("basis", "previous")),
    )


def _indicator(item: Mapping, path, problems) -> Indicator:
    for key in ("code", "name", "name_en", "numerator", "denominator", "unit", "method"):
        if item.get(key) is not None and not isinstance(item.get(key), str):
            problems.append(Violation(f"{path}.{key}", "not_text", {"value": item.get(key)}))
    cap = item.get("cap")
    denominator = item.get("denominator")
    return Indicator(
        code=str(item.get("code", "")),
        name=str(item.get("name", "")),
        numerator=str(item.get("numerator", "")),
        denominator=str(denominator) if denominator else None,
        scale=_number(item.get("scale"), 1.0),
        unit=str(item.get("unit", "")),
        method=str(item.get("method", "benchmark")),
        weight=_number(item.get("weight")),
        higher_is_better=bool(item.get("higher_is_better", True)),
        cap=None if cap is None else _number(cap),
        benchmark=_benchmark(item.get("benchmark"), f"{path}.benchmark", problems),
        source=str(item.get("source", "")),
        name_en=_text(item.get("name_en")),
    )


def _rules(items, path, problems) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            code=str(item.get("code", "")),
            name=str(item.get("name", "")),
            when=_conditions(item.get("when"), f"{at}.when", problems),
            points=_number(item.get("points"), 0.0),
            klass=str(item.get("class", "")),
            name_en=_text(item.get("name_en")),
        )
        for at, item in _mappings(items, path, problems)
    )


def scheme_from_dict(data) -> Scheme:
    """Build a Scheme from the documented file format; SchemeFormatError if its shape is
    wrong (a list where a mapping belongs…). Values are checked by validate_scheme."""
    problems: list[Violation] = []
    if not isinstance(data, Mapping):
        raise SchemeFormatError([Violation("scheme", "not_a_mapping", {})])
    groups = []
    for path, item in _mappings(data.get("groups"), "groups", problems):
        indicators = _mappings(item.get("indicators"), f"{path}.indicators", problems)
        groups.append(
            PeerGroup(
                code=str(item.get("code", "")),
                name=str(item.get("name", "")),
                when=_conditions(item.get("when"), f"{path}.when", problems),
                indicators=tuple(_indicator(ind, at, problems) for at, ind in indicators),
                classes=_classes(item.get("classes"), f"{path}.classes", problems),
                name_en=_text(item.get("name_en")),
            )
        )
    classes = _classes(data.get("classes"), "classes", problems)
    year = _number(data.get("year"), 0.0)
    sources = data.get("sources") or ()
    scheme = Scheme(
        name=str(data.get("name", "")),
        year=int(year) if year.is_integer() else 0,
        groups=tuple(groups),
        classes=classes or Scheme.__dataclass_fields__["classes"].default,
        missing=str(data.get("missing", "zero")),
        adjustments=_rules(data.get("adjustments"), "adjustments", problems),
        forced=_rules(data.get("forced"), "forced", problems),
        ungraded=_rules(data.get("ungraded"), "ungraded", problems),
        shared_parcel=str(data.get("shared_parcel", "none")),
        ties=str(data.get("ties", "better")),
        description=str(data.get("description", "")),
        sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
        name_en=_text(data.get("name_en")),
    )
    if problems:
        raise SchemeFormatError(problems)
    return scheme


def _drop_defaults(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", (), [])}


def scheme_to_dict(scheme: Scheme) -> dict:
    """The documented file format; ``scheme_from_dict(scheme_to_dict(s)) == s``."""

    def conditions(items):
        return [_drop_defaults(asdict(c)) for c in items]

    def classes(items):
        return [{"name": c.name, "upto": c.upto} for c in items]

    def indicator(i: Indicator):
        out = {
            "code": i.code,
            "name": i.name,
            "name_en": i.name_en,
            "numerator": i.numerator,
            "denominator": i.denominator,
            "scale": i.scale,
            "unit": i.unit,
            "method": i.method,
            "weight": i.weight,
            "higher_is_better": i.higher_is_better,
            "cap": i.cap,
            "benchmark": asdict(i.benchmark) if i.benchmark else None,
            "source": i.source,
        }
        return {k: v for k, v in out.items() if v is not None and v != ""}

    def rules(items, with_points=False, with_class=False):
        out = []
        for r in items:
            item = {"code": r.code, "name": r.name}
            if r.name_en:
                item["name_en"] = r.name_en
            item["when"] = conditions(r.when)
            if with_points:
                item["points"] = r.points
            if with_class:
                item["class"] = r.klass
            out.append(item)
        return out

    data = {
        "name": scheme.name,
        "name_en": scheme.name_en,
        "year": scheme.year,
        "description": scheme.description,
        "sources": list(scheme.sources),
        "missing": scheme.missing,
        "shared_parcel": scheme.shared_parcel,
        "ties": scheme.ties,
        "classes": classes(scheme.classes),
        "groups": [
            _drop_defaults(
                {
                    "code": g.code,
                    "name": g.name,
                    "name_en": g.name_en,
                    "when": conditions(g.when),
                    "indicators": [indicator(i) for i in g.indicators],
                    "classes": classes(g.classes),
                }
            )
            for g in scheme.groups
        ],
        "adjustments": rules(scheme.adjustments, with_points=True),
        "forced": rules(scheme.forced, with_class=True),
        "ungraded": rules(scheme.ungraded),
    }
    return {k: v for k, v in data.items() if v not in ("", [])} | {"groups": data["groups"]}


# --- validation ---------------------------------------------------------------------


ORDERING_OPERATORS = ("lt", "le", "gt", "ge")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_value_kind(c: Condition, kind: str | None, where: str, problems) -> None:
    """A condition's value must fit its field: numbers for figures, text for codes,
    true/false for flags (``kind`` as ``field_kinds`` gives it; None: not checked)."""
    values = c.value if c.op in ("in", "not_in") and isinstance(c.value, list) else [c.value]
    if c.op in VALUELESS_OPERATORS or kind is None:
        return
    if kind == "flag":
        problems.append(Violation(f"{where}.op", "flag_operator", {"value": c.op}))
    elif kind == "text" and c.op in ORDERING_OPERATORS:
        problems.append(Violation(f"{where}.op", "text_operator", {"value": c.op}))
    elif kind == "text" and not all(isinstance(v, str) for v in values):
        problems.append(Violation(f"{where}.value", "not_text", {"value": c.value}))
    elif kind == "number" and not all(_is_number(v) for v in values):
        problems.append(Violation(f"{where}.value", "not_a_number", {"value": c.value}))


def _check_conditions(conditions, path, fields, problems):
    kinds = fields if isinstance(fields, Mapping) else {}
    for i, c in enumerate(conditions):
        where = f"{path}[{i}]"
        if c.field not in fields:
            problems.append(Violation(f"{where}.field", "unknown_field", {"value": c.field}))
        elif c.op in OPERATORS:
            _check_value_kind(c, kinds.get(c.field), where, problems)
        if c.op not in OPERATORS:
            problems.append(
                Violation(f"{where}.op", "unknown_operator", {"value": c.op, "choices": OPERATORS})
            )
        elif c.op in ("in", "not_in") and not isinstance(c.value, list):
            problems.append(Violation(f"{where}.value", "not_a_list_of", {"value": c.value}))
        elif c.op in ("lt", "le", "gt", "ge") and math.isnan(_number(c.value)):
            problems.append(Violation(f"{where}.value", "not_a_number", {"value": c.value}))
        elif c.op not in VALUELESS_OPERATORS and c.op not in ("in", "not_in") and c.value is None:
            problems.append(Violation(f"{where}.value", "required", {}))


def _check_classes(classes, path, problems):
    if not classes:
        problems.append(Violation(path, "required", {}))
        return
    previous = 0.0
    names = set()
    for i, cut in enumerate(classes):
        where = f"{path}[{i}]"
        if not cut.name:
            problems.append(Violation(f"{where}.name", "required", {}))
        elif cut.name in names:
            problems.append(Violation(f"{where}.name", "duplicate_name", {"value": cut.name}))
        names.add(cut.name)
        if math.isnan(cut.upto) or not 0 < cut.upto <= 1:
            problems.append(Violation(f"{where}.upto", "share_range", {"value": cut.upto}))
        elif cut.upto <= previous:
            problems.append(
                Violation(f"{where}.upto", "cutoffs_order", {"value": cut.upto, "other": previous})
            )
        else:
            previous = cut.upto
    if previous and abs(classes[-1].upto - 1.0) > 1e-9:
        problems.append(
            Violation(
                f"{path}[{len(classes) - 1}].upto", "last_cutoff", {"value": classes[-1].upto}
            )
        )


def _check_indicator(ind: Indicator, path, fields, problems):
    if not ind.code:
        problems.append(Violation(f"{path}.code", "required", {}))
    if ind.numerator not in fields:
        problems.append(Violation(f"{path}.numerator", "unknown_field", {"value": ind.numerator}))
    if ind.denominator is not None and ind.denominator not in fields:
        problems.append(
            Violation(f"{path}.denominator", "unknown_field", {"value": ind.denominator})
        )
    if ind.method not in METHODS:
        problems.append(
            Violation(f"{path}.method", "unknown_choice", {"value": ind.method, "choices": METHODS})
        )
    if math.isnan(ind.weight) or ind.weight < 0:
        problems.append(Violation(f"{path}.weight", "negative_weight", {"value": ind.weight}))
    if math.isnan(ind.scale) or ind.scale <= 0:
        problems.append(Violation(f"{path}.scale", "positive", {"value": ind.scale}))
    if ind.cap is not None and (math.isnan(ind.cap) or ind.cap <= 0):
        problems.append(Violation(f"{path}.cap", "positive", {"value": ind.cap}))
    if (ind.method == "lower" and ind.higher_is_better) or (
        ind.method == "benchmark" and not ind.higher_is_better
    ):
        problems.append(
            Violation(f"{path}.higher_is_better", "method_direction", {"value": ind.method})
        )
    if ind.method == "minmax":
        return
    b = ind.benchmark
    if b is None:
        problems.append(Violation(f"{path}.benchmark", "required", {}))
        return
    if b.kind not in BENCHMARK_KINDS:
        problems.append(
            Violation(
                f"{path}.benchmark.kind",
                "unknown_choice",
                {"value": b.kind, "choices": BENCHMARK_KINDS},
            )
        )
    elif b.kind == "value" and (b.value is None or math.isnan(b.value) or b.value <= 0):
        problems.append(Violation(f"{path}.benchmark.value", "positive", {"value": b.value}))
    if b.basis not in BENCHMARK_BASES:
        problems.append(
            Violation(
                f"{path}.benchmark.basis",
                "unknown_choice",
                {"value": b.basis, "choices": BENCHMARK_BASES},
            )
        )
    if math.isnan(b.factor) or b.factor <= 0:
        problems.append(Violation(f"{path}.benchmark.factor", "positive", {"value": b.factor}))


def validate_scheme(scheme: Scheme, fields: Collection[str]) -> list[Violation]:
    """Every problem of the scheme, each naming its place; ``fields`` are the names a
    condition or an indicator may use, or a mapping of them to their kind ("number",
    "flag", "text") so that condition values are checked against it."""
    problems: list[Violation] = []
    if not scheme.name:
        problems.append(Violation("name", "required", {}))
    if not 1949 <= scheme.year <= 2100:
        problems.append(
            Violation("year", "year_range", {"value": scheme.year, "min": 1949, "max": 2100})
        )
    if scheme.missing not in MISSING_RULES:
        problems.append(
            Violation(
                "missing", "unknown_choice", {"value": scheme.missing, "choices": MISSING_RULES}
            )
        )
    if scheme.shared_parcel not in SHARED_PARCEL_RULES:
        problems.append(
            Violation(
                "shared_parcel",
                "unknown_choice",
                {"value": scheme.shared_parcel, "choices": SHARED_PARCEL_RULES},
            )
        )
    if scheme.ties not in TIE_RULES:
        problems.append(
            Violation("ties", "unknown_choice", {"value": scheme.ties, "choices": TIE_RULES})
        )
    _check_classes(scheme.classes, "classes", problems)
    if not scheme.groups:
        problems.append(Violation("groups", "required", {}))
    group_codes: set[str] = set()
    for g, group in enumerate(scheme.groups):
        path = f"groups[{g}]"
        if not group.code:
            problems.append(Violation(f"{path}.code", "required", {}))
        elif group.code in group_codes:
            problems.append(Violation(f"{path}.code", "duplicate_name", {"value": group.code}))
        group_codes.add(group.code)
        _check_conditions(group.when, f"{path}.when", fields, problems)
        if group.classes:
            _check_classes(group.classes, f"{path}.classes", problems)
        if not group.indicators:
            problems.append(Violation(f"{path}.indicators", "required", {}))
            continue
        codes: set[str] = set()
        for i, ind in enumerate(group.indicators):
            _check_indicator(ind, f"{path}.indicators[{i}]", fields, problems)
            if ind.code in codes:
                problems.append(
                    Violation(f"{path}.indicators[{i}].code", "duplicate_name", {"value": ind.code})
                )
            codes.add(ind.code)
        total = sum(i.weight for i in group.indicators if not math.isnan(i.weight))
        if abs(total - WEIGHT_TOTAL) > 1e-6:
            problems.append(
                Violation(f"{path}.indicators", "weights_total", {"value": round(total, 6)})
            )
    for kind in ("adjustments", "forced", "ungraded"):
        rule_codes: set[str] = set()
        for r, rule in enumerate(getattr(scheme, kind)):
            path = f"{kind}[{r}]"
            if not rule.code:
                problems.append(Violation(f"{path}.code", "required", {}))
            elif rule.code in rule_codes:
                problems.append(Violation(f"{path}.code", "duplicate_name", {"value": rule.code}))
            rule_codes.add(rule.code)
            if not rule.when:
                problems.append(Violation(f"{path}.when", "required", {}))
            _check_conditions(rule.when, f"{path}.when", fields, problems)
            if kind == "adjustments" and (math.isnan(rule.points) or rule.points == 0):
                problems.append(Violation(f"{path}.points", "nonzero", {"value": rule.points}))
    known_classes = {c.name for c in scheme.classes}
    for group in scheme.groups:
        known_classes |= {c.name for c in group.classes}
    for r, rule in enumerate(scheme.forced):
        if rule.klass not in known_classes:
            problems.append(
                Violation(
                    f"forced[{r}].class",
                    "unknown_choice",
                    {"value": rule.klass, "choices": sorted(known_classes)},
                )
            )
    return problems
