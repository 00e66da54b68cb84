"""What land shows on the pages of apps beside or below it, through
``core.contributions`` (provided in ``LandConfig.ready``): the parcels an enterprise
holds, the parcels it occupies as a tenant and the units it rents, as a tab of the
enterprise's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkbase.core.contributions import Tab
from parkbase.core.scoping import role_sees_model
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
