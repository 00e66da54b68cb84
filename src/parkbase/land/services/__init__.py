"""Writes of the land app; views, the API, imports and the demo loader call these.

Other modules of this package (buildings, inventory, geojson) are imported by their
own callers, not from here."""

from parkbase.land.services.approvals import (  # noqa: F401
    APPROVAL_FIELDS,
    UNCHANGED,
    approval_create,
    approval_delete,
    approval_update,
)
from parkbase.land.services.parcels import (  # noqa: F401
    CONSTRAINT_FIELDS,
    PARCEL_FIELDS,
    TENANCY_FIELDS,
    constraint_add,
    constraint_delete,
    constraint_update,
    parcel_create,
    parcel_delete,
    parcel_update,
    refresh_idle,
    tenancy_add,
    tenancy_delete,
    tenancy_update,
)
from parkbase.land.services.rules import CONFIRM_CODES as CONFIRM_CODES
