"""Parcels as GeoJSON (RFC 7946, longitude/latitude): the map's FeatureCollection and
its download, and importing a FeatureCollection of parcels by their code.

Export is built as text from the stored geometry (read from the database as JSON text,
never parsed into Python and dumped again) with one query for the parcels and one for
the enterprises' classes; 5,000 parcels take a few tens of milliseconds.

Import reads a FeatureCollection whose features carry ``properties.code`` (required)
and optionally the parcel's other fields (``PROPERTIES``). Each feature is matched by
code among the park's parcels: a new code records a parcel, a known one gets the
geometry and properties given; a feature that changes nothing is left alone. Every
geometry goes through ``engine.read_geometry`` (coordinates must be longitude/latitude
in degrees: projected metres are named as such) and every feature through the parcel
services' own checks, so the messages are the same as on the parcel form, prefixed with
the feature's number and code, in Chinese and English. All or nothing: one bad feature
and nothing is written; a feature overlapping another parcel needs ``confirm_overlap``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parkbase.core import contributions, jsondepth, need_to_know
from parkbase.core.choices import Action
from parkbase.core.locking import StaleEdit
from parkbase.core.messages import render_both
from parkbase.core.models import Phase
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.violations import Violation
from parkbase.core.write import today as local_today
from parkbase.land.choices import CertificateStatus, LandUse, Ownership, UseStatus
from parkbase.land.models import Parcel
from parkbase.land.services.parcels import (
    PARCEL_FIELDS,
    describe_overlaps,
    overlapping,
    parcel_create,
    parcel_update,
    parcel_violations,
    read_shape,
)
from parkbase.land.services.rules import CONFIRM_CODES

MEDIA_TYPE = "application/geo+json"
# what a feature's properties may carry -> the parcel field it sets
PROPERTIES = {
    "code": "code",
    "name": "name",
    "location": "location",
    "phase": "phase",  # the phase's code
    "area": "area",
    "use": "current_use",
    "current_use": "current_use",
    "planned_use": "planned_use",
    "status": "use_status",
    "use_status": "use_status",
    "ownership": "ownership",
    "owner": "owner_name",
    "owner_name": "owner_name",
    "certificate_status": "certificate_status",
    "certificate_no": "certificate_no",
    "contract_signed_on": "contract_signed_on",
    "agreed_start_on": "agreed_start_on",
    "started_on": "started_on",
    "halted_since": "halted_since",
    "invested_share": "invested_share",
    "developed_share": "developed_share",
    "low_efficiency": "low_efficiency",
    "price_guidance": "price_guidance",
    "contact": "contact",
    "note": "note",
}
# what the export writes and an import of that file ignores
EXPORTED_ONLY = frozenset({"class", "url", "id", "confidential"})
DATES = ("contract_signed_on", "agreed_start_on", "started_on", "halted_since")
SHARES = ("invested_share", "developed_share")
LONLAT_CRS = ("CRS84", "4326", "4490")
CENT = Decimal("0.01")
# what ``parcel_create`` assumes when not told (checked here before it is called)
NEW_PARCEL_DEFAULTS = {
    "ownership": Ownership.STATE,
    "planned_use": LandUse.INDUSTRIAL,
    "certificate_status": CertificateStatus.NONE,
    "use_status": UseStatus.IN_USE,
}


# --------------------------------------------------------------------------- export


def classes_of(parcels: models.QuerySet, park, user=None) -> dict[int, str]:
    """{enterprise id: class} of the parcels' owning enterprises in the park's latest
    published evaluation run (contributed by evaluation): one query."""
    owners = parcels.order_by().values("owner_enterprise_id")
    return contributions.ENTERPRISE_CLASSES(owners, park, user)


def parcel_url_parts() -> tuple[str, str]:
    """The parcel page's URL around its primary key, so each feature costs no reverse()."""
    marker = 987654321
    url = reverse("land-parcel", args=[marker])
    before, _marker, after = url.partition(str(marker))
    return before, after


