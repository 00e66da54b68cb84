"""The investors' inventory (招商资源): available land and vacant building space, with
an XLSX export of the filtered list and a one-page DOCX sheet per site."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import clock
from parkbase.core.exports import xlsx_response
from parkbase.land import selectors, sheets
from parkbase.land.choices import UnitStatus
from parkbase.land.forms import InventoryFilterForm
from parkbase.land.models import Building, Parcel
from parkbase.land.services import inventory as services
from parkbase.land.views.parcels import LandMixin

TITLE = _("Land and premises for investors")  # the page's and its export sheet's name


class InventoryView(LandMixin, TemplateView):
    model = Parcel
    template_name = "land/inventory.html"

    def get(self, request, *args, **kwargs):
        form = InventoryFilterForm(request.GET or None, user=request.user)
        filters = {}
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = {
                "min_area": data.get("min_area"),
                "max_area": data.get("max_area"),
                "use": data.get("use") or "",
                "phase": data.get("phase"),
            }
        if form.is_bound and not form.is_valid():
            found = services.Inventory(land=[], buildings=[])
        else:
            found = services.inventory(request.user, **filters)
        if request.GET.get("export") == "xlsx":
            headers, rows = services.export_rows(found)
            return xlsx_response("inventory", headers, rows, sheet=str(TITLE))
        query = request.GET.copy()
        query["export"] = "xlsx"
        context = self.get_context_data(
            form=form,
            inventory=found,
            land_tab="inventory",
            title=TITLE,
            export_query=query.urlencode(),
        )
        return self.render_to_response(context)


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=sheets.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


def _safe(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in code) or "site"


class ParcelSheetView(LandMixin, TemplateView):
    model = Parcel

    def get(self, request, pk):
        parcel = (
            Parcel.objects.visible_to(request.user)
            .select_related("park", "phase")
            .filter(pk=pk)
            .first()
        )
        if parcel is None:
            raise Http404
        decisions = services.freed_decisions(request.user, parcel=parcel)
        content = sheets.parcel_sheet(parcel, today=clock.today(), decisions=decisions)
        return _docx(content, f"parcel-{_safe(parcel.code)}")


class BuildingSheetView(LandMixin, TemplateView):
    model = Building

    def get(self, request, pk):
        building = (
            Building.objects.visible_to(request.user)
            .select_related("park", "parcel", "parcel__phase")
            .filter(pk=pk)
            .first()
        )
        if building is None:
            raise Http404
        vacant = list(selectors.building_units(request.user, building, UnitStatus.VACANT))
        content = sheets.building_sheet(building, today=clock.today(), vacant_units=vacant)
        return _docx(content, f"building-{_safe(building.code)}")


urlpatterns = [
    path("inventory/", InventoryView.as_view(), name="land-inventory"),
    path("parcels/<int:pk>/sheet/", ParcelSheetView.as_view(), name="land-parcel-sheet"),
    path("buildings/<int:pk>/sheet/", BuildingSheetView.as_view(), name="land-building-sheet"),
]
