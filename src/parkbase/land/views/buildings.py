"""Buildings and their units: the list (filter, sort, XLSX), a building's page with its
letting control table (租控表), and the forms to add, change and delete buildings and
units. Every object comes through ``visible_to``; out-of-scope objects answer 404."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.history import changes_of
from parkbase.core.locking import StaleEdit
from parkbase.core.models import Park
from parkbase.core.views import (
    STALE,
    ScopedListView,
    as_int,
    current_park,
    may,
    object_or_404,
    saved_through,
)
from parkbase.land import engine
from parkbase.land.building_forms import (
    BuildingFilterSet,
    BuildingForm,
    BuildingTable,
    UnitForm,
    with_space,
)
from parkbase.land.choices import UnitStatus
from parkbase.land.models import Building, Unit
from parkbase.land.services import buildings as services
from parkbase.land.views.parcels import LandMixin

STATUS_CSS = {
    UnitStatus.OCCUPIED: "bg-green-lt",
    UnitStatus.VACANT: "bg-red-lt",
    UnitStatus.RESERVED: "bg-yellow-lt",
}


def building_or_404(request, pk, action=Action.VIEW) -> Building:
    return object_or_404(request, Building, pk, action, "park", "parcel")


def unit_or_404(request, pk, action=Action.CHANGE) -> Unit:
    return object_or_404(request, Unit, pk, action, "building", "building__park", "tenant")


# ---------------------------------------------------------------- the letting table


def letting_context(building: Building, units: list[Unit]) -> dict:
    """The letting control table of a building: every floor from the top down (floors
    without units too), each unit a cell with its area, status and tenant; the area
    and share of each status (from ``engine.letting_table``)."""
    table = engine.letting_table((u.floor, u.code, u.area, u.status) for u in units)
    by_code = {u.code: u for u in units}
    rows = dict(table.floors)
    floors = sorted(set(range(1, building.floors + 1)) | set(rows), reverse=True)
    labels = dict(UnitStatus.choices)
    return {
        "letting_floors": [
            (
                floor,
                [
                    {
                        "unit": by_code[code],
                        "area": area,
                        "status": status,
                        "label": labels.get(status, status),
                        "css": STATUS_CSS.get(status, ""),
                    }
                    for code, area, status in rows.get(floor, [])
                ],
            )
            for floor in floors
        ],
        "letting_totals": [
            {
                "status": status,
                "label": label,
                "area": table.totals.get(status, 0),
                "rate": table.rates.get(status, 0.0) * 100,
                "css": STATUS_CSS[status],
            }
            for status, label in UnitStatus.choices
        ],
        "letting_total_area": table.total_area,
    }


# ---------------------------------------------------------------- list and detail


class BuildingListView(LandMixin, ScopedListView):
    model = Building
    filterset_class = BuildingFilterSet
    table_class = BuildingTable
    select_related = ("parcel",)
    template_name = "land/building_list.html"
    partial_template_name = "core/_list_results.html"
    export_name = "buildings"
    title = _("Buildings")

    def export(self, queryset):
        return BuildingTable.export_rows(queryset.select_related("parcel"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["land_tab"] = "buildings"
        context["can_add"] = may(self.request.user, Action.ADD, Building)
        return context


class BuildingDetailView(LandMixin, TemplateView):
    model = Building
    template_name = "land/building_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        building = building_or_404(self.request, pk)
        space = with_space(Building.objects.filter(pk=building.pk)).get()
        units = list(
            Unit.objects.visible_to(self.request.user)
            .filter(building=building)
            .select_related("tenant")
            .order_by("-floor", "code", "id")
        )
        user = self.request.user
        context.update(
            building=building,
            space=space,
            units=units,
            land_tab="buildings",
            title=str(building),
            can_change=may(user, Action.CHANGE, Building),
            can_delete=may(user, Action.DELETE, Building),
            can_add_unit=may(user, Action.ADD, Unit),
            can_change_unit=may(user, Action.CHANGE, Unit),
            can_delete_unit=may(user, Action.DELETE, Unit),
            changes=changes_of(Building.history.filter(id=building.pk), Building),
            **letting_context(building, units),
        )
        return context


# ---------------------------------------------------------------- building form


class BuildingEditView(LandMixin, TemplateView):
    model = Building
    template_name = "land/building_form.html"

    def required_action(self) -> str:
        return Action.CHANGE if "pk" in self.kwargs else Action.ADD

    def _objects(self):
        pk = self.kwargs.get("pk")
        if pk:
            building = building_or_404(self.request, pk, Action.CHANGE)
            return building, building.park
        return None, current_park(self.request, self.request.POST.get("park"))

    def _render(self, form, building, park, status=200):
        parks = []
        if building is None and not self.request.user.park_id:
            parks = list(Park.objects.visible_to(self.request.user).order_by("code"))
        context = self.get_context_data(
            form=form,
            building=building,
            park=park,
            parks=parks,
            land_tab="buildings",
            title=_("Edit building") if building else _("New building"),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, **kwargs):
        building, park = self._objects()
        form = BuildingForm(instance=building, user=request.user, park=park)
        return self._render(form, building, park)

    def post(self, request, **kwargs):
        building, park = self._objects()
        form = BuildingForm(request.POST, instance=building, user=request.user, park=park)
        if form.is_valid():
            saved = saved_through(
                form,
                create=partial(services.building_create, park=park),
                update=partial(services.building_update, building=building),
                instance=building,
                user=request.user,
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("land-building", pk=saved.pk)
        return self._render(form, building, park, status=400)


class BuildingDeleteView(LandMixin, TemplateView):
    model = Building
    action = Action.DELETE
    http_method_names = ["post"]

    def post(self, request, pk):
        building = building_or_404(request, pk, Action.DELETE)
        try:
            services.building_delete(
                building=building,
                expected_version=as_int(request.POST.get("version")),
                user=request.user,
            )
        except StaleEdit:
            messages.error(request, STALE)
            return redirect("land-building", pk=pk)
        messages.success(request, _("Building deleted."))
        return redirect("land-buildings")


# ---------------------------------------------------------------- unit form


class UnitEditView(LandMixin, TemplateView):
    """Add a unit (``<building pk>/units/new/``) or change one (``units/<pk>/edit/``)."""

    model = Unit
    template_name = "land/unit_form.html"
    creating = False

    def required_action(self) -> str:
        return Action.ADD if self.creating else Action.CHANGE

    def _objects(self):
        if self.creating:
            return building_or_404(self.request, self.kwargs["pk"], Action.CHANGE), None
        unit = unit_or_404(self.request, self.kwargs["pk"])
        return building_or_404(self.request, unit.building_id), unit

    def _render(self, form, building, unit, status=200):
        context = self.get_context_data(
            form=form,
            building=building,
            unit=unit,
            land_tab="buildings",
            title=_("Edit unit") if unit else _("New unit"),
        )
        if unit is not None:
            context["changes"] = changes_of(Unit.history.filter(id=unit.pk), Unit)
        return self.render_to_response(context, status=status)

    def get(self, request, **kwargs):
        building, unit = self._objects()
        initial = {}
        if unit is None and request.GET.get("floor"):
            initial["floor"] = as_int(request.GET.get("floor"))
        form = UnitForm(instance=unit, initial=initial, user=request.user, building=building)
        return self._render(form, building, unit)

    def post(self, request, **kwargs):
        building, unit = self._objects()
        form = UnitForm(request.POST, instance=unit, user=request.user, building=building)
        if form.is_valid():
            saved = saved_through(
                form,
                create=partial(services.unit_create, building=building),
                update=partial(services.unit_update, unit=unit),
                instance=unit,
                user=request.user,
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("land-building", pk=building.pk)
        return self._render(form, building, unit, status=400)


class UnitDeleteView(LandMixin, TemplateView):
    model = Unit
    action = Action.DELETE
    http_method_names = ["post"]

    def post(self, request, pk):
        unit = unit_or_404(request, pk, Action.DELETE)
        try:
            services.unit_delete(
                unit=unit, expected_version=as_int(request.POST.get("version")), user=request.user
            )
        except StaleEdit:
            messages.error(request, STALE)
        else:
            messages.success(request, _("Unit deleted."))
        return redirect("land-building", pk=unit.building_id)


urlpatterns = [
    path("buildings/", BuildingListView.as_view(), name="land-buildings"),
    path("buildings/new/", BuildingEditView.as_view(), name="land-building-create"),
    path("buildings/<int:pk>/", BuildingDetailView.as_view(), name="land-building"),
    path("buildings/<int:pk>/edit/", BuildingEditView.as_view(), name="land-building-edit"),
    path("buildings/<int:pk>/delete/", BuildingDeleteView.as_view(), name="land-building-delete"),
    path(
        "buildings/<int:pk>/units/new/",
        UnitEditView.as_view(creating=True),
        name="land-unit-create",
    ),
    path("units/<int:pk>/edit/", UnitEditView.as_view(), name="land-unit-edit"),
    path("units/<int:pk>/delete/", UnitDeleteView.as_view(), name="land-unit-delete"),
]
