"""What hangs off a project: activities with their next steps, blockers, funding
records and investors; and the investors' own list and form."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceDeleteView, ServiceFormView, refusals
from parkbase.core.history import changes_of
from parkbase.core.need_to_know import hidden_fields
from parkbase.core.views import ScopedListView
from parkbase.projects import services
from parkbase.projects.filtersets import InvestorFilterSet
from parkbase.projects.forms import (
    ActivityForm,
    BlockerForm,
    FundingForm,
    InvestorForm,
    ProjectInvestorForm,
)
from parkbase.projects.importers.parts import INVESTORS
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    ProjectInvestor,
)
from parkbase.projects.tables import InvestorTable
from parkbase.projects.views.common import (
    CONFIDENTIAL_EDIT,
    ProjectScopedMixin,
    as_int,
    current_park,
    error_codes,
    is_insider,
    may,
    parks_to_choose,
    project_or_404,
)


def _part_or_404(model, request, pk, action=Action.CHANGE):
    part = (
        model.objects.visible_to(request.user, action)
        .select_related("project", "project__park", "project__stage")
        .filter(pk=pk)
        .first()
    )
    if part is None:
        raise Http404
    return part


class PartEditView(ProjectScopedMixin, ServiceFormView):
    """Create (``/<project pk>/…/new/``) or edit (``…/<pk>/edit/``) one record of a
    project through the app's services."""

    model = None
    form_class = None
    template_name = "projects/part_form.html"
    title_new = ""
    title_edit = ""
    creating = False  # ``pk`` is the project's when creating, the record's when editing

    def get_object(self):
        if self.creating:
            self.project = project_or_404(self.request, self.kwargs["pk"], Action.VIEW)
            return None
        part = _part_or_404(self.model, self.request, self.kwargs["pk"])
        self.project = project_or_404(self.request, part.project_id, Action.VIEW)
        return part

    def form_kwargs(self, part) -> dict:
        return {"instance": part, "user": self.request.user, "project": self.project}

    def create_args(self) -> dict:
        return {"project": self.project}

    def form_context(self, form, part) -> dict:
        context = {
            "project": self.project,
            "part": part,
            "title": self.title_edit if part else self.title_new,
        }
        if part is not None:
            context["changes"] = changes_of(
                self.model.history.filter(id=part.pk),
                self.model,
                hidden=hidden_fields(self.request.user, part),
            )
        return context

    def success_url(self, saved) -> str:
        return reverse("project", args=[self.project.pk])


class ActivityEditView(PartEditView):
    model = Activity
    form_class = ActivityForm
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)
    service_arg = "activity"
    title_new = _("New activity")
    title_edit = _("Edit activity")

    def service_data(self, form) -> dict:
        data = form.service_data()
        if self.creating:  # what is left empty takes the service's default
            data = {k: v for k, v in data.items() if v not in (None, "") or k == "summary"}
        return data


class ActivityDoneView(ProjectScopedMixin, TemplateView):
    """Tick a next step off (POST)."""

    model = Activity
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        activity = _part_or_404(Activity, request, pk)
        with refusals(request):
            services.activity_done(
                activity=activity,
                expected_version=as_int(request.POST.get("version")),
                user=request.user,
            )
            messages.success(request, _("Next step done."))
        return redirect("project", pk=activity.project_id)


class BlockerEditView(PartEditView):
    model = Blocker
    form_class = BlockerForm
    create_service = staticmethod(services.blocker_create)
    title_new = _("New blocker")
    title_edit = _("Edit blocker")

    def update(self, form, blocker):
        return services.blocker_update(
            blocker=blocker,
            expected_version=form.cleaned_data["version"],
            user=self.request.user,
            reason=form.cleaned_data.get("reason") or "",
            **form.service_data(),
        )


