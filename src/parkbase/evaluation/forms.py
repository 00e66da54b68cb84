"""Forms of the evaluation pages' POST actions. Each reads the fields its page posts,
under the names the templates give them, as text cleaned like every form's
(``core.forms.Form``: no control characters; tabs and line breaks only where the page
has a text area), and turns them into the values the services take: whole numbers
(anything else is None, as ``core.views.as_int`` reads them), dates and decimals
(refused when impossible, naming the field), records the user may see.

They judge nothing else: the rules are the services', which report them per field in
the same words for pages, API and imports. A value is read when the view asks for it,
in the order the view asks, so the first refusal stops the action as before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkbase.core.edit_views import refusals
from parkbase.core.forms import Form
from parkbase.core.messages import as_validation_error
from parkbase.core.models import Department, User
from parkbase.core.scoping import role_sees_model
from parkbase.core.views import as_int
from parkbase.core.violations import Violation
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation import selectors
from parkbase.evaluation.models import (
    ClassPolicy,
    ComplianceRecord,
    Decision,
    Milestone,
    Objection,
    Result,
    Run,
    Scheme,
)
from parkbase.evaluation.wording import figure_unit
from parkbase.land.models import Parcel

SCHEME_FILE_LIMIT = 1024 * 1024
CENT = Decimal("0.01")  # the places a proposed value is kept to


def _text(multiline: bool = False) -> forms.CharField:
    """A posted text, as sent (the services strip and check it) once cleaned."""
    widget = forms.Textarea if multiline else forms.TextInput
    return forms.CharField(required=False, strip=False, widget=widget)


def as_date(text: str, name: str, model=None) -> dt.date | None:
    """A date typed as YYYY-MM-DD, empty → None; an impossible one (2019-02-30) is
    refused."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise as_validation_error([Violation(name, "not_a_date", {"value": text})], model) from exc


def as_decimal(text: str, name: str, model=None) -> Decimal | None:
    """A number (thousands separators allowed), empty → None; text, NaN and infinities
    are refused."""
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise as_validation_error([Violation(name, "not_a_number", {"value": text})], model)
    return value


class ActionForm(Form):
    """The base of the evaluation's POST forms: every field optional text, read into
    types by the methods below."""

    model = None  # whose field names the refusals use

    def __init__(self, data=None, files=None, *, user=None):
        super().__init__(data, files)
        self.user = user
        self.is_valid()  # text never fails: ``cleaned_data`` holds every text field

    def text(self, name: str) -> str:
        return self.cleaned_data.get(name) or ""

    def integer(self, name: str) -> int | None:
        return as_int(self.cleaned_data.get(name))

    def date(self, name: str, model=None) -> dt.date | None:
        return as_date(self.text(name), name, model or self.model)

    def decimal(self, name: str, model=None) -> Decimal | None:
        return as_decimal(self.text(name), name, model or self.model)

    def values(self) -> dict:
        """What the form gives its service, but the record, the version and the user."""
        return {}

    def act(self, request, service, **record) -> None:
        """The page's action on one record through its ``service``: the record (under
        the name the service takes it), the form's ``values()``, the version the page
        was read at and the acting user; a refusal becomes the page's messages."""
        with refusals(request):
            service(
                **record,
                **self.values(),
                expected_version=self.integer("version"),
                user=request.user,
            )

    def visible(self, model, name: str):
        """The record of ``model`` the user may see whose id was posted, or None."""
        return model.objects.visible_to(self.user).filter(pk=self.integer(name)).first()

    def enterprise_value(self) -> Enterprise:
        """The enterprise the form names, among those the user sees (required)."""
        enterprise = self.visible(Enterprise, "enterprise")
        if enterprise is None:
            raise ValidationError({"enterprise": [_("Choose an enterprise.")]})
        return enterprise


# ---------------------------------------------------------------- runs and results


class RunCreateForm(ActionForm):
    """A new run of a scheme for a year (the scheme's year when none is given)."""

    model = Run
    scheme = _text()
    year = _text()

    def year_value(self) -> int | None:
        text = self.text("year").strip()
        if text and as_int(text) is None:
            raise as_validation_error([Violation("year", "not_an_integer", {"value": text})], Run)
        return as_int(text)


class RunStepForm(ActionForm):
    """A step of a run: start the notice period, publish, recompute."""

    model = Run
    step = _text()
    version = _text()
    notice_ends_on = _text()

    def values(self) -> dict:
        return {"ends_on": self.date("notice_ends_on")} if self.text("step") == "notice" else {}


