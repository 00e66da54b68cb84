"""The offline map of the park's parcels (Leaflet, served from static; base-map tiles
only when ``PARKBASE_TILE_URL`` names a tile server), the parcels as GeoJSON with the
map's filters (and as a download), and the GeoJSON import: upload, preview (a dry run
that checks and counts everything), confirm.

Land is the committee's record: administrators, leaders and staff of the park see it;
every other role finds nothing here (404), like out-of-scope objects."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts, contributions
from parkbase.core.badges import text_colour
from parkbase.core.choices import Action
from parkbase.core.messages import render
from parkbase.core.scoping import role_allows, role_sees_model
from parkbase.core.views import current_park, parks_to_choose
from parkbase.core.violations import Violation
from parkbase.land import selectors
from parkbase.land.choices import STATUS_COLOURS, LandUse, ParcelStatus
from parkbase.land.forms import ImportForm, MapFilterForm
from parkbase.land.models import Parcel
from parkbase.land.services import geojson
from parkbase.land.views.parcels import LandMixin

UPLOAD_LIMIT = 20 * 1024 * 1024
UPLOADS = "land-geojson-uploads"  # session key: token -> park id and file name
UPLOAD_FOLDER = "land/geojson"
UPLOAD_KEPT = dt.timedelta(days=1)


def map_filter(request, park) -> tuple[MapFilterForm, object]:
    """The filter form and the visible parcels of the park it selects (none when the
    filter is invalid)."""
    form = MapFilterForm(request.GET, user=request.user, park=park)
    data = form.cleaned_data if form.is_valid() else None
    return form, selectors.map_parcels(request.user, park, data)


def _filter_query(request) -> str:
    query = request.GET.copy()
    for key in ("download", "colour"):
        query.pop(key, None)
    return query.urlencode()


def class_legend(user, park) -> list[tuple[str, str]]:
    """(class, colour) of the latest published run's scheme, best first (the class
    names are contributed by evaluation)."""
    return list(charts.class_colours(contributions.CLASS_NAMES(park, user)).items())


class MapView(LandMixin, TemplateView):
    template_name = "land/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        park = current_park(request)
        form, parcels = map_filter(request, park)
        counts = selectors.map_counts(parcels)
        query = _filter_query(request)
        if not request.user.park_id and "park" not in request.GET:
            query = f"park={park.pk}" + (f"&{query}" if query else "")
        colour = "class" if request.GET.get("colour") == "class" else "status"
        classes = class_legend(request.user, park)
        context.update(
            title=_t("Land map"),
            land_tab="map",
            park=park,
            parks=parks_to_choose(request),
            form=form,
            counts=counts,
            colour=colour,
            query=query,
            map_config={
                "geojson": reverse("land-geojson") + (f"?{query}" if query else ""),
                "tiles": settings.PARKBASE_TILE_URL or "",
                "colour": colour,
                # the popup writes status and class as badges, coloured as the
                # pages' badges are (core.badges)
                "statuses": {
                    value: {
                        "label": str(label),
                        "colour": STATUS_COLOURS[value],
                        "text": text_colour(STATUS_COLOURS[value]),
                    }
                    for value, label in ParcelStatus.choices
                },
                "uses": {value: str(label) for value, label in LandUse.choices},
                "classes": dict(classes),
                "classText": {name: text_colour(colour) for name, colour in classes},
                "noClass": charts.NO_CLASS_COLOUR,
                "text": {
                    "area": _t("area"),
                    "status": _t("status"),
                    "use": _t("use"),
                    "class": _t("class"),
                    "open": _t("Open the parcel"),
                    "confidential": _t("reserved for a confidential project"),
                    "mu": _t("mu"),
                    "none": _t("not evaluated"),
                    "empty": _t("No parcel with a geometry matches the filter."),
                },
            },
            status_legend=[
                (value, label, STATUS_COLOURS[value]) for value, label in ParcelStatus.choices
            ],
            class_legend=classes,
            no_class_colour=charts.NO_CLASS_COLOUR,
            may_import=_may_import(request.user),
        )
        return context


def _may_import(user) -> bool:
    return role_allows(user, Action.ADD, Parcel) and role_allows(user, Action.CHANGE, Parcel)


class GeoJsonView(LandMixin, TemplateView):
    """The visible parcels of the park with the map's filters, as a FeatureCollection;
    ``?download=1`` as a file."""

    def get(self, request, *args, **kwargs):
        park = current_park(request)
        _form, parcels = map_filter(request, park)
        text = geojson.feature_collection(parcels, geojson.classes_of(parcels, park, request.user))
        response = HttpResponse(text, content_type=f"{geojson.MEDIA_TYPE}; charset=utf-8")
        if request.GET.get("download"):
            response["Content-Disposition"] = f'attachment; filename="parcels-{park.code}.geojson"'
        return response


class ImportView(LandMixin, TemplateView):
    """Upload → preview (a dry run) → confirm. The uploaded file waits in the storage
    under a random token remembered in the user's session until it is confirmed."""

    template_name = "land/geojson_import.html"
    action = Action.ADD

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and role_sees_model(request.user, Parcel)
            and not _may_import(request.user)
        ):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context.update(
            title=_t("Import parcels from GeoJSON"),
            land_tab="map",
            park=kwargs.get("park") or current_park(self.request),
            properties=sorted(geojson.PROPERTIES),
        )
        return context

    def post(self, request, *args, **kwargs):
        park = current_park(request, request.POST.get("park"))
        token = request.POST.get("token", "")
        if token:
            return self._confirm(request, park, token)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, park=park))
        upload = form.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            form.add_error(
                "file",
                render(
                    Violation(
                        str(_("GeoJSON file")),
                        "file_too_large",
                        {"value": upload.size, "limit": UPLOAD_LIMIT},
                    )
                ),
            )
            return self.render_to_response(self.get_context_data(form=form, park=park))
        data = upload.read()
        report = geojson.import_geojson(data, park=park, user=request.user, dry_run=True)
        token = ""
        if report.unusable is None and (not report.errors or _only_overlaps_block(report)):
            forget_old_uploads()
            token = secrets.token_hex(16)
            default_storage.save(_stored(token), ContentFile(data))
            uploads = request.session.get(UPLOADS, {})
            uploads[token] = {"park": park.pk, "name": upload.name}
            request.session[UPLOADS] = uploads
        return self.render_to_response(
            self.get_context_data(
                form=form, park=park, report=report, token=token, file_name=upload.name
            )
        )

    def _confirm(self, request, park, token):
        uploads = request.session.get(UPLOADS, {})
        entry = uploads.get(token)
        if entry is None or entry["park"] != park.pk or not default_storage.exists(_stored(token)):
            raise Http404
        with default_storage.open(_stored(token), "rb") as stored:
            data = stored.read()
        confirm = request.POST.get("confirm_overlap") == "on"
        report = geojson.import_geojson(data, park=park, user=request.user, confirm_overlap=confirm)
        if not report.written:
            return self.render_to_response(
                self.get_context_data(
                    park=park, report=report, token=token, file_name=entry["name"]
                )
            )
        default_storage.delete(_stored(token))
        uploads.pop(token, None)
        request.session[UPLOADS] = uploads
        messages.success(
            request,
            _t("{created} parcels created, {updated} updated, {unchanged} unchanged.").format(
                created=report.created, updated=report.updated, unchanged=report.unchanged
            ),
        )
        url = reverse("land-map")
        return redirect(f"{url}?park={park.pk}" if not request.user.park_id else url)


def _only_overlaps_block(report) -> bool:
    """Whether the only errors are overlaps, which a confirmation lets through."""
    return bool(report.errors) and all(e["rule"] == "parcel_overlap" for e in report.errors)


def _stored(token: str) -> str:
    if not token.isalnum():
        raise Http404
    return f"{UPLOAD_FOLDER}/{token}.json"


def forget_old_uploads() -> int:
    """Checked files that nobody confirmed are kept a day, then removed."""
    if not default_storage.exists(UPLOAD_FOLDER):
        return 0
    limit = timezone.now() - UPLOAD_KEPT
    _folders, files = default_storage.listdir(UPLOAD_FOLDER)
    stored = [f"{UPLOAD_FOLDER}/{name}" for name in files]
    old = [name for name in stored if default_storage.get_modified_time(name) < limit]
    for name in old:
        default_storage.delete(name)
    return len(old)


urlpatterns = [
    path("map/", MapView.as_view(), name="land-map"),
    path("map/parcels.geojson", GeoJsonView.as_view(), name="land-geojson"),
    path("map/import/", ImportView.as_view(), name="land-geojson-import"),
]
