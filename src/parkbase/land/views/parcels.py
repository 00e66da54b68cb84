"""Parcel pages: the list (filters, sorting, export), the detail page (areas, the idle
finding in words, constraints, tenants, approvals, buildings, history), the parcel
form and the forms of its constraints and tenants.

Land is the committee's: administrators, leaders and staff of the park; leaders read.
Everyone else, and anything of another park, is not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceDeleteView
from parkbase.core.history import changes_of
from parkbase.core.locking import StaleEdit
from parkbase.core.messages import render
from parkbase.core.need_to_know import hidden_fields, lock_form
from parkbase.core.views import (
    STALE,
    ScopedListView,
    ScopedMixin,
    add_errors,
    current_park,
    error_codes,
    may,
    object_or_404,
    parks_to_choose,
)
from parkbase.land import engine, exports, services
from parkbase.land.filtersets import ParcelFilterSet
from parkbase.land.forms import ConstraintForm, ParcelForm, TenancyForm
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy
from parkbase.land.tables import ParcelTable, idle_reason_text


class LandMixin(ScopedMixin):
    """Roles that see no land record, like objects out of scope, get 404 (ScopedMixin)."""

    model = Parcel
    land_tab = "parcels"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["land_tab"] = self.land_tab
        return context


# ---------------------------------------------------------------- list


class ParcelListView(LandMixin, ScopedListView):
    model = Parcel
    filterset_class = ParcelFilterSet
    table_class = ParcelTable
    select_related = ("phase",)
    template_name = "land/parcel_list.html"
    export_name = "parcels"
    title = _("Parcels")

    def scoped(self, action=None):
        return super().scoped(action).defer("geometry")  # a list never draws outlines

    def export(self, queryset):
        return exports.parcel_rows(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = may(self.request.user, Action.ADD, Parcel)
        return context


# ---------------------------------------------------------------- detail


def idle_explanation(parcel: Parcel) -> str:
    if parcel.status != "idle":
        return ""
    return idle_reason_text(parcel.idle_reason)


def area_difference(parcel: Parcel):
    """(m², %) by which the recorded area differs from the geometry's, or None."""
    if parcel.geometry_area is None or not parcel.geometry_area:
        return None
    difference = parcel.area - parcel.geometry_area
    return difference, difference / parcel.geometry_area * 100


class ParcelDetailView(LandMixin, TemplateView):
    model = Parcel
    template_name = "land/parcel_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        parcel = object_or_404(
            request, Parcel, pk, Action.VIEW, "park", "phase", "owner_enterprise", "created_by"
        )
        tab = request.GET.get("tab")
        tab = tab if tab in ("overview", "history") else "overview"
        tenancies = list(
            Tenancy.objects.visible_to(user).filter(parcel=parcel).select_related("enterprise")
        )
        tenant_total = sum((t.area for t in tenancies), start=0)
        mismatch = engine.area_check(parcel.area, parcel.geometry_area)
        context.update(
            parcel=parcel,
            tab=tab,
            idle_explanation=idle_explanation(parcel),
            difference=area_difference(parcel),
            mismatch_text=render(mismatch, Parcel) if mismatch else "",
            constraints=Constraint.objects.visible_to(user).filter(parcel=parcel),
            tenancies=tenancies,
            tenant_total=tenant_total,
            tenants_over=engine.tenants_over(parcel.area, [t.area for t in tenancies]) is not None,
            approvals=Approval.objects.visible_to(user)
            .filter(parcels=parcel)
            .order_by("-submitted_on", "id"),
            buildings=Building.objects.visible_to(user).filter(parcel=parcel),
            can_change=may(user, Action.CHANGE, Parcel),
            can_delete=may(user, Action.DELETE, Parcel),
        )
        if tab == "history":
            context["changes"] = parcel_changes(parcel, user)
        return context


