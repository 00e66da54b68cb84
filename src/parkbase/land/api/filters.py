"""The API filters the land lists with the pages' filtersets."""

from parkbase.land.filtersets import ApprovalFilterSet, ParcelFilterSet  # noqa: F401
