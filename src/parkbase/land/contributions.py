"""What land shows on the pages of apps beside or below it, through
``core.contributions`` (provided in ``LandConfig.ready``): the parcels an enterprise
holds, the parcels it occupies as a tenant and the units it rents, as a tab of the
enterprise's page; the committee's dashboard card."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core import charts, dashboard
from parkbase.core.contributions import Tab
from parkbase.core.scoping import role_sees_model
from parkbase.core.units import in_mu
from parkbase.land.choices import STATUS_COLOURS, ParcelStatus
from parkbase.land.models import Parcel, Tenancy, Unit


def enterprise_tab(enterprise, user) -> Tab | None:
    """The enterprise's land and premises, as far as the reader may see them: the
    count is of all three kinds of record."""
    if not role_sees_model(user, Parcel):
        return None
    parcels = Parcel.objects.visible_to(user).filter(owner_enterprise=enterprise)
    tenancies = Tenancy.objects.visible_to(user).filter(enterprise=enterprise)
    units = Unit.objects.visible_to(user).filter(tenant=enterprise)
    return Tab(
        key="land",
        label=_("Land and buildings"),
        count=parcels.count() + tenancies.count() + units.count(),
        template="land/_enterprise_land.html",
        context={
            "parcels": parcels.defer("geometry").order_by("code", "id"),
            "tenancies": tenancies.select_related("parcel").defer("parcel__geometry"),
            "units": units.select_related("building").order_by(
                "building__code", "floor", "code", "id"
            ),
        },
        order=20,
    )


def dashboard_card(user) -> dict | None:
    """The committee's card: the park's land by status in 亩 (each bar opens those
    parcels), the idle land first among its figures."""
    if not dashboard.sees_dashboard(user) or not role_sees_model(user, Parcel):
        return None
    counted = (
        Parcel.objects.visible_to(user)
        .values("status")
        .annotate(n=Count("id"), area=Sum("area"))
        .order_by()
    )
    rows = {row["status"]: (row["n"], row["area"]) for row in counted}
    parcels = reverse("land-parcels")
    idle_count, idle_area = rows.get(ParcelStatus.IDLE, (0, 0))
    pairs = [
        {
            "name": str(label),
            "value": float(in_mu(rows[status][1] or 0, 0)),
            "url": f"{parcels}?{urlencode({'status': status})}",
            "colour": STATUS_COLOURS.get(status),
        }
        for status, label in ParcelStatus.choices
        if status in rows
    ]
    return dashboard.card(
        _("Land by status (mu)"),
        url=parcels,
        figures=[
            dashboard.Figure(
                _("Idle land (mu · parcels)"),
                f"{in_mu(idle_area or 0, 0):,} · {idle_count:,}",
                f"{parcels}?status={ParcelStatus.IDLE}",
            )
        ],
        option=charts.bar(pairs, horizontal=True) if pairs else None,
        order=40,
        empty=_("No parcels recorded yet."),
    )
