"""Redraft from the records: the figures of a saved version brought up to date, the
words people wrote around them kept.

Each figure of the version is looked for in a draft made anew from the records by what
it is (``content.identity``: the place of the phrase it was drafted in and the records
it counts). Where its value changed:

* it is replaced in the text, and nothing else is, when it still stands where it was
  drafted (or where the person's edits moved it) and the words around it still fit
  (a count stays one or more than one, a change stays a rise or a fall);
* otherwise the person decides: they see the old and the new value beside the
  paragraph, which the redraft leaves as it was ("rewritten": the text no longer holds
  the figure; "wording": the words around it may have to change too; "gone": the
  records no longer give it).

Paragraphs the records now give and the version has no figure of are offered to be
added to their section. Plain Python."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from parkbase.reports.drafts.content import identity, paragraphs, sections
from parkbase.reports.drafts.marks import carry, find_once, replace_at
from parkbase.reports.drafts.paste import Tidied, tidy

REWRITTEN, WORDING, GONE = "rewritten", "wording", "gone"
FRESH_FIELDS = ("value", "text", "url", "unit", "key")


@dataclass
class Change:
    """A figure of a paragraph whose value the records no longer give as the version
    has it."""

    pid: str
    where: str  # the heading of the paragraph's section ("" for the opening one)
    index: int  # the figure's place in the paragraph's figures
    old: str  # how it read
    new: str | None  # how it reads now (None: the records no longer give it)
    done: bool  # replaced in the text
    why: str = ""  # why a person decides: REWRITTEN, WORDING or GONE
    fresh: dict | None = None


@dataclass
class Addition:
    """A paragraph the records now give that the version has no figure of."""

    index: int
    section: str  # its section's key
    where: str  # that section's heading in the new draft
    paragraph: dict


@dataclass
class Proposal:
    content: dict  # the version with every change that is done
    changes: list[Change] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)

    @property
    def done(self) -> list[Change]:
        return [c for c in self.changes if c.done]

    @property
    def decisions(self) -> dict[str, list[Change]]:
        """The changes a person decides, by paragraph."""
        found: dict[str, list[Change]] = {}
        for change in self.changes:
            if not change.done:
                found.setdefault(change.pid, []).append(change)
        return found

    @property
    def nothing(self) -> bool:
        return not self.changes and not self.additions


def _number(mark: dict) -> Decimal:
    try:
        return Decimal(mark.get("value", "0"))
    except (InvalidOperation, TypeError):
        return Decimal(0)


def same_wording(old: dict, new: dict) -> bool:
    """Whether the words drafted around a figure fit its new value as they fitted the
    old: one stays one or more stays more (1 project was / 2 projects were), a rise
    stays a rise."""
    a, b = _number(old), _number(new)
    return (a == 1) == (b == 1) and (a >= 0) == (b >= 0)


def _stands(p: dict, mark: dict) -> bool:
    start, shown = mark.get("start"), mark.get("text", "")
    return isinstance(start, int) and p.get("text", "")[start : start + len(shown)] == shown


def propose(content: dict, fresh: dict) -> Proposal:
    """What redrafting the version ``content`` from the new draft ``fresh`` (both as
    ``content`` has them) changes, and what it asks."""
    found: dict[str, list[dict]] = {}
    for _section, p in paragraphs(fresh):
        for mark in p.get("figures", []):
            found.setdefault(identity(mark), []).append(mark)
    proposal = Proposal(copy.deepcopy(content))

    def refresh(p: dict, where: str) -> dict:
        out = p
        for index, mark in enumerate(p.get("figures", [])):
            candidates = found.get(identity(mark), [])
            if not candidates:
                change = Change(p["id"], where, index, mark.get("text", ""), None, False, GONE)
                proposal.changes.append(change)
                continue
            match = next((c for c in candidates if c["text"] == mark["text"]), candidates[0])
            if match["text"] == mark["text"]:
                continue
            new = {name: match.get(name, "") for name in FRESH_FIELDS}
            stands = _stands(out, out["figures"][index])
            done = stands and same_wording(mark, match)
            why = "" if done else (WORDING if stands else REWRITTEN)
            proposal.changes.append(
                Change(p["id"], where, index, mark["text"], match["text"], done, why, new)
            )
            if done:
                out = replace_at(out, index, new)
        return out

    content = proposal.content
    if content.get("intro"):
        content["intro"] = refresh(content["intro"], "")
    for section in sections(content):
        heading = section.get("heading", "")
        section["paragraphs"] = [refresh(p, heading) for p in section.get("paragraphs", [])]
    proposal.additions = _additions(content, fresh)
    return proposal


def _additions(content: dict, fresh: dict) -> list[Addition]:
    held = {identity(m) for _s, p in paragraphs(content) for m in p.get("figures", [])}
    texts = {p.get("text", "") for _s, p in paragraphs(content)}
    keys = {s.get("key") for s in sections(content)}
    additions = []
    for section in sections(fresh):
        if section.get("key") not in keys:
            continue
        for p in section.get("paragraphs", []):
            marks = p.get("figures", [])
            if not marks or p.get("text") in texts or any(identity(m) in held for m in marks):
                continue
            additions.append(
                Addition(len(additions), section["key"], section.get("heading", ""), p)
            )
    return additions


def apply(
    proposal: Proposal, texts: dict[str, str], added: set[int], used: set[str]
) -> tuple[dict, Tidied]:
    """The version a person makes of a proposal: each paragraph they decided on with
    the text they wrote (``texts`` by paragraph id), its figures at their new values
    (placed where the text holds them, a figure the records no longer give left out);
    the additions they chose (``added``) at the end of their sections, each with a new
    id (not among ``used``)."""
    content = copy.deepcopy(proposal.content)
    decisions = proposal.decisions
    tidied = Tidied()

    def decide(p: dict) -> dict:
        changes = decisions.get(p["id"])
        if not changes or p["id"] not in texts:
            return p
        text, done = tidy(texts[p["id"]])
        tidied.__iadd__(done)
        out = carry(p.get("text", ""), text, p)
        figures = list(out.get("figures", []))
        gone = set()
        for change in changes:
            if change.fresh is None:
                gone.add(change.index)
                continue
            mark = {**figures[change.index], **change.fresh}
            if not _stands(out, mark):
                taken = [
                    (m["start"], m["start"] + len(m["text"]))
                    for n, m in enumerate(figures)
                    if n != change.index and _stands(out, m)
                ]
                mark["start"] = find_once(text, mark["text"], taken)
            figures[change.index] = mark
        out["figures"] = [m for n, m in enumerate(figures) if n not in gone]
        return out

    if content.get("intro"):
        content["intro"] = decide(content["intro"])
    by_key = {}
    for section in sections(content):
        section["paragraphs"] = [decide(p) for p in section.get("paragraphs", [])]
        by_key[section.get("key")] = section
    for addition in proposal.additions:
        section = by_key.get(addition.section)
        if addition.index not in added or section is None:
            continue
        n = 1
        while f"r{n}" in used:
            n += 1
        used.add(f"r{n}")
        section["paragraphs"].append({**copy.deepcopy(addition.paragraph), "id": f"r{n}"})
    return content, tidied
