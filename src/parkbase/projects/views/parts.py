"""What hangs off a project: activities with their next steps, blockers, funding
records and investors; and the investors' own list and form."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.history import changes_of
from parkbase.core.locking import StaleEdit
from parkbase.core.need_to_know import hidden_fields
from parkbase.core.views import ScopedListView, saved_through
from parkbase.projects import exports, services
from parkbase.projects.filtersets import InvestorFilterSet
from parkbase.projects.forms import (
    ActivityForm,
    BlockerForm,
    FundingForm,
    InvestorForm,
    ProjectInvestorForm,
)
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
    STALE,
    ProjectScopedMixin,
    add_errors,
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


class PartEditView(ProjectScopedMixin, TemplateView):
    """Create (``/<project pk>/…/new/``) or edit (``…/<pk>/edit/``) one record of a
    project through the app's services."""

    model = None
    form_class = None
    template_name = "projects/part_form.html"
    title_new = ""
    title_edit = ""
    creating = False  # ``pk`` is the project's when creating, the record's when editing

    def required_action(self) -> str:
        return Action.ADD if self.creating else Action.CHANGE

    def _objects(self):
        if self.creating:
            return project_or_404(self.request, self.kwargs["pk"], Action.VIEW), None
        part = _part_or_404(self.model, self.request, self.kwargs["pk"])
        project = project_or_404(self.request, part.project_id, Action.VIEW)
        return project, part

    def _render(self, form, project, part, status=200):
        context = self.get_context_data(
            form=form,
            project=project,
            part=part,
            title=self.title_edit if part else self.title_new,
        )
        if part is not None:
            context["changes"] = changes_of(
                self.model.history.filter(id=part.pk),
                self.model,
                hidden=hidden_fields(self.request.user, part),
            )
        return self.render_to_response(context, status=status)

    def get(self, request, **kwargs):
        project, part = self._objects()
        form = self.form_class(instance=part, user=request.user, project=project)
        return self._render(form, project, part)

    def save(self, form, project, part):
        raise NotImplementedError

    def post(self, request, **kwargs):
        project, part = self._objects()
        form = self.form_class(request.POST, instance=part, user=request.user, project=project)
        if form.is_valid():
            try:
                self.save(form, project, part)
            except StaleEdit:
                form.add_error(None, str(STALE))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("project", pk=project.pk)
        return self._render(form, project, part, status=400)


class ActivityEditView(PartEditView):
    model = Activity
    form_class = ActivityForm
    title_new = _("New activity")
    title_edit = _("Edit activity")

    def save(self, form, project, part):
        data = form.service_data()
        if part is None:
            data = {k: v for k, v in data.items() if v not in (None, "") or k == "summary"}
            return services.activity_create(project=project, user=self.request.user, **data)
        return services.activity_update(
            activity=part,
            expected_version=form.cleaned_data["version"],
            user=self.request.user,
            **data,
        )


class ActivityDoneView(ProjectScopedMixin, TemplateView):
    """Tick a next step off (POST)."""

    model = Activity
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        activity = _part_or_404(Activity, request, pk)
        try:
            services.activity_done(
                activity=activity,
                expected_version=as_int(request.POST.get("version")),
                user=request.user,
            )
        except StaleEdit:
            messages.error(request, STALE)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("Next step done."))
        return redirect("project", pk=activity.project_id)


class BlockerEditView(PartEditView):
    model = Blocker
    form_class = BlockerForm
    title_new = _("New blocker")
    title_edit = _("Edit blocker")

    def save(self, form, project, part):
        data = form.service_data()
        if part is None:
            return services.blocker_create(project=project, user=self.request.user, **data)
        return services.blocker_update(
            blocker=part,
            expected_version=form.cleaned_data["version"],
            user=self.request.user,
            reason=form.cleaned_data.get("reason") or "",
            **data,
        )


