"""Investors and what hangs off a project: its investors, activities with next steps,
blockers with escalation, and funding records."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from parkbase.core import uscc
from parkbase.core.need_to_know import guard_write
from parkbase.core.rules import amounts_valid, field_label, required_text
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK
from parkbase.core.violations import Violation
from parkbase.core.write import delete, locked, refuse, save, save_edit, today
from parkbase.projects import engine
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    InvestorKind,
    InvestorOrigin,
    InvestorRole,
)
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    ProjectInvestor,
)
from parkbase.projects.services.projects import require_insider

INVESTOR_FIELDS = ("name", "kind", "origin", "region", "uscc", "contact", "phone", "note")
ACTIVITY_FIELDS = (
    "kind",
    "occurred_on",
    "summary",
    "participants",
    "next_step",
    "due_on",
    "done_on",
    "owner",
)
BLOCKER_FIELDS = (
    "category",
    "description",
    "authority",
    "raised_on",
    "deadline",
    "escalation",
    "status",
    "resolution",
    "resolved_on",
    "owner",
    "approval",
)

# the reasons the funding ledger gives the changes it makes, and their words (history)
FROM_LEDGER = "contracted amount from the funding ledger"
CONFIRMED_OVER = "confirmed above the contracted amount"
# a blocker linked to the land approval that lifts it: approval:<the approval's name>
APPROVAL = "approval"
CHANGE_SOURCES = {
    APPROVAL: _("linked to the land approval %(detail)s"),
    FROM_LEDGER: _("contracted amount taken from the funding ledger"),
    CONFIRMED_OVER: _("confirmed above the contracted amount"),
}


def _choice(values: dict, name: str, choices) -> list[Violation]:
    value = values.get(name)
    if value in (None, ""):
        return [Violation(name, "required")]
    if value not in choices.values:
        return [
            Violation(
                name,
                "unknown_choice",
                {"value": value, "choices": ", ".join(map(str, choices.values))},
            )
        ]
    return []


def _not_future(values: dict, *names: str) -> list[Violation]:
    now = today()
    return [
        Violation(n, "future_date", {"value": values[n]})
        for n in names
        if values.get(n) is not None and values[n] > now
    ]


def _not_before(values: dict, name: str, other, other_value=None) -> list[Violation]:
    """``other`` names a field of the same record, or is a label (the project's first
    contact) with ``other_value`` its date."""
    value, bound = values.get(name), other_value if other_value is not None else values.get(other)
    if value is not None and bound is not None and value < bound:
        return [Violation(name, "before", {"value": value, "other": other})]
    return []


def _first_contact(project):
    return field_label(Project, "first_contact_on"), project.first_contact_on


def _update(model, fields, check, obj, expected_version, user, values, reason=""):
    with transaction.atomic():
        current = locked(model, obj.pk, expected_version)
        values = guard_write(user, current, values)  # need-to-know: outsiders' changes
        merged = {k: getattr(current, k) for k in fields} | values
        refuse(check(merged, current), model)
        for name in fields:
            if name in values:
                value = values[name]
                setattr(current, name, value.strip() if isinstance(value, str) else value)
        save_edit(current, user, reason)
    return current


# ---------------------------------------------------------------- investors


def _investor_check(values: dict, current: Investor) -> list[Violation]:
    found = required_text(values, "name")
    found += _choice(values, "kind", InvestorKind)
    found += _choice(values, "origin", InvestorOrigin)
    code = (values.get("uscc") or "").strip().upper()
    if code:
        try:
            uscc.validate(code)
        except uscc.USCCError as exc:
            found.append(Violation("uscc", f"uscc_{exc.code}", {"value": code}))
    name = (values.get("name") or "").strip()
    clash = Investor.objects.unscoped(RULE_CHECK).filter(park_id=current.park_id, name=name)
    if current.pk:
        clash = clash.exclude(pk=current.pk)
    if name and clash.exists():
        found.append(Violation("name", "duplicate_name", {"value": name}))
    return found


def investor_create(*, park, user=None, **values) -> Investor:
    values.setdefault("kind", InvestorKind.COMPANY)
    investor = Investor(park=park)
    refuse(_investor_check(values, investor), Investor)
    for name in INVESTOR_FIELDS:
        value = values.get(name, "")
        setattr(investor, name, value.strip() if isinstance(value, str) else value)
    investor.uscc = investor.uscc.upper()
    save(investor, user)
    return investor


def investor_update(*, investor: Investor, expected_version, user=None, **values) -> Investor:
    if "uscc" in values:
        values["uscc"] = (values["uscc"] or "").strip().upper()
    return _update(
        Investor, INVESTOR_FIELDS, _investor_check, investor, expected_version, user, values
    )


@transaction.atomic
def project_investor_add(*, project, investor, role=InvestorRole.LEAD, note="", user=None):
    require_insider(user, project)
    problems = _choice({"role": role}, "role", InvestorRole)
    if investor.park_id != project.park_id:
        problems.append(Violation("investor", "other_park", {"value": investor.name}))
    if (
        ProjectInvestor.objects.unscoped(RULE_CHECK)
        .filter(project=project, investor=investor)
        .exists()
    ):
        problems.append(Violation("investor", "duplicate_name", {"value": investor.name}))
    refuse(problems, ProjectInvestor)
    link = ProjectInvestor(project=project, investor=investor, role=role, note=note.strip())
    save(link, user)
    return link


def project_investor_remove(*, link: ProjectInvestor, user=None) -> None:
    require_insider(user, link.project)
    delete(link, user)


# ---------------------------------------------------------------- activities


def _activity_check(values: dict, current: Activity) -> list[Violation]:
    found = _choice(values, "kind", ActivityKind)
    found += required_text(values, "summary")
    if values.get("occurred_on") is None:
        found.append(Violation("occurred_on", "required"))
    found += _not_future(values, "occurred_on", "done_on")
    found += _not_before(values, "occurred_on", *_first_contact(current.project))
    found += _not_before(values, "due_on", "occurred_on")
    found += _not_before(values, "done_on", "occurred_on")
    if values.get("due_on") and not (values.get("next_step") or "").strip():
        found.append(Violation("next_step", "required_with", {"other": "due_on"}))
    owner = values.get("owner")
    if owner is not None and owner.park_id not in (None, current.project.park_id):
        found.append(Violation("owner", "other_park", {"value": str(owner)}))
    return found


def activity_create(*, project, user=None, **values) -> Activity:
    activity = Activity(project=project, created_by=user if getattr(user, "pk", None) else None)
    values.setdefault("occurred_on", today())
    if values.get("next_step") and values.get("owner") is None and getattr(user, "pk", None):
        values["owner"] = user  # whoever records a next step owns it unless told otherwise
    refuse(_activity_check(values, activity), Activity)
    for name in ACTIVITY_FIELDS:
        value = values.get(name, "" if name in ("summary", "participants", "next_step") else None)
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    save(activity, user)
    return activity


def activity_update(*, activity: Activity, expected_version, user=None, **values) -> Activity:
    return _update(
        Activity, ACTIVITY_FIELDS, _activity_check, activity, expected_version, user, values
    )


def activity_done(*, activity: Activity, expected_version, user=None, done_on=None) -> Activity:
    return activity_update(
        activity=activity, expected_version=expected_version, user=user, done_on=done_on or today()
    )


# ---------------------------------------------------------------- blockers


def _blocker_check(values: dict, current: Blocker) -> list[Violation]:
    found = _choice(values, "category", BlockerCategory)
    found += required_text(values, "description", "authority")
    if values.get("raised_on") is None:
        found.append(Violation("raised_on", "required"))
    if values.get("escalation") not in Escalation.values:
        found.append(Violation("escalation", "required"))
    found += _choice(values, "status", BlockerStatus)
    found += _not_future(values, "raised_on", "resolved_on")
    found += _not_before(values, "deadline", "raised_on")
    found += _not_before(values, "resolved_on", "raised_on")
    approval = values.get("approval")
    if approval is not None and approval.park_id != current.project.park_id:
        found.append(Violation("approval", "other_park", {"value": approval}))
    if values.get("status") == BlockerStatus.RESOLVED:
        if not (values.get("resolution") or "").strip():
            found.append(Violation("resolution", "resolution_required", {"value": "resolved"}))
        if values.get("resolved_on") is None:
            found.append(Violation("resolved_on", "resolution_required", {"value": "resolved"}))
    return found


def blocker_create(*, project, user=None, **values) -> Blocker:
    values.setdefault("raised_on", today())
    values.setdefault("escalation", Escalation.NONE)
    values.setdefault("status", BlockerStatus.OPEN)
    blocker = Blocker(project=project)
    refuse(_blocker_check(values, blocker), Blocker)
    for name in BLOCKER_FIELDS:
        value = values.get(name, "" if name in ("resolution",) else None)
        setattr(blocker, name, value.strip() if isinstance(value, str) else value)
    save(blocker, user)
    return blocker


def blocker_update(
    *, blocker: Blocker, expected_version, user=None, reason: str = "", **values
) -> Blocker:
    if values.get("status") in (BlockerStatus.RESOLVED, BlockerStatus.DROPPED):
        values.setdefault("resolved_on", blocker.resolved_on or today())
    return _update(
        Blocker, BLOCKER_FIELDS, _blocker_check, blocker, expected_version, user, values, reason
    )


# ---------------------------------------------------------------- funding


def in_place_so_far(project) -> Decimal:
    total = Funding.objects.unscoped(RULE_CHECK).filter(project=project, kind=FundKind.IN_PLACE)
    return total.aggregate(s=Sum("amount"))["s"] or Decimal(0)


FUNDING_FIELDS = (
    "kind",
    "amount",
    "dated_on",
    "source",
    "investor",
    "source_name",
    "event",
    "note",
)


def _funding_check(values: dict, project) -> list[Violation]:
    problems = _choice(values, "kind", FundKind) + _choice(values, "source", FundSource)
    if values.get("amount") is None:
        problems.append(Violation("amount", "required"))
    else:
        problems += amounts_valid(values, "amount")
    if values.get("dated_on") is None:
        problems.append(Violation("dated_on", "required"))
    problems += _not_future(values, "dated_on")
    problems += _not_before(values, "dated_on", *_first_contact(project))
    investor = values.get("investor")
    if investor is not None and investor.park_id != project.park_id:
        problems.append(Violation("investor", "other_park", {"value": investor.name}))
    return problems


def _over_contract(project, values: dict, confirmed: bool, before) -> bool:
    """Whether in-place money goes above the contracted amount (refused unless
    ``confirmed``); ``before``: the in-place total without this record."""
    kind, amount = values["kind"], values["amount"]
    contracted = amount if kind == FundKind.CONTRACTED else project.contracted_amount
    over = kind == FundKind.IN_PLACE and engine.in_place_exceeds(contracted, before, amount)
    if over and not confirmed:
        refuse(
            [
                Violation(
                    "amount",
                    "over_contract",
                    {"value": amount, "total": before + amount, "other_value": contracted},
                )
            ],
            Funding,
        )
    return over


def _contract_follows(record: Funding, project, user) -> None:
    """The latest contracted statement is the project's contracted amount."""
    if record.kind != FundKind.CONTRACTED or project.contracted_amount == record.amount:
        return
    latest = Funding.objects.unscoped(RULE_CHECK).filter(project=project, kind=FundKind.CONTRACTED)
    if latest.order_by("-dated_on", "-id").first() == record:
        current = Project.objects.unscoped(FOR_WRITE).select_for_update().get(pk=project.pk)
        current.contracted_amount = record.amount
        save_edit(current, user, reason=FROM_LEDGER)


