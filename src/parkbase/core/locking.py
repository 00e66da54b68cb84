"""Optimistic locking: every editable record carries a ``version``; an edit names the
version it started from and is refused if the record moved on meanwhile."""


class StaleEdit(Exception):
    """The record changed since the editor loaded it."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


def lock_for_edit(queryset, pk, expected_version: int | None):
    """Fetch the row for update (inside a transaction) and check its version; an edit
    that does not say which version it started from is refused like a stale one."""
    current = queryset.select_for_update().get(pk=pk)
    if expected_version is None or current.version != expected_version:
        raise StaleEdit(current.version)
    return current
