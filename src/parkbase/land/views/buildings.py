"""Buildings and their units: the list (filter, sort, XLSX), a building's page with its
letting control table (租控表), and the forms to add, change and delete buildings and
units. Every object comes through ``visible_to``; out-of-scope objects answer 404."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceDeleteView, ServiceFormView
from parkbase.core.history import changes_of
from parkbase.core.views import (
    ScopedListView,
    as_int,
    current_park,
    may,
    object_or_404,
    parks_to_choose,
)
from parkbase.land import engine, selectors
from parkbase.land.choices import UnitStatus
from parkbase.land.filtersets import BuildingFilterSet, UnitFilterSet
from parkbase.land.forms import BuildingForm, UnitForm
from parkbase.land.importers import BUILDINGS, UNITS
from parkbase.land.models import Building, Unit
from parkbase.land.services import buildings as services
from parkbase.land.tables import BuildingTable, UnitTable
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

    export = staticmethod(BUILDINGS.export_rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["land_tab"] = "buildings"
        return context


class UnitListView(LandMixin, ScopedListView):
    """The units of every building: the letting control tables as one list, which
    exports and imports back (``importers.UnitSheet``)."""

    model = Unit
    land_tab = "buildings"
    filterset_class = UnitFilterSet
    table_class = UnitTable
    select_related = ("building", "tenant")
    template_name = "land/unit_list.html"
    export_name = "units"
    title = _("Units")

    export = staticmethod(UNITS.export_rows)


class BuildingDetailView(LandMixin, TemplateView):
    model = Building
    template_name = "land/building_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        building = building_or_404(self.request, pk)
        space = selectors.building_space(self.request.user, building)
        units = list(selectors.building_units(self.request.user, building))
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


class BuildingEditView(LandMixin, ServiceFormView):
    model = Building
    template_name = "land/building_form.html"
    form_class = BuildingForm
    create_service = staticmethod(services.building_create)
    update_service = staticmethod(services.building_update)
    service_arg = "building"

    def get_object(self):
        if self.is_creating():
            return None
        return building_or_404(self.request, self.kwargs["pk"], Action.CHANGE)

    def park(self, building):
        if building is not None:
            return building.park
        return current_park(self.request, self.request.POST.get("park"))

    def form_kwargs(self, building) -> dict:
        return super().form_kwargs(building) | {"park": self.park(building)}

    def create_args(self) -> dict:
        return {"park": self.park(None)}

    def form_context(self, form, building) -> dict:
        parks = parks_to_choose(self.request) if building is None else []
        return {
            "building": building,
            "park": self.park(building),
            "parks": parks,
            "land_tab": "buildings",
            "title": _("Edit building") if building else _("New building"),
        }

    def success_url(self, saved) -> str:
        return reverse("land-building", args=[saved.pk])


class BuildingDeleteView(LandMixin, ServiceDeleteView):
    model = Building
    delete_service = staticmethod(services.building_delete)
    service_arg = "building"
    deleted_message = _("Building deleted.")

    def success_url(self, building) -> str:
        return reverse("land-buildings")

    def refused_url(self, building) -> str:
        return reverse("land-building", args=[building.pk])


# ---------------------------------------------------------------- unit form


class UnitEditView(LandMixin, ServiceFormView):
    """Add a unit (``<building pk>/units/new/``) or change one (``units/<pk>/edit/``)."""

    model = Unit
    template_name = "land/unit_form.html"
    form_class = UnitForm
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    service_arg = "unit"
    creating = False

    def get_object(self):
        if self.creating:
            return None
        return unit_or_404(self.request, self.kwargs["pk"])

    def building(self, unit) -> Building:
        if unit is None:
            return building_or_404(self.request, self.kwargs["pk"], Action.CHANGE)
        return building_or_404(self.request, unit.building_id)

    def form_kwargs(self, unit) -> dict:
        kwargs = super().form_kwargs(unit) | {"building": self.building(unit)}
        if unit is None and self.request.GET.get("floor"):
            kwargs["initial"] = {"floor": as_int(self.request.GET.get("floor"))}
        return kwargs

    def create_args(self) -> dict:
        return {"building": self.building(None)}

    def form_context(self, form, unit) -> dict:
        context = {
            "building": self.building(unit),
            "unit": unit,
            "land_tab": "buildings",
            "title": _("Edit unit") if unit else _("New unit"),
        }
        if unit is not None:
            context["changes"] = changes_of(Unit.history.filter(id=unit.pk), Unit)
        return context

    def success_url(self, saved) -> str:
        return reverse("land-building", args=[saved.building_id])


class UnitDeleteView(LandMixin, ServiceDeleteView):
    model = Unit
    delete_service = staticmethod(services.unit_delete)
    service_arg = "unit"
    deleted_message = _("Unit deleted.")

    def get_object(self):
        return unit_or_404(self.request, self.kwargs["pk"], Action.DELETE)

    def success_url(self, unit) -> str:
        return reverse("land-building", args=[unit.building_id])


urlpatterns = [
    path("buildings/", BuildingListView.as_view(), name="land-buildings"),
    path("units/", UnitListView.as_view(), name="land-units"),
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
