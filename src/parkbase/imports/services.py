"""What every import shares: the report, and turning engine problems into messages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from parkbase.core.messages import render_both
from parkbase.core.violations import Violation
from parkbase.imports.engine import Problem


@dataclass
class RowResult:
    row: int
    action: str  # created | updated | unchanged | rejected
    key: str
    changes: dict = field(default_factory=dict)  # field → [old, new]


@dataclass
class ImportReport:
    sheet: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    written: bool = False
    errors: list[dict] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    skipped_rows: list[dict] = field(default_factory=list)
    unusable: str = ""

    def add_problem(self, problem: Problem, model=None) -> None:
        violation = Violation(problem.field, problem.code, {"value": _shown(problem.value)})
        self.add_violation(problem.row, problem.column, problem.header, violation, model)

    def add_violation(self, row: int, column: str, header: str, violation: Violation, model=None):
        params = {
            k: _shown(v) if k in ("value", "other_value") else v
            for k, v in violation.params.items()
        }
        messages = render_both(Violation(violation.field, violation.code, params), model)
        where_zh = f"工作表 {self.sheet} 第{row}行" + (
            f"，{column}列（{header}）" if column else ""
        )
        where_en = f"Sheet {self.sheet}, row {row}" + (
            f", column {column} ({header})" if column else ""
        )
        self.errors.append(
            {
                "sheet": self.sheet,
                "row": row,
                "column": column,
                "header": header,
                "field": violation.field,
                "value": params.get("value", ""),
                "code": violation.code,
                "message": f"{where_zh}：{messages['zh']}",
                "message_en": f"{where_en}: {messages['en']}",
            }
        )

    @property
    def rejected_rows(self) -> set[int]:
        return {e["row"] for e in self.errors}

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": [
                {k: e[k] for k in ("sheet", "row", "column", "value", "code", "message")}
                | {"message_en": e["message_en"]}
                for e in self.errors
            ],
            "rows": [asdict(r) for r in self.rows],
        }


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
