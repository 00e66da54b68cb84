"""Background tasks of the land app (huey; found by huey's Django integration)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="0", minute="20"))
def refresh_idle_land() -> int:
    """Idle land depends on the date (a year past the agreed start, a year halted):
    every night the rule is applied again to every parcel, and each change of status
    goes into the audit trail."""
    from parkbase.core.scoping import bypass
    from parkbase.land.services import refresh_idle

    with bypass("nightly idle-land rule over every parcel"):
        return refresh_idle()