class FundingAddView(ProjectScopedMixin, TemplateView):
    """Record planned, contracted or in-place money. Money in place above the
    contracted amount is refused until the confirmation box (shown then) is ticked."""

    model = Funding
    action = Action.ADD
    template_name = "projects/funding_form.html"

    def _render(self, form, project, status=200, over=False):
        context = self.get_context_data(form=form, project=project, over=over)
        return self.render_to_response(context, status=status)

    def get(self, request, pk):
        project = project_or_404(request, pk)
        return self._render(FundingForm(user=request.user, project=project), project)

    def post(self, request, pk):
        project = project_or_404(request, pk)
        form = FundingForm(request.POST, user=request.user, project=project)
        over = bool(form.data.get("confirm_over_contract"))
        if form.is_valid():
            try:
                services.funding_add(project=project, user=request.user, **form.service_data())
            except ValidationError as exc:
                over = over or "over_contract" in error_codes(exc)
                add_errors(form, exc)
            else:
                messages.success(request, _("Funding recorded."))
                return redirect("project", pk=project.pk)
        return self._render(form, project, status=400, over=over)


class FundingDeleteView(ProjectScopedMixin, TemplateView):
    model = Funding
    action = Action.DELETE
    http_method_names = ["post"]

    def post(self, request, pk):
        record = _part_or_404(Funding, request, pk, Action.DELETE)
        services.funding_delete(record=record, user=request.user)
        messages.success(request, _("Funding record deleted."))
        return redirect("project", pk=record.project_id)


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
        try:
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
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        return redirect("project", pk=project.pk)


# ---------------------------------------------------------------- investors


class InvestorListView(ProjectScopedMixin, ScopedListView):
    model = Investor
    filterset_class = InvestorFilterSet
    table_class = InvestorTable
    template_name = "projects/investor_list.html"
    export_name = "investors"
    title = _("Investors")

    def export(self, queryset):
        return exports.investor_rows(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = may(self.request.user, Action.ADD, Investor)
        return context


class InvestorEditView(ProjectScopedMixin, TemplateView):
    """An investor's form, with the projects it takes part in (a confidential
    project's link only for its insiders). Leaders read it."""

    model = Investor
    template_name = "projects/investor_form.html"

    def required_action(self) -> str:
        if "pk" not in self.kwargs:
            return Action.ADD
        return Action.CHANGE if self.request.method == "POST" else Action.VIEW

    def _investor(self):
        pk = self.kwargs.get("pk")
        return self.get_scoped_object(pk, self.required_action()) if pk else None

    def _render(self, form, investor, park, status=200):
        links = []
        if investor is not None:
            user = self.request.user
            links = (
                ProjectInvestor.objects.visible_to(user)
                .filter(investor=investor, insider=True)
                .select_related("project", "project__stage")
                .order_by("-project__first_contact_on")
            )
        context = self.get_context_data(
            form=form,
            investor=investor,
            park=park,
            parks=parks_to_choose(self.request) if investor is None else [],
            links=links,
            can_change=may(self.request.user, Action.CHANGE, Investor),
        )
        if investor is not None:
            context["changes"] = changes_of(Investor.history.filter(id=investor.pk), Investor)
        return self.render_to_response(context, status=status)

    def _park(self, investor):
        if investor is not None:
            return investor.park
        return current_park(self.request, self.request.POST.get("park"))

    def get(self, request, **kwargs):
        investor = self._investor()
        park = self._park(investor)
        return self._render(InvestorForm(instance=investor), investor, park)

    def post(self, request, **kwargs):
        investor = self._investor()
        park = self._park(investor)
        form = InvestorForm(request.POST, instance=investor)
        if form.is_valid():
            saved = saved_through(
                form,
                create=partial(services.investor_create, park=park),
                update=partial(services.investor_update, investor=investor),
                instance=investor,
                user=request.user,
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("investor-edit", pk=saved.pk)
        return self._render(form, investor, park, status=400)