@transaction.atomic
def funding_add(
    *,
    project,
    kind: str,
    amount,
    dated_on,
    source: str,
    investor=None,
    source_name: str = "",
    event: str = "",
    note: str = "",
    confirm_over_contract: bool = False,
    user=None,
) -> Funding:
    """Record planned, contracted or in-place money. Money in place above the project's
    contracted amount is refused unless confirmed (the confirmation is kept)."""
    values = {
        "kind": kind,
        "source": source,
        "amount": amount,
        "dated_on": dated_on,
        "investor": investor,
    }
    refuse(_funding_check(values, project), Funding)
    over = _over_contract(project, values, confirm_over_contract, in_place_so_far(project))
    record = Funding(
        project=project,
        kind=kind,
        amount=amount,
        dated_on=dated_on,
        source=source,
        investor=investor,
        source_name=source_name.strip(),
        event=event.strip(),
        note=note.strip(),
        over_contract_confirmed=bool(over),
    )
    save(record, user, reason=CONFIRMED_OVER if over else "")
    _contract_follows(record, project, user)
    return record


@transaction.atomic
def funding_update(
    *, record: Funding, user=None, confirm_over_contract: bool = False, **values
) -> Funding:
    """Correct a funding record (an import of the ledger): the rules of ``funding_add``;
    in-place money above the contracted amount stays refused unless confirmed, or
    confirmed before."""
    current = Funding.objects.unscoped(FOR_WRITE).select_for_update().get(pk=record.pk)
    values = guard_write(user, current, values)  # need-to-know: outsiders' changes
    project = current.project
    merged = {k: getattr(current, k) for k in FUNDING_FIELDS} | values
    refuse(_funding_check(merged, project), Funding)
    others = in_place_so_far(project) - (
        current.amount if current.kind == FundKind.IN_PLACE else Decimal(0)
    )
    confirmed = confirm_over_contract or current.over_contract_confirmed
    over = _over_contract(project, merged, confirmed, others)
    for name in FUNDING_FIELDS:
        if name in values:
            value = values[name]
            setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.over_contract_confirmed = bool(over)
    save(current, user, reason=CONFIRMED_OVER if over else "")
    _contract_follows(current, project, user)
    return current


def funding_delete(*, record: Funding, user=None) -> None:
    delete(record, user)
