"""Land quota and approval pages: the list (filters, export), the detail page (the
parcels it covers, the project it serves, the project blockers waiting for it, its
history) and the create/edit form."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.history import changes_of
from parkbase.core.need_to_know import hidden_fields
from parkbase.core.views import (
    ScopedListView,
    current_park,
    may,
    object_or_404,
    parks_to_choose,
    saved_through,
)
from parkbase.land import exports, services
from parkbase.land.filtersets import ApprovalFilterSet
from parkbase.land.forms import ApprovalForm
from parkbase.land.models import Approval, Parcel
from parkbase.land.tables import ApprovalTable
from parkbase.land.views.parcels import LandMixin
from parkbase.projects.models import Blocker, Project


class ApprovalListView(LandMixin, ScopedListView):
    model = Approval
    land_tab = "approvals"
    filterset_class = ApprovalFilterSet
    table_class = ApprovalTable
    select_related = ("project",)
    template_name = "land/approval_list.html"
    export_name = "land-approvals"
    title = _("Quotas and approvals")

    def export(self, queryset):
        return exports.approval_rows(queryset)

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
        project = None
        if approval.project_id:
            project = Project.objects.visible_to(user).filter(pk=approval.project_id).first()
        context.update(
            approval=approval,
            project=project,
            parcels=Parcel.objects.visible_to(user).filter(approvals=approval),
            blockers=Blocker.objects.visible_to(user)
            .filter(approval=approval)
            .select_related("project")
            .order_by("status", "raised_on"),
            can_change=may(user, Action.CHANGE, Approval),
            changes=changes_of(
                Approval.history.filter(id=approval.pk),
                Approval,
                hidden=hidden_fields(user, approval),
            ),
        )
        return context


class ApprovalEditView(LandMixin, TemplateView):
    model = Approval
    land_tab = "approvals"
    template_name = "land/approval_form.html"

    def required_action(self) -> str:
        return Action.CHANGE if "pk" in self.kwargs else Action.ADD

    def _approval(self):
        pk = self.kwargs.get("pk")
        return object_or_404(self.request, Approval, pk, Action.CHANGE, "park") if pk else None

    def _render(self, form, approval, park, status=200):
        context = self.get_context_data(
            form=form,
            approval=approval,
            park=park,
            parks=parks_to_choose(self.request) if approval is None else [],
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        approval = self._approval()
        park = approval.park if approval else current_park(request)
        initial = {}
        if approval is None and request.GET.get("parcel"):
            initial["parcels"] = [request.GET["parcel"]]
        form = ApprovalForm(
            instance=approval or Approval(park=park), initial=initial, user=request.user, park=park
        )
        return self._render(form, approval, park)

    def post(self, request, *args, **kwargs):
        approval = self._approval()
        park = approval.park if approval else current_park(request, request.POST.get("park"))
        form = ApprovalForm(
            request.POST, instance=approval or Approval(park=park), user=request.user, park=park
        )
        if form.is_valid():
            saved = saved_through(
                form,
                create=partial(services.approval_create, park=park),
                update=partial(services.approval_update, approval=approval),
                instance=approval,
                user=request.user,
                parcels=list(form.cleaned_data["parcels"]),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("land-approval", pk=saved.pk)
        return self._render(form, approval, park, status=400)


urlpatterns = [
    path("approvals/", ApprovalListView.as_view(), name="land-approvals"),
    path("approvals/new/", ApprovalEditView.as_view(), name="land-approval-create"),
    path("approvals/<int:pk>/", ApprovalDetailView.as_view(), name="land-approval"),
    path("approvals/<int:pk>/edit/", ApprovalEditView.as_view(), name="land-approval-edit"),
]
