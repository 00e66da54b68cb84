"""Generic pages that write through an app's services: a create/edit form and a delete
button. An app declares what differs (the model, the form, the services, where to go
next); the steps — the role's action (403), the object in scope (404), the form, the
service's refusals on the form, a stale edit, the message and the redirect — are here.

    class UnitDeleteView(LandMixin, ServiceDeleteView):
        model = Unit
        delete_service = staticmethod(services.unit_delete)
        service_arg = "unit"

        def success_url(self, unit):
            return reverse("land-building", args=[unit.building_id])

Pages that are neither (a move, a status change, a button that publishes) call their
service inside ``refusals``, which shows a stale edit or a broken rule the same way
everywhere:

    with refusals(request) as outcome:
        services.run_publish(run=run, expected_version=version, user=request.user)
        messages.success(request, _("Published."))
    return redirect("evaluation-run", pk=run.pk)
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.locking import StaleEdit
from parkbase.core.views import STALE, ScopedMixin, add_errors, as_int, object_or_404


class Outcome:
    """What a service call in ``refusals`` came to: done, stale, or refused by a rule."""

    def __init__(self):
        self.stale = False
        self.error: ValidationError | None = None

    @property
    def refused(self) -> bool:
        return self.stale or self.error is not None

    @property
    def messages(self) -> list[str]:
        """The refusal in words: the stale-edit message, or each broken rule's."""
        if self.stale:
            return [str(STALE)]
        return [str(m) for m in self.error.messages] if self.error is not None else []


@contextmanager
def refusals(request=None, form=None):
    """Run a service call in the block. A stale edit or a broken rule ends the block and
    lands on ``form`` (a stale edit above it, each rule next to its field), or, without
    a form, becomes the page's error messages (neither without a request either: the
    caller reads the ``Outcome`` yielded)."""
    outcome = Outcome()
    try:
        yield outcome
    except StaleEdit:
        outcome.stale = True
        if form is not None:
            form.add_error(None, str(STALE))
        elif request is not None:
            messages.error(request, str(STALE))
    except ValidationError as exc:
        outcome.error = exc
        if form is not None:
            add_errors(form, exc)
        elif request is not None:
            for message in outcome.messages:
                messages.error(request, message)


class ServiceDeleteView(ScopedMixin, TemplateView):
    """POST deletes the object (in the user's delete scope) at the version the form
    sent, through ``delete_service(<service_arg>=obj, expected_version=…, user=…)``
    (without ``expected_version`` when not ``versioned``). A stale version or a refusal
    goes back to ``refused_url`` with the message."""

    action = Action.DELETE
    http_method_names = ["post"]
    delete_service = None
    service_arg = ""
    versioned = True
    deleted_message = _("Deleted.")

    def get_object(self):
        return object_or_404(self.request, self.model, self.kwargs["pk"], self.action)

    def success_url(self, obj) -> str:
        raise NotImplementedError

    def refused_url(self, obj) -> str:
        return self.success_url(obj)

    def post(self, request, **kwargs):
        obj = self.get_object()
        version = {"expected_version": as_int(request.POST.get("version"))}
        with refusals(request) as outcome:
            self.delete_service(
                **{self.service_arg: obj}, **(version if self.versioned else {}), user=request.user
            )
        if outcome.refused:
            return redirect(self.refused_url(obj))
        messages.success(request, self.deleted_message)
        return redirect(self.success_url(obj))


class ServiceFormView(ScopedMixin, TemplateView):
    """GET shows ``form_class``; POST saves it through ``create_service(**data, user=…,
    **create_args())`` or ``update_service(<service_arg>=obj, expected_version=…,
    user=…, **data)`` (``data`` the form's ``service_data()``, or what the view's
    ``service_data`` makes of it; override ``create`` or ``update`` for services that
    take it otherwise), the refusals shown on the form
    (400). Creating when the URL names no object (or ``creating`` is set), editing the
    object ``pk`` otherwise. With a ``delete_service``, an edit form's ``delete`` button
    deletes the object through it."""

    form_class = None
    create_service = None
    update_service = None
    delete_service = None
    service_arg = ""
    creating: bool | None = None
    saved_message = _("Saved.")
    deleted_message = _("Deleted.")

    def is_creating(self) -> bool:
        return self.creating if self.creating is not None else "pk" not in self.kwargs

    def required_action(self) -> str:
        return Action.ADD if self.is_creating() else Action.CHANGE

    def get_object(self):
        """The object edited (None when creating), in the user's change scope."""
        if self.is_creating():
            return None
        return object_or_404(self.request, self.model, self.kwargs["pk"], Action.CHANGE)

    def denied(self, obj):
        """A response refusing this object's form (GET and POST), or None to go on."""
        return None

    def form_kwargs(self, obj) -> dict:
        return {"instance": obj, "user": self.request.user}

    def get_form(self, obj, data=None):
        """The form, bound to ``data`` on a POST."""
        return self.form_class(data, **self.form_kwargs(obj))

    def create_args(self) -> dict:
        """What the create service takes besides the form's data (the park, a parent)."""
        return {}

    def service_data(self, form) -> dict:
        """What the services take from the form."""
        return form.service_data()

    def create(self, form):
        data = self.service_data(form) | {"user": self.request.user}
        return self.create_service(**data, **self.create_args())

    def update(self, form, obj):
        return self.update_service(
            **{self.service_arg: obj},
            expected_version=form.cleaned_data["version"],
            **self.service_data(form) | {"user": self.request.user},
        )

    def delete(self, obj):
        self.delete_service(**{self.service_arg: obj}, user=self.request.user)

    def refused(self, form, outcome: Outcome) -> None:
        """After a refusal shown on the form (e.g. ask for a confirmation)."""

    def saved(self, saved) -> None:
        messages.success(self.request, self.saved_message)

    def form_context(self, form, obj) -> dict:
        return {}

    def success_url(self, saved) -> str:
        raise NotImplementedError

    def deleted_url(self, obj) -> str:
        raise NotImplementedError

    def delete_refused_url(self, obj) -> str:
        return self.request.path

    def render_form(self, form, obj, status=200):
        context = self.get_context_data(form=form, object=obj, **self.form_context(form, obj))
        return self.render_to_response(context, status=status)

    def get(self, request, **kwargs):
        obj = self.get_object()
        refusal = self.denied(obj)
        if refusal is not None:
            return refusal
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, **kwargs):
        obj = self.get_object()
        refusal = self.denied(obj)
        if refusal is not None:
            return refusal
        if obj is not None and self.delete_service is not None and request.POST.get("delete"):
            return self.post_delete(obj)
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            with refusals(form=form) as outcome:
                saved = self.create(form) if obj is None else self.update(form, obj)
            if not outcome.refused:
                self.saved(saved)
                return redirect(self.success_url(saved))
            self.refused(form, outcome)
        return self.render_form(form, obj, status=400)

    def post_delete(self, obj):
        with refusals(self.request) as outcome:
            self.delete(obj)
        if outcome.refused:
            return redirect(self.delete_refused_url(obj))
        messages.success(self.request, self.deleted_message)
        return redirect(self.deleted_url(obj))
