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
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.locking import StaleEdit
from parkbase.core.views import STALE, ScopedMixin, as_int, object_or_404, saved_through


class ServiceDeleteView(ScopedMixin, TemplateView):
    """POST deletes the object (in the user's delete scope) at the version the form
    sent, through ``delete_service(<service_arg>=obj, expected_version=…, user=…)``.
    A stale version or a refusal goes back to ``refused_url`` with the message."""

    action = Action.DELETE
    http_method_names = ["post"]
    delete_service = None
    service_arg = ""
    deleted_message = _("Deleted.")

    def get_object(self):
        return object_or_404(self.request, self.model, self.kwargs["pk"], self.action)

    def success_url(self, obj) -> str:
        raise NotImplementedError

    def refused_url(self, obj) -> str:
        return self.success_url(obj)

    def post(self, request, **kwargs):
        obj = self.get_object()
        try:
            self.delete_service(
                **{self.service_arg: obj},
                expected_version=as_int(request.POST.get("version")),
                user=request.user,
            )
        except StaleEdit:
            messages.error(request, str(STALE))
            return redirect(self.refused_url(obj))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.refused_url(obj))
        messages.success(request, self.deleted_message)
        return redirect(self.success_url(obj))


class ServiceFormView(ScopedMixin, TemplateView):
    """GET shows ``form_class``; POST saves it through ``create_service(**data,
    **create_args())`` or ``update_service(<service_arg>=obj, expected_version=…,
    **data)``, the refusals shown on the form (400). Creating when the URL names no
    object (or ``creating`` is set), editing the object ``pk`` otherwise."""

    form_class = None
    create_service = None
    update_service = None
    service_arg = ""
    creating: bool | None = None
    saved_message = _("Saved.")

    def is_creating(self) -> bool:
        return self.creating if self.creating is not None else "pk" not in self.kwargs

    def required_action(self) -> str:
        return Action.ADD if self.is_creating() else Action.CHANGE

    def get_object(self):
        """The object edited (None when creating), in the user's change scope."""
        if self.is_creating():
            return None
        return object_or_404(self.request, self.model, self.kwargs["pk"], Action.CHANGE)

    def form_kwargs(self, obj) -> dict:
        return {"instance": obj, "user": self.request.user}

    def create_args(self) -> dict:
        """What the create service takes besides the form's data (the park, a parent)."""
        return {}

    def form_context(self, form, obj) -> dict:
        return {}

    def success_url(self, saved) -> str:
        raise NotImplementedError

    def render_form(self, form, obj, status=200):
        context = self.get_context_data(form=form, object=obj, **self.form_context(form, obj))
        return self.render_to_response(context, status=status)

    def get(self, request, **kwargs):
        obj = self.get_object()
        return self.render_form(self.form_class(**self.form_kwargs(obj)), obj)

    def post(self, request, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST, **self.form_kwargs(obj))
        if form.is_valid():
            saved = saved_through(
                form,
                create=lambda **data: self.create_service(**data, **self.create_args()),
                update=lambda **data: self.update_service(**{self.service_arg: obj}, **data),
                instance=obj,
                user=request.user,
            )
            if saved is not None:
                messages.success(request, self.saved_message)
                return redirect(self.success_url(saved))
        return self.render_form(form, obj, status=400)
