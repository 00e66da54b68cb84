"""The park's pipeline: its ordered stages with their gates, and its rules (landed,
lead deadlines, stalls). A park gets the default pipeline the first time it needs one."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from parkbase.core.rules import required_text
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.violations import Violation
from parkbase.core.write import delete, locked, refuse, save, save_edit
from parkbase.projects.models import Pipeline, Project, Stage

DEFAULT_PIPELINE = Path(__file__).resolve().parent.parent / "data" / "pipeline.yaml"
RULE_FIELDS = (
    "answer_days",
    "screen_days",
    "feedback_days",
    "progress_days",
    "talk_after_days",
    "drop_after_days",
)
# fields a gate may require: the project's own data fields
NOT_GATEABLE = {"id", "park", "stage", "status", "stage_since", "landed_on", "version"}


def gateable_fields() -> list[str]:
    fields = []
    for field in Project._meta.get_fields():
        usable = field.concrete and not field.many_to_many and not field.auto_created
        if usable and field.editable and field.name not in NOT_GATEABLE:
            fields.append(field.name)
    return fields


def date_fields() -> list[str]:
    return [n for n in gateable_fields() if n.endswith("_on")]


def default_definition(path: Path = DEFAULT_PIPELINE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@transaction.atomic
def pipeline_ensure(park, user=None, path: Path = DEFAULT_PIPELINE) -> Pipeline:
    """The park's pipeline, created with the default stages and rules if missing."""
    existing = Pipeline.objects.unscoped(RULE_CHECK).filter(park=park).first()
    if existing is not None:
        return existing
    definition = default_definition(path)
    if not Stage.objects.unscoped(RULE_CHECK).filter(park=park).exists():
        for order, stage in enumerate(definition["stages"], start=1):
            save(
                Stage(
                    park=park,
                    code=stage["code"],
                    name=stage["name"],
                    name_en=stage.get("name_en", ""),
                    order=order,
                    required_fields=list(stage.get("required", [])),
                ),
                user,
            )
    pipeline = Pipeline(
        park=park,
        landed_rule=list(definition["landed_rule"]),
        **{k: definition[k] for k in RULE_FIELDS if k in definition},
    )
    save(pipeline, user)
    return pipeline


def stages_of(park) -> list[Stage]:
    pipeline_ensure(park)
    return list(Stage.objects.unscoped(RULE_CHECK).filter(park=park).order_by("order"))


def _unknown_fields(names, field: str) -> list[Violation]:
    known = set(gateable_fields())
    if not isinstance(names, list | tuple):
        return [Violation(field, "not_a_list", {"value": names})]
    return [
        Violation(field, "unknown_project_field", {"value": n}) for n in names if n not in known
    ]


def stage_save(*, park, user=None, stage: Stage | None = None, **values) -> Stage:
    """Add a stage or change one (name, order, gate)."""
    problems = required_text(values, "code", "name")
    problems += _unknown_fields(values.get("required_fields", []), "required_fields")
    code = (values.get("code") or "").strip()
    clash = Stage.objects.unscoped(RULE_CHECK).filter(park=park, code=code)
    if stage is not None:
        clash = clash.exclude(pk=stage.pk)
    if code and clash.exists():
        problems.append(Violation("code", "duplicate_name", {"value": code}))
    refuse(problems, Stage)
    stage = stage or Stage(park=park)
    stage.code, stage.name = code, values["name"].strip()
    stage.name_en = (values.get("name_en") or "").strip()
    stage.required_fields = list(values.get("required_fields", []))
    if values.get("order") is not None:
        stage.order = values["order"]
    elif stage.order is None:
        last = Stage.objects.unscoped(RULE_CHECK).filter(park=park).order_by("-order").first()
        stage.order = (last.order + 1) if last else 1
    save(stage, user)
    return stage


def stage_delete(*, stage: Stage, user=None) -> None:
    used = Project.objects.unscoped(RULE_CHECK).filter(stage=stage).count()
    if used:
        refuse([Violation("stage", "stage_in_use", {"value": stage.name, "count": used})], Stage)
    delete(stage, user)


def pipeline_update(*, pipeline: Pipeline, expected_version, user=None, **values) -> Pipeline:
    with transaction.atomic():
        current = locked(Pipeline, pipeline.pk, expected_version)
        problems = []
        if "landed_rule" in values:
            rule = values["landed_rule"]
            problems += _unknown_fields(rule, "landed_rule")
            if not problems and not [n for n in rule if n.endswith("_on")]:
                problems.append(Violation("landed_rule", "required"))
        for name in RULE_FIELDS:
            value = values.get(name)
            if name in values and (not isinstance(value, int) or value < 1):
                problems.append(Violation(name, "positive", {"value": value}))
        talk = values.get("talk_after_days", current.talk_after_days)
        drop = values.get("drop_after_days", current.drop_after_days)
        if isinstance(talk, int) and isinstance(drop, int) and drop <= talk:
            problems.append(
                Violation(
                    "drop_after_days",
                    "exceeds_needed",
                    {"value": drop, "other": "talk_after_days", "other_value": talk},
                )
            )
        refuse(problems, Pipeline)
        for name, value in values.items():
            setattr(current, name, value)
        save_edit(current, user)
    return current