def feature_collection(parcels: models.QuerySet, classes: dict[int, str]) -> str:
    """The parcels with geometry as an RFC 7946 FeatureCollection, as JSON text. A
    parcel linked to a confidential project the reader is outside of carries the
    project's code name (``confidential``), from the mark ``visible_to`` gave it."""
    marked = need_to_know.ANNOTATION in parcels.query.annotations
    rows = (
        parcels.filter(geometry__isnull=False)
        .order_by("code", "pk")
        .annotate(geometry_text=Cast("geometry", models.TextField()))
        .values_list(
            "pk",
            "code",
            "name",
            "status",
            "current_use",
            "planned_use",
            "area",
            "owner_enterprise_id",
            "geometry_text",
            need_to_know.ANNOTATION if marked else "code",
        )
    )
    before, after = parcel_url_parts()
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    features = []
    append = features.append
    for pk, code, name, status, current_use, planned_use, area, owner, geometry, label in rows:
        properties = dumps(
            {
                "code": code,
                "name": name,
                "status": status,
                "use": current_use or planned_use,
                "area": float(area) if area is not None else None,
                "class": classes.get(owner),
                "url": f"{before}{pk}{after}" if before else None,
                "confidential": label if marked else None,
            }
        )
        append(f'{{"type":"Feature","id":{pk},"geometry":{geometry},"properties":{properties}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


# --------------------------------------------------------------------------- import


@dataclass
class GeoJsonReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    dry_run: bool = False
    needs_confirmation: bool = False  # some feature overlaps another parcel
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    features: list[dict] = field(default_factory=list)  # per feature: what it does
    ignored: list[str] = field(default_factory=list)  # property names not read
    unusable: dict | None = None  # {"zh", "en"} when the file cannot be read at all

    def add(self, kind: str, index: int, code: str, violation: Violation) -> None:
        messages = render_both(violation, Parcel)
        with translation.override("zh-hans"):
            where_zh = _where(index, code)
        with translation.override("en"):
            where_en = _where(index, code)
        getattr(self, kind).append(
            {
                "feature": index,
                "code": code,
                "field": violation.field,
                "rule": violation.code,
                "message": f"{where_zh}{messages['zh']}",
                "message_en": f"{where_en}{messages['en']}",
            }
        )

    def add_message(self, index: int, code: str, field_name: str, rule: str, text: str) -> None:
        """A refusal that came back from a service as text (the active language)."""
        with translation.override("zh-hans"):
            where_zh = _where(index, code)
        with translation.override("en"):
            where_en = _where(index, code)
        self.errors.append(
            {
                "feature": index,
                "code": code,
                "field": field_name,
                "rule": rule,
                "message": f"{where_zh}{text}",
                "message_en": f"{where_en}{text}",
            }
        )

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "written": self.written,
            "needs_confirmation": self.needs_confirmation,
            "unusable": self.unusable,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def _where(index: int, code: str) -> str:
    if code:
        return _("Feature {index} (parcel {code}): ").format(index=index, code=code)
    return _("Feature {index}: ").format(index=index)


def read_collection(data) -> tuple[list | None, Violation | None]:
    """The features of a FeatureCollection given as bytes, text or an already-parsed
    object, or None and why the file cannot be used at all."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, Violation("file", "geojson_not_json", {"detail": "not UTF-8"})
    if isinstance(data, str):
        try:
            data = jsondepth.loads(data)
        except ValueError as exc:
            detail = str(exc)
            return None, Violation("file", "geojson_not_json", {"detail": detail})
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if not isinstance(data, dict) or kind != "FeatureCollection":
        return None, Violation("file", "geojson_not_collection", {"value": str(kind)})
    features = data.get("features")
    if not isinstance(features, list):
        return None, Violation("file", "geojson_not_collection", {"value": "features?"})
    crs = _crs_name(data.get("crs"))
    if crs and not any(crs.upper().endswith(ok) for ok in LONLAT_CRS):
        return None, Violation("file", "geojson_crs", {"value": crs})
    return features, None


def _crs_name(crs) -> str:
    """The name of a GeoJSON 2008 ``crs`` member (RFC 7946 dropped it; QGIS still
    writes it, which tells a projected file apart)."""
    if not isinstance(crs, dict):
        return ""
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    return str(name).strip() if name else ""


@dataclass
class _Feature:
    index: int
    code: str
    values: dict  # parcel field -> value, as read from the properties
    geometry: object  # what the feature gave (None: no geometry)
    shape: object = None
    phase_code: str | None = None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_properties(index: int, raw: dict, report: GeoJsonReport) -> tuple[dict, list, str]:
    """(values, violations, phase code) of a feature's properties."""
    values, found, phase_code = {}, [], None
    for key, value in raw.items():
        target = PROPERTIES.get(key)
        if target is None:
            if key not in EXPORTED_ONLY and key not in report.ignored:
                report.ignored.append(key)
            continue
        if target == "code":
            continue
        if target == "phase":
            phase_code = _text(value) or None
            continue
        if target == "area" or target in SHARES:
            if value in (None, ""):
                values[target] = None
                continue
            try:
                number = Decimal(_text(value).replace(",", ""))
                if not number.is_finite():
                    raise InvalidOperation
                values[target] = number.quantize(CENT)
            except InvalidOperation:  # not a number, or beyond what a column holds
                found.append(Violation(target, "not_a_number", {"value": _text(value)}))
                continue
        elif target in DATES:
            if value in (None, ""):
                values[target] = None
                continue
            try:
                values[target] = dt.date.fromisoformat(_text(value)[:10])
            except ValueError:
                found.append(Violation(target, "not_a_date", {"value": _text(value)}))
        else:
            text = _text(value)
            limit = getattr(Parcel._meta.get_field(target), "max_length", None)
            if limit and len(text) > limit:
                found.append(Violation(target, "text_too_long", {"value": text, "limit": limit}))
                continue
            values[target] = text
    return values, found, phase_code


def _read_features(features: list, report: GeoJsonReport) -> list[_Feature]:
    """Each feature's code, properties and geometry, checked on their own (no database)."""
    read: list[_Feature] = []
    seen: dict[str, int] = {}
    code_limit = Parcel._meta.get_field("code").max_length
    for index, feature in enumerate(features, 1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            kind = feature.get("type") if isinstance(feature, dict) else type(feature).__name__
            report.add("errors", index, "", Violation("file", "not_a_feature", {"value": kind}))
            continue
        raw = feature.get("properties") or {}
        if not isinstance(raw, dict):
            raw = {}
        code = _text(raw.get("code"))
        problems: list[Violation] = []
        if not code:
            problems.append(Violation("code", "required"))
        elif len(code) > code_limit:
            problems.append(
                Violation("code", "text_too_long", {"value": code, "limit": code_limit})
            )
        elif code in seen:
            problems.append(
                Violation("code", "duplicate_feature", {"value": code, "first": seen[code]})
            )
        else:
            seen[code] = index
        values, found, phase_code = _read_properties(index, raw, report)
        problems += found
        geometry = feature.get("geometry")
        shape = None
        if geometry is not None:
            shape, errors = read_shape(geometry)
            problems += errors
            for warning in shape.warnings if shape is not None else ():
                report.add("warnings", index, code, warning)
        for violation in problems:
            report.add("errors", index, code, violation)
        if not problems:
            read.append(_Feature(index, code, values, geometry, shape, phase_code))
    return read


def _changes(feature: _Feature, current: Parcel | None) -> dict:
    """What the feature would set: for a known parcel only what differs."""
    values = dict(feature.values)
    if current is None:
        if feature.shape is not None:
            values["geometry"] = feature.shape.geometry
        return values
    changes = {}
    for name, value in values.items():
        old = getattr(current, name)
        if name == "use_status" and value == current.status:
            continue  # the status as shown (an export read back), idle included
        if name == "current_use" and not old and value == current.planned_use:
            continue  # an export's "use" falls back on the planned use
        if name in ("area", *SHARES) and old is not None and value is not None:
            if Decimal(old) == value:
                continue
        elif (old or "") == (value or "") if isinstance(old, str) else old == value:
            continue
        changes[name] = value
    if feature.shape is not None and feature.shape.geometry != current.geometry:
        changes["geometry"] = feature.shape.geometry
    return changes


def import_geojson(
    data,
    *,
    park,
    user=None,
    dry_run: bool = False,
    confirm_overlap: bool = False,
    today: dt.date | None = None,
) -> GeoJsonReport:
    """Record the parcels of a FeatureCollection (see the module's description); with
    ``dry_run`` everything is checked and counted, nothing kept. ``user`` None is the
    command line (the whole park); a user changes only the parcels they may change."""
    report = GeoJsonReport(dry_run=dry_run)
    features, unusable = read_collection(data)
    if unusable is not None:
        report.unusable = render_both(unusable)
        return report
    read = _read_features(features, report)
    on = today or local_today()
    parcels = Parcel.objects.for_actor(user, Action.CHANGE)
    with transaction.atomic():
        known = {p.code: p for p in parcels.filter(park=park, code__in=[f.code for f in read])}
        phases = {p.code: p for p in Phase.objects.unscoped(RULE_CHECK).filter(park=park)}
        for feature in read:
            _import_one(
                feature, known.get(feature.code), phases, park, user, on, confirm_overlap, report
            )
        report.written = not dry_run and not report.errors
        if not report.written:
            transaction.set_rollback(True)
    return report


def _import_one(feature, current, phases, park, user, on, confirm_overlap, report) -> None:
    index, code = feature.index, feature.code
    if feature.phase_code is not None:
        phase = phases.get(feature.phase_code)
        if phase is None:
            report.add(
                "errors",
                index,
                code,
                Violation("phase", "unknown_reference", {"value": feature.phase_code}),
            )
            return
        feature.values["phase"] = phase
    changes = _changes(feature, current)
    if current is not None and not changes:
        report.unchanged += 1
        report.features.append({"feature": index, "code": code, "action": "unchanged"})
        return
    if current is None:
        changes["code"] = code
        changes.setdefault("name", code)
        if changes.get("area") is None and feature.shape is not None:
            changes["area"] = Decimal(str(round(feature.shape.area, 2)))
        for name, default in NEW_PARCEL_DEFAULTS.items():
            if not changes.get(name):
                changes[name] = default
    # the services' own checks, as violations (so both languages can be shown)
    merged = changes if current is None else {n: getattr(current, n) for n in PARCEL_FIELDS}
    if current is not None:
        merged = merged | changes
    problems = parcel_violations(merged, park=park, current=current)
    if not problems and "geometry" in changes and not confirm_overlap:
        found = overlapping(park, feature.shape, exclude_pk=current.pk if current else None)
        if found:
            problems.append(
                Violation("geometry", "parcel_overlap", {"others": describe_overlaps(found)})
            )
    if problems:
        for violation in problems:
            report.needs_confirmation |= violation.code in CONFIRM_CODES
            report.add("errors", index, code, violation)
        return
    try:
        with transaction.atomic():
            if current is None:
                parcel = parcel_create(
                    park=park, user=user, today=on, confirm_overlap=confirm_overlap, **changes
                )
            else:
                parcel = parcel_update(
                    parcel=current,
                    expected_version=current.version,
                    user=user,
                    today=on,
                    confirm_overlap=confirm_overlap,
                    **changes,
                )
    except ValidationError as exc:
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {"": exc.error_list}
        for name, errors in by_field.items():
            for error in errors:
                report.needs_confirmation |= error.code in CONFIRM_CODES
                report.add_message(index, code, name, error.code or "", " ".join(error.messages))
        return
    except StaleEdit:
        report.add("errors", index, code, Violation("code", "stale"))
        return
    except PermissionDenied as exc:  # need-to-know: a confidential project's parcel
        report.add_message(index, code, "note", "need_to_know", str(exc))
        return
    action = "created" if current is None else "updated"
    setattr(report, action, getattr(report, action) + 1)
    report.features.append(
        {
            "feature": index,
            "code": code,
            "action": action,
            "pk": parcel.pk,
            "fields": sorted(changes),
            "status": parcel.status,
            "area": parcel.area,
            "geometry_area": parcel.geometry_area,
            "area_mismatch": parcel.area_mismatch,
        }
    )
    if parcel.area_mismatch:
        report.add(
            "warnings",
            index,
            code,
            Violation(
                "area",
                "area_mismatch",
                {
                    "value": parcel.area,
                    "other_value": parcel.geometry_area,
                    "percent": round(
                        float((parcel.area - parcel.geometry_area) / parcel.geometry_area * 100), 1
                    ),
                },
            ),
        )