def parcel_changes(parcel: Parcel, user):
    """The parcel's own changes, and those of its constraints and tenants; what
    need-to-know hides of the parcel now is hidden in its past too."""
    hidden = hidden_fields(user, parcel)
    changes = changes_of(Parcel.history.filter(id=parcel.pk), Parcel, hidden=hidden)
    changes += changes_of(
        Constraint.history.filter(parcel_id=parcel.pk),
        Constraint,
        label=lambda r: f"{Constraint._meta.verbose_name} · {r.get_kind_display()}",
        hidden=Constraint.need_to_know_fields if hidden else (),
    )
    changes += changes_of(
        Tenancy.history.filter(parcel_id=parcel.pk).select_related("enterprise"),
        Tenancy,
        label=lambda r: f"{Tenancy._meta.verbose_name} · {r.enterprise}",
    )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


# ---------------------------------------------------------------- create / edit / delete


def ask_confirmation(form, exc: ValidationError) -> None:
    if error_codes(exc) & services.CONFIRM_CODES:
        form.ask()


class ParcelEditView(LandMixin, TemplateView):
    model = Parcel
    template_name = "land/parcel_form.html"

    def required_action(self) -> str:
        return Action.CHANGE if "pk" in self.kwargs else Action.ADD

    def _parcel(self):
        pk = self.kwargs.get("pk")
        return object_or_404(self.request, Parcel, pk, Action.CHANGE, "park") if pk else None

    def _render(self, form, parcel, park, status=200):
        context = self.get_context_data(
            form=form,
            parcel=parcel,
            park=park,
            parks=parks_to_choose(self.request) if parcel is None else [],
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        parcel = self._parcel()
        park = parcel.park if parcel else current_park(request)
        form = ParcelForm(instance=parcel or Parcel(park=park), user=request.user, park=park)
        return self._render(form, parcel, park)

    def post(self, request, *args, **kwargs):
        parcel = self._parcel()
        park = parcel.park if parcel else current_park(request, request.POST.get("park"))
        form = ParcelForm(
            request.POST, instance=parcel or Parcel(park=park), user=request.user, park=park
        )
        if form.is_valid():
            data = form.service_data()
            confirm = form.cleaned_data.get("confirm_overlap", False)
            try:
                if parcel is not None:
                    saved = services.parcel_update(
                        parcel=parcel,
                        expected_version=form.cleaned_data["version"],
                        user=request.user,
                        confirm_overlap=confirm,
                        confirm_excess=confirm,
                        **data,
                    )
                else:
                    saved = services.parcel_create(
                        park=park, user=request.user, confirm_overlap=confirm, **data
                    )
            except StaleEdit:
                form.add_error(None, str(STALE))
            except ValidationError as exc:
                add_errors(form, exc)
                ask_confirmation(form, exc)
            else:
                messages.success(request, _("Saved."))
                for warning in getattr(saved, "geometry_warnings", ()):
                    messages.warning(request, render(warning, Parcel))
                return redirect("land-parcel", pk=saved.pk)
        return self._render(form, parcel, park, status=400)


class ParcelDeleteView(LandMixin, ServiceDeleteView):
    model = Parcel
    delete_service = staticmethod(services.parcel_delete)
    service_arg = "parcel"

    def success_url(self, parcel) -> str:
        return reverse("land-parcels")

    def refused_url(self, parcel) -> str:
        return reverse("land-parcel", args=[parcel.pk])


# ---------------------------------------------------------------- constraints and tenants


class PartEditView(LandMixin, TemplateView):
    """Add or change a record of a parcel (a constraint, a tenancy)."""

    model = Parcel
    part_model = None
    form_class = None
    template_name = "land/parcel_part_form.html"
    title = ""

    def required_action(self) -> str:
        return Action.CHANGE

    def _objects(self):
        pk = self.kwargs["pk"]
        if self.kwargs.get("part"):
            part = object_or_404(self.request, self.part_model, pk, Action.CHANGE, "parcel")
            return part.parcel, part
        return object_or_404(self.request, Parcel, pk, Action.CHANGE, "park"), None

    def make_form(self, data, parcel, part):
        return self.form_class(data, instance=part)

    def save(self, form, parcel, part):
        raise NotImplementedError

    def _render(self, form, parcel, part, status=200):
        context = self.get_context_data(form=form, parcel=parcel, part=part, title=self.title)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        parcel, part = self._objects()
        return self._render(self.make_form(None, parcel, part), parcel, part)

    def post(self, request, *args, **kwargs):
        parcel, part = self._objects()
        form = self.make_form(request.POST, parcel, part)
        if form.is_valid():
            try:
                self.save(form, parcel, part)
            except StaleEdit:
                form.add_error(None, str(STALE))
            except ValidationError as exc:
                add_errors(form, exc)
                if hasattr(form, "ask"):
                    ask_confirmation(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("land-parcel", pk=parcel.pk)
        return self._render(form, parcel, part, status=400)


class ConstraintEditView(PartEditView):
    part_model = Constraint
    form_class = ConstraintForm
    title = _("Constraint")

    def make_form(self, data, parcel, part):
        form = ConstraintForm(data, instance=part)
        lock_form(form, self.request.user, part)  # need-to-know: an outsider's form
        return form

    def save(self, form, parcel, part):
        user, data = self.request.user, form.service_data()
        if part is None:
            return services.constraint_add(parcel=parcel, user=user, **data)
        version = form.cleaned_data.get("version")
        return services.constraint_update(
            constraint=part, expected_version=version, user=user, **data
        )


class TenancyEditView(PartEditView):
    part_model = Tenancy
    form_class = TenancyForm
    title = _("Tenant")

    def make_form(self, data, parcel, part):
        return TenancyForm(data, instance=part, user=self.request.user, parcel=parcel)

    def save(self, form, parcel, part):
        user, data = self.request.user, form.service_data()
        if part is None:
            return services.tenancy_add(parcel=parcel, user=user, **data)
        version = form.cleaned_data.get("version")
        return services.tenancy_update(tenancy=part, expected_version=version, user=user, **data)


class ConstraintDeleteView(LandMixin, ServiceDeleteView):
    model = Constraint
    action = Action.CHANGE  # a parcel's constraints are part of changing the parcel
    delete_service = staticmethod(services.constraint_delete)
    service_arg = "constraint"

    def success_url(self, part) -> str:
        return reverse("land-parcel", args=[part.parcel_id])


class TenancyDeleteView(ConstraintDeleteView):
    model = Tenancy
    delete_service = staticmethod(services.tenancy_delete)
    service_arg = "tenancy"


urlpatterns = [
    path("", ParcelListView.as_view(), name="land-parcels"),
    path("parcels/new/", ParcelEditView.as_view(), name="land-parcel-create"),
    path("parcels/<int:pk>/", ParcelDetailView.as_view(), name="land-parcel"),
    path("parcels/<int:pk>/edit/", ParcelEditView.as_view(), name="land-parcel-edit"),
    path("parcels/<int:pk>/delete/", ParcelDeleteView.as_view(), name="land-parcel-delete"),
    path(
        "parcels/<int:pk>/constraints/new/",
        ConstraintEditView.as_view(),
        name="land-constraint-create",
    ),
    path(
        "constraints/<int:pk>/",
        ConstraintEditView.as_view(),
        {"part": True},
        name="land-constraint-edit",
    ),
    path(
        "constraints/<int:pk>/delete/",
        ConstraintDeleteView.as_view(),
        name="land-constraint-delete",
    ),
    path("parcels/<int:pk>/tenants/new/", TenancyEditView.as_view(), name="land-tenancy-create"),
    path("tenants/<int:pk>/", TenancyEditView.as_view(), {"part": True}, name="land-tenancy-edit"),
    path(
        "tenants/<int:pk>/delete/",
        TenancyDeleteView.as_view(),
        name="land-tenancy-delete",
    ),
]
