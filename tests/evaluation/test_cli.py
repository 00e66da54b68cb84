"""``parkbase evaluate``: dry run, stored runs, JSON shape, scheme files."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from parkbase.evaluation.models import Result, Run, Scheme
from tests.evaluation.conftest import simple_definition

KEYS = {
    "uscc",
    "name",
    "group",
    "indicators",
    "scores",
    "total",
    "rank",
    "percentile",
    "class",
    "reasons",
}


def evaluate(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("evaluate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def scheme_file(tmp_path):
    path = tmp_path / "scheme.yaml"
    path.write_text(yaml.safe_dump(simple_definition(), allow_unicode=True), "utf-8")
    return path


def test_dry_run_json_has_the_documented_shape_and_stores_nothing(figures, scheme_file):
    out, _ = evaluate(
        "--park", "a", "--year", "2019", "--scheme-file", str(scheme_file), "--dry-run", "--json"
    )
    rows = {r["uscc"]: r for r in json.loads(out)}
    assert len(rows) == 4 and all(set(r) == KEYS for r in rows.values())
    first, last = (rows[figures.enterprises[i].uscc] for i in (0, 3))
    assert first["class"] == "A" and first["rank"] == 1 and first["percentile"] == 0.25
    assert first["indicators"]["tax_per_mu"] == pytest.approx(13.333333, abs=1e-5)
    assert last["reasons"][0]["code"] == "below_benchmark"
    assert last["reasons"][0]["message"]
    assert "benchmark" in last["reasons"][0]["message_en"]
    assert not Run.objects.exists() and not Scheme.objects.exists()


def test_a_run_is_stored_and_the_scheme_saved_once(figures, scheme_file):
    for _ in range(2):
        evaluate("--park", "a", "--year", "2019", "--scheme-file", str(scheme_file))
    assert Scheme.objects.count() == 1
    assert Run.objects.count() == 2
    assert Result.objects.filter(run=Run.objects.first()).count() == 4
    out, _ = evaluate("--park", "a", "--year", "2019", "--scheme", "测试方案", "--dry-run")
    assert figures.enterprises[0].name in out


def test_ungraded_class_is_null_in_json(figures):
    young = figures.enterprises[1]
    young.founded_on = dt.date(2018, 3, 1)
    young.save()
    out, _ = evaluate("--park", "a", "--year", "2019", "--dry-run", "--json")
    rows = {r["uscc"]: r for r in json.loads(out)}  # the default scheme
    assert rows[young.uscc]["class"] is None and rows[young.uscc]["rank"] is None
    assert rows[young.uscc]["reasons"][-1]["code"] == "ungraded"
    assert rows[young.uscc]["total"] is not None  # evaluated, not graded
    assert all(r["class"] for u, r in rows.items() if u != young.uscc)


def test_an_invalid_scheme_file_exits_1_naming_the_place(figures, tmp_path):
    broken = simple_definition()
    broken["groups"][0]["indicators"][0]["method"] = "ratio"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), "utf-8")
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(
            "evaluate",
            "--park",
            "a",
            "--year",
            "2019",
            "--scheme-file",
            str(path),
            stdout=StringIO(),
            stderr=err,
        )
    assert exited.value.code == 1
    assert "groups[0].indicators[0].method" in err.getvalue()
    assert not Run.objects.exists()
