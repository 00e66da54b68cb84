"""Parcel pages: the list (filters, sorting, export), the detail page (areas, the idle
finding in words, constraints, tenants, approvals, buildings, history), the parcel
form and the forms of its constraints and tenants.

Land is the committee's: administrators, leaders and staff of the park; leaders read.
Everyone else, and anything of another park, is not found (404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import contributions
from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceDeleteView, ServiceFormView
from parkbase.core.history import changes_of
from parkbase.core.messages import render
from parkbase.core.need_to_know import hidden_fields, lock_form
from parkbase.core.views import (
    ScopedListView,
    ScopedMixin,
    current_park,
    error_codes,
    may,
    object_or_404,
    parks_to_choose,
)
from parkbase.land import engine, selectors, services
from parkbase.land.choices import STATUS_COLOURS
from parkbase.land.filtersets import ParcelFilterSet
from parkbase.land.forms import ConstraintForm, ParcelForm, TenancyForm
from parkbase.land.importers import PARCELS
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

    export = staticmethod(PARCELS.export_rows)


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


def outline_map(user, parcel: Parcel) -> dict | None:
    """What the parcel's small map draws: its outline in its status's colour, and the
    outlines of the parcels around it that the user sees, faintly, each with its code
    and page. None when the parcel has no geometry."""
    if not parcel.geometry:
        return None

    def feature(geometry, **properties):
        return {"type": "Feature", "geometry": geometry, "properties": properties}

    return {
        "tiles": settings.PARKBASE_TILE_URL or "",
        "parcel": feature(
            parcel.geometry, code=parcel.code, colour=STATUS_COLOURS.get(parcel.status)
        ),
        "neighbours": [
            feature(n.geometry, code=n.code, url=reverse("land-parcel", args=[n.pk]))
            for n in selectors.neighbours(user, parcel)
        ],
    }


class ParcelDetailView(LandMixin, TemplateView):
    model = Parcel
    template_name = "land/parcel_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        parcel = object_or_404(
            request, Parcel, pk, Action.VIEW, "park", "phase", "owner_enterprise", "created_by"
        )
        # the tabs the apps above add (its documents: core.contributions.PARCEL_TABS)
        extra_tabs, tab, active_tab = contributions.tabs(
            contributions.PARCEL_TABS, parcel, user, ("overview", "history"), request.GET.get("tab")
        )
        tenancies = list(
            Tenancy.objects.visible_to(user).filter(parcel=parcel).select_related("enterprise")
        )
        tenant_total = sum((t.area for t in tenancies), start=0)
        mismatch = engine.area_check(parcel.area, parcel.geometry_area)
        context.update(
            parcel=parcel,
            tab=tab,
            extra_tabs=extra_tabs,
            active_tab=active_tab,
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
            outline=outline_map(user, parcel) if tab == "overview" else None,
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


class ParcelEditView(LandMixin, ServiceFormView):
    """Record or change a parcel; an overlap or tenants beyond its area are refused
    until the confirmation box (shown then) is ticked; geometry warnings after saving."""

    model = Parcel
    template_name = "land/parcel_form.html"
    form_class = ParcelForm

    def get_object(self):
        if self.is_creating():
            return None
        return object_or_404(self.request, Parcel, self.kwargs["pk"], Action.CHANGE, "park")

    def park(self, parcel):
        if parcel is not None:
            return parcel.park
        if not hasattr(self, "_park"):
            self._park = current_park(self.request, self.request.POST.get("park"))
        return self._park

    def form_kwargs(self, parcel) -> dict:
        park = self.park(parcel)
        return {"instance": parcel or Parcel(park=park), "user": self.request.user, "park": park}

    def create(self, form):
        return services.parcel_create(
            park=self.park(None),
            user=self.request.user,
            confirm_overlap=form.cleaned_data.get("confirm_overlap", False),
            **form.service_data(),
        )

    def update(self, form, parcel):
        confirm = form.cleaned_data.get("confirm_overlap", False)
        return services.parcel_update(
            parcel=parcel,
            expected_version=form.cleaned_data["version"],
            user=self.request.user,
            confirm_overlap=confirm,
            confirm_excess=confirm,
            **form.service_data(),
        )

    def refused(self, form, outcome) -> None:
        if outcome.error is not None:
            ask_confirmation(form, outcome.error)

    def saved(self, saved) -> None:
        super().saved(saved)
        for warning in getattr(saved, "geometry_warnings", ()):
            messages.warning(self.request, render(warning, Parcel))

    def form_context(self, form, parcel) -> dict:
        return {
            "parcel": parcel,
            "park": self.park(parcel),
            "parks": parks_to_choose(self.request) if parcel is None else [],
        }

    def success_url(self, saved) -> str:
        return reverse("land-parcel", args=[saved.pk])


class ParcelDeleteView(LandMixin, ServiceDeleteView):
    model = Parcel
    delete_service = staticmethod(services.parcel_delete)
    service_arg = "parcel"

    def success_url(self, parcel) -> str:
        return reverse("land-parcels")

    def refused_url(self, parcel) -> str:
        return reverse("land-parcel", args=[parcel.pk])


# ---------------------------------------------------------------- constraints and tenants


class PartEditView(LandMixin, ServiceFormView):
    """Add (``parcels/<parcel pk>/…/new/``) or change (``…/<pk>/``, ``part``) a record
    of a parcel (a constraint, a tenancy): changing the parcel."""

    model = Parcel
    part_model = None
    template_name = "land/parcel_part_form.html"
    title = ""

    def is_creating(self) -> bool:
        return not self.kwargs.get("part")

    def required_action(self) -> str:
        return Action.CHANGE

    def get_object(self):
        if self.is_creating():
            self.parcel = object_or_404(
                self.request, Parcel, self.kwargs["pk"], Action.CHANGE, "park"
            )
            return None
        part = object_or_404(
            self.request, self.part_model, self.kwargs["pk"], Action.CHANGE, "parcel"
        )
        self.parcel = part.parcel
        return part

    def form_kwargs(self, part) -> dict:
        return {"instance": part}

    def create_args(self) -> dict:
        return {"parcel": self.parcel}

    def refused(self, form, outcome) -> None:
        if outcome.error is not None and hasattr(form, "ask"):
            ask_confirmation(form, outcome.error)

    def form_context(self, form, part) -> dict:
        return {"parcel": self.parcel, "part": part, "title": self.title}

    def success_url(self, saved) -> str:
        return reverse("land-parcel", args=[self.parcel.pk])


class ConstraintEditView(PartEditView):
    part_model = Constraint
    form_class = ConstraintForm
    create_service = staticmethod(services.constraint_add)
    update_service = staticmethod(services.constraint_update)
    service_arg = "constraint"
    title = _("Constraint")

    def get_form(self, part, data=None):
        form = super().get_form(part, data)
        lock_form(form, self.request.user, part)  # need-to-know: an outsider's form
        return form


class TenancyEditView(PartEditView):
    part_model = Tenancy
    form_class = TenancyForm
    create_service = staticmethod(services.tenancy_add)
    update_service = staticmethod(services.tenancy_update)
    service_arg = "tenancy"
    title = _("Tenant")

    def form_kwargs(self, part) -> dict:
        return {"instance": part, "user": self.request.user, "parcel": self.parcel}


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
