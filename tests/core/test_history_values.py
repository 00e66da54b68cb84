"""What a change's before and after read as: linked records by their names (people by
their full names) as far as the reader may see them, counted where not; structured data
(a JSON field) as a count; the work that made a change in words, for every code the
services and the demo write."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from django.utils import translation

import parkbase
from parkbase.core.choices import Role
from parkbase.core.history import SOURCES, Linked, _source_of
from parkbase.enterprises.models import Enterprise
from parkbase.surveys import services as surveys
from tests.clients import page_client

ZH, EN = "zh-hans", "en"


def history_text(user, url, language) -> str:
    """The words of the page's history card, tags stripped."""
    answer = page_client(user, language).get(url, {"tab": "history"})
    assert answer.status_code == 200
    part = answer.content.decode().split('data-testid="history"')[1].split("</div></div>")[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", part))


def _named(user, name):
    user.first_name = name
    user.save(update_fields=["first_name"])
    return user


def test_linked_records_and_json_read_as_words_without_brackets_in_both_languages(world):
    """GIVEN the surveyor (by name 贾明辉) records a visit he made, and the park staff
    set the campaign's phases and a threshold (JSON)."""
    staff = _named(world.users[Role.STAFF], "夏桂兰")
    survey = _named(world.users[Role.SURVEY], "贾明辉")
    assignment = next(a for a in world.assignments if a.team == world.teams[1])
    surveys.assignment_visit(
        user=survey,
        assignment=assignment,
        expected_version=assignment.version,
        visited_on=dt.date(2019, 5, 1),
        visitors=[survey],
    )
    campaign = world.campaign
    surveys.campaign_update(
        user=staff,
        campaign=campaign,
        data={"scope_phases": list(world.phases), "thresholds": {"jump_ratio": 3}},
        expected_version=campaign.version,
    )
    phase_names = [str(p.name) for p in world.phases]
    for language, separator, entries in ((ZH, "、", "1 项"), (EN, ", ", "1 entry")):
        visit = history_text(staff, f"/surveys/assignments/{assignment.pk}/", language)
        scope = history_text(staff, f"/surveys/{campaign.pk}/", language)
        for text in (visit, scope):
            assert not re.search(r"[{}\[\]]", text), text
        # THEN the visitor reads as his name, never his user name or id
        assert "贾明辉" in visit and "survey" not in visit.replace("survey form", "")
        # the phases by their names, the thresholds as a count
        assert separator.join(phase_names) in scope, scope
        assert entries in scope, scope


def test_a_linked_record_the_reader_may_not_see_is_counted_not_named(world):
    staff = world.users[Role.STAFF]  # park A's staff: park B's enterprise is not theirs
    ours, theirs = world.enterprises[0], world.other
    assert not Enterprise.objects.visible_to(staff).filter(pk=theirs.pk).exists()
    with translation.override(EN):
        assert Linked(Enterprise, (ours.pk,)).text(staff) == ours.name
        assert Linked(Enterprise, (theirs.pk,)).text(staff) is None  # shown as "—"
        both = Linked(Enterprise, (ours.pk, theirs.pk)).text(staff)
        assert both == f"{ours.name} and 1 other"
        assert theirs.name not in both
        hidden = Linked(Enterprise, (theirs.pk, theirs.pk)).text(staff)
        assert hidden == "2 records"
    with translation.override(ZH):
        assert Linked(Enterprise, (ours.pk, theirs.pk)).text(staff) == f"{ours.name} 及另 1 项"
    assert Linked(Enterprise, (ours.pk,)).text(None) is None  # no reader, no names


def test_a_person_reads_as_their_full_name(world):
    staff = world.users[Role.STAFF]
    survey = _named(world.users[Role.SURVEY], "贾明辉")
    assert Linked(type(survey), (survey.pk,)).text(staff) == "贾明辉"
    # without a full name, the user name (the person is never blank)
    assert Linked(type(staff), (staff.pk,)).text(staff) == staff.username


# ------------------------------------------------------------------ reason codes

SRC = Path(parkbase.__file__).parent
WRITTEN = re.compile(
    r"""(?:reason|default_change_reason)\s*=\s*f?["']([A-Za-z][A-Za-z _-]*?)(?::[^"']*)?["']"""
)
BY_NAME = re.compile(r"(?:reason=|source_reason\()\s*([A-Z][A-Z_]+)\b")
CONSTANT = re.compile(r"""^([A-Z][A-Z_]+)\s*=\s*["']([^"']+)["']""", re.M)
# where "reason" is not a change's: why a query may read without a user's scope
NOT_HISTORY = {"core/scoping.py"}


def codes_written() -> dict[str, str]:
    """{code: where} of every reason the application writes as a literal or a named
    constant (``reason="visit"``, ``source_reason(IMPORT, job)``)."""
    texts = {
        str(path.relative_to(SRC)): path.read_text(encoding="utf-8")
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
    }
    constants: dict[str, set[str]] = {}
    for text in texts.values():
        for name, value in CONSTANT.findall(text):
            constants.setdefault(name, set()).add(value.split(":")[0])
    found: dict[str, str] = {}
    for where, text in texts.items():
        if where in NOT_HISTORY:
            continue
        for match in WRITTEN.finditer(text):
            found.setdefault(match.group(1), where)
        for match in BY_NAME.finditer(text):
            for value in constants.get(match.group(1), ()):
                found.setdefault(value, where)
    return found


def test_every_reason_the_services_and_the_demo_write_has_words_in_both_languages():
    # and those passed on through a variable: an import's, the evaluation's
    codes = codes_written() | dict.fromkeys(
        ("import", "computed", "recomputed", "override removed"), "passed on"
    )
    # the scan finds what the surveys, the imports and the demo write
    assert {"visit", "form", "verify", "balance", "survey", "reassign"} <= set(codes)
    assert "approval" in codes  # the demo's land approvals resolving blockers
    for code, where in codes.items():
        source, _detail = _source_of(f"{code}:42")
        assert source is not None, f"{code!r} ({where}) has no words"
        with translation.override(EN):
            english = str(source.words)
        with translation.override(ZH):
            chinese = str(source.words)
        assert english != chinese, code
        assert not re.search(r"[A-Za-z]{3,}", chinese.replace("%(detail)s", "")), code
    assert set(SOURCES) >= {c for c in codes}


def test_a_history_reads_the_records_it_links_once_per_kind(world):
    """However many changes link phases, their names are one query, not one a value."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from parkbase.core.history import Change, linked_names
    from parkbase.core.models import Phase

    staff = world.users[Role.STAFF]
    phases = list(world.phases)
    changes = [
        Change(None, "", "~", "", "", [("phase", Linked(Phase, (a.pk,)), Linked(Phase, (b.pk,)))])
        for a, b in zip(phases, phases[1:], strict=False)
    ]
    with CaptureQueriesContext(connection) as queries:
        known = linked_names(changes, staff)
        texts = [change.fields[0][2].text(staff, known) for change in changes]
    assert len(queries.captured_queries) == 1
    assert texts == [str(p.name) for p in phases[1:]]