class FundingAddView(ProjectScopedMixin, ServiceFormView):
    """Record planned, contracted or in-place money. Money in place above the
    contracted amount is refused until the confirmation box (shown then) is ticked."""

    model = Funding
    template_name = "projects/funding_form.html"
    form_class = FundingForm
    create_service = staticmethod(services.funding_add)
    creating = True
    saved_message = _("Funding recorded.")
    over = False

    def get_object(self):
        self.project = project_or_404(self.request, self.kwargs["pk"])
        return None

    def form_kwargs(self, record) -> dict:
        return {"user": self.request.user, "project": self.project}

    def create_args(self) -> dict:
        return {"project": self.project}

    def refused(self, form, outcome) -> None:
        self.over = outcome.error is not None and "over_contract" in error_codes(outcome.error)

    def form_context(self, form, record) -> dict:
        over = self.over or bool(form.data.get("confirm_over_contract"))
        return {"project": self.project, "over": over}

    def success_url(self, saved) -> str:
        return reverse("project", args=[self.project.pk])


class FundingDeleteView(ProjectScopedMixin, ServiceDeleteView):
    model = Funding
    delete_service = staticmethod(services.funding_delete)
    service_arg = "record"
    versioned = False
    deleted_message = _("Funding record deleted.")

    def success_url(self, record) -> str:
        return reverse("project", args=[record.project_id])


class ProjectInvestorsView(ProjectScopedMixin, TemplateView):
    """Add an investor or partner to a project, or remove one (POST). A confidential
    project's investors are its insiders' business."""

    model = ProjectInvestor
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        project = project_or_404(request, pk, Action.CHANGE)
        if not is_insider(project):
            messages.error(request, CONFIDENTIAL_EDIT)
            return redirect("project", pk=project.pk)
        remove = as_int(request.POST.get("remove"))
        with refusals(request):
            if remove:
                link = (
                    ProjectInvestor.objects.visible_to(request.user, Action.CHANGE)
                    .filter(pk=remove, project=project)
                    .first()
                )
                if link is None:
                    raise Http404
                services.project_investor_remove(link=link, user=request.user)
                messages.success(request, _("Investor removed from the project."))
            else:
                form = ProjectInvestorForm(request.POST, user=request.user, project=project)
                if not form.is_valid():
                    for name, errors in form.errors.items():
                        label = form.fields[name].label if name in form.fields else ""
                        for error in errors:
                            messages.error(request, f"{label}: {error}" if label else error)
                    return redirect("project", pk=project.pk)
                services.project_investor_add(
                    project=project,
                    investor=form.cleaned_data["investor"],
                    role=form.cleaned_data["role"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
                messages.success(request, _("Investor added to the project."))
        return redirect("project", pk=project.pk)


# ---------------------------------------------------------------- investors


class InvestorListView(ProjectScopedMixin, ScopedListView):
    model = Investor
    filterset_class = InvestorFilterSet
    table_class = InvestorTable
    template_name = "projects/investor_list.html"
    export_name = "investors"
    title = _("Investors")

    export = staticmethod(INVESTORS.export_rows)


class InvestorEditView(ProjectScopedMixin, ServiceFormView):
    """An investor's form, with the projects it takes part in (a confidential
    project's link only for its insiders). Leaders read it."""

    model = Investor
    template_name = "projects/investor_form.html"
    form_class = InvestorForm
    create_service = staticmethod(services.investor_create)
    update_service = staticmethod(services.investor_update)
    service_arg = "investor"

    def required_action(self) -> str:
        if "pk" not in self.kwargs:
            return Action.ADD
        return Action.CHANGE if self.request.method == "POST" else Action.VIEW

    def get_object(self):
        pk = self.kwargs.get("pk")
        return self.get_scoped_object(pk, self.required_action()) if pk else None

    def park(self, investor):
        if investor is not None:
            return investor.park
        return current_park(self.request, self.request.POST.get("park"))

    def form_kwargs(self, investor) -> dict:
        return {"instance": investor}

    def create_args(self) -> dict:
        return {"park": self.park(None)}

    def form_context(self, form, investor) -> dict:
        links = []
        if investor is not None:
            links = (
                ProjectInvestor.objects.visible_to(self.request.user)
                .filter(investor=investor, insider=True)
                .select_related("project", "project__stage")
                .order_by("-project__first_contact_on")
            )
        context = {
            "investor": investor,
            "park": self.park(investor),
            "parks": parks_to_choose(self.request) if investor is None else [],
            "links": links,
            "can_change": may(self.request.user, Action.CHANGE, Investor),
        }
        if investor is not None:
            context["changes"] = changes_of(Investor.history.filter(id=investor.pk), Investor)
        return context

    def success_url(self, saved) -> str:
        return reverse("investor-edit", args=[saved.pk])
