"""Land quota and approval pages: the list (filters, export), the detail page (the
parcels it covers, its history, and the panels projects adds: the project it serves
and the project blockers waiting for it) and the create/edit form."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import contributions
from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceFormView
from parkbase.core.history import changes_of
from parkbase.core.need_to_know import hidden_fields
from parkbase.core.views import (
    ScopedListView,
    current_park,
    may,
    object_or_404,
    parks_to_choose,
)
from parkbase.land import services
from parkbase.land.filtersets import ApprovalFilterSet
from parkbase.land.forms import ApprovalForm
from parkbase.land.importers import APPROVALS
from parkbase.land.models import Approval, Parcel
from parkbase.land.tables import ApprovalTable
from parkbase.land.views.parcels import LandMixin


class ApprovalListView(LandMixin, ScopedListView):
    model = Approval
    land_tab = "approvals"
    filterset_class = ApprovalFilterSet
    table_class = ApprovalTable
    template_name = "land/approval_list.html"
    export_name = "land-approvals"
    title = _("Quotas and approvals")

    export = staticmethod(APPROVALS.export_rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = may(self.request.user, Action.ADD, Approval)
        return context


class ApprovalDetailView(LandMixin, TemplateView):
    model = Approval
    land_tab = "approvals"
    template_name = "land/approval_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        approval = object_or_404(self.request, Approval, pk)
        context.update(
            approval=approval,
            parcels=Parcel.objects.visible_to(user).filter(approvals=approval),
            # the project it serves and the blockers waiting for it: projects' panels
            panels=contributions.APPROVAL_PANELS(approval, user),
            can_change=may(user, Action.CHANGE, Approval),
            changes=changes_of(
                Approval.history.filter(id=approval.pk),
                Approval,
                hidden=hidden_fields(user, approval),
            ),
        )
        return context


class ApprovalEditView(LandMixin, ServiceFormView):
    model = Approval
    land_tab = "approvals"
    template_name = "land/approval_form.html"
    form_class = ApprovalForm
    create_service = staticmethod(services.approval_create)
    update_service = staticmethod(services.approval_update)
    service_arg = "approval"

    def get_object(self):
        if self.is_creating():
            return None
        return object_or_404(self.request, Approval, self.kwargs["pk"], Action.CHANGE, "park")

    def park(self, approval):
        if approval is not None:
            return approval.park
        if not hasattr(self, "_park"):
            self._park = current_park(self.request, self.request.POST.get("park"))
        return self._park

    def form_kwargs(self, approval) -> dict:
        park = self.park(approval)
        kwargs = {"instance": approval or Approval(park=park), "user": self.request.user}
        if approval is None and self.request.GET.get("parcel"):
            kwargs["initial"] = {"parcels": [self.request.GET["parcel"]]}
        return kwargs | {"park": park}

    def service_data(self, form) -> dict:
        return form.service_data() | {"parcels": list(form.cleaned_data["parcels"])}

    def create_args(self) -> dict:
        return {"park": self.park(None)}

    def form_context(self, form, approval) -> dict:
        return {
            "approval": approval,
            "park": self.park(approval),
            "parks": parks_to_choose(self.request) if approval is None else [],
        }

    def success_url(self, saved) -> str:
        return reverse("land-approval", args=[saved.pk])


urlpatterns = [
    path("approvals/", ApprovalListView.as_view(), name="land-approvals"),
    path("approvals/new/", ApprovalEditView.as_view(), name="land-approval-create"),
    path("approvals/<int:pk>/", ApprovalDetailView.as_view(), name="land-approval"),
    path("approvals/<int:pk>/edit/", ApprovalEditView.as_view(), name="land-approval-edit"),
]