class OverrideForm(ActionForm):
    """A result's class set by hand, with the reason."""

    model = Result
    klass = _text()
    reason = _text(multiline=True)
    version = _text()

    def values(self) -> dict:
        return {"klass": self.text("klass"), "reason": self.text("reason")}


class ObjectionForm(ActionForm):
    """An objection to a result in the notice period: the figure it disputes and the
    value proposed, typed in the unit the figure is offered in (万元, 亩, 吨标煤)."""

    model = Objection
    claim = _text(multiline=True)
    field = _text()
    proposed_value = _text()

    def proposed(self) -> Decimal | None:
        """The proposed value in the unit the figure is stored in (yuan, m²)."""
        value = self.decimal("proposed_value")
        if value is None:
            return None
        return (value * figure_unit(self.text("field"))[1]).quantize(CENT)


class ObjectionAnswerForm(ActionForm):
    """The committee's answer to an objection (and whether to correct the figure)."""

    model = Objection
    status = _text()
    answer = _text()
    version = _text()
    correct = _text()

    def values(self) -> dict:
        return {
            "status": self.text("status"),
            "answer": self.text("answer"),
            "correct": self.text("correct") == "on",
        }


class SchemeForm(ActionForm):
    """A scheme as its YAML text, typed or uploaded as a file."""

    model = Scheme
    text = _text(multiline=True)
    file = forms.FileField(required=False, allow_empty_file=True)
    version = _text()

    def scheme_text(self) -> str:
        """The uploaded file's text (UTF-8, with or without a byte-order mark), else
        the typed text."""
        if "file" in self.errors:
            raise ValidationError(self.errors.as_data())
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.text("text")
        if upload.size > SCHEME_FILE_LIMIT:
            raise as_validation_error(
                [
                    Violation(
                        "file", "file_too_large", {"value": upload.size, "limit": SCHEME_FILE_LIMIT}
                    )
                ]
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise as_validation_error(
                [Violation("file", "not_utf8", {"value": upload.name})]
            ) from exc


# ---------------------------------------------------------------- class policies


class PolicyForm(ActionForm):
    """A line of the class-policy table added, or one deleted (``delete``: its id)."""

    model = ClassPolicy
    year = _text()
    delete = _text()
    klass = _text()
    kind = _text()
    from_consecutive_years = _text()
    rate = _text()
    text = _text()

    def line(self) -> dict:
        """What ``services.policy_save`` takes, but the park and the user."""
        rate = self.decimal("rate")
        return {
            "year": self.integer("year"),
            "klass": self.text("klass"),
            "kind": self.text("kind"),
            "from_consecutive_years": self.integer("from_consecutive_years") or 0,
            "rate": rate,
            "text": self.text("text"),
        }


# ---------------------------------------------------------------- redevelopment


class MilestoneForm(ActionForm):
    """A milestone added to a decision, or one ticked off (``milestone_done``: its id)."""

    model = Milestone
    milestone_done = _text()
    done_on = _text()
    version = _text()
    title = _text()
    due_on = _text()


class DecisionForm(ActionForm):
    """A redevelopment decision, new or changed."""

    model = Decision
    enterprise = _text()
    kind = _text()
    status = _text()
    owner = _text()
    department = _text()
    basis = _text(multiline=True)
    decided_on = _text()
    due_on = _text()
    completed_on = _text()
    land_freed = _text()
    counterpart = _text()
    note = _text(multiline=True)
    parcel = _text()
    version = _text()

    def values(self) -> dict:
        """What the decision services take, but the enterprise, version and user."""
        values = {
            "kind": self.text("kind"),
            "status": self.text("status"),
            "owner": self.visible(User, "owner"),
            "department": self.visible(Department, "department"),
            "basis": self.text("basis"),
            "decided_on": self.date("decided_on"),
            "due_on": self.date("due_on"),
            "completed_on": self.date("completed_on"),
            "land_freed": self.decimal("land_freed"),
            "counterpart": self.text("counterpart"),
            "note": self.text("note"),
        }
        if role_sees_model(self.user, Parcel):
            # the parcel the decision frees; users who do not see land leave it be
            raw = self.text("parcel").strip()
            values["parcel"] = selectors.visible_parcel(self.user, as_int(raw)) if raw else None
            if raw and values["parcel"] is None:
                raise as_validation_error(
                    [Violation("parcel", "unknown_reference", {"value": raw})], Decision
                )
        return values


class ComplianceForm(ActionForm):
    """A compliance record added, or one deleted (``delete``: its id)."""

    model = ComplianceRecord
    enterprise = _text()
    year = _text()
    kind = _text()
    note = _text()
    delete = _text()
