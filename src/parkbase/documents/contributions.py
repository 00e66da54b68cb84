"""What the library shows on the pages of the records a document is about (provided
in ``DocumentsConfig.ready``): a "documents" tab of an enterprise's, a project's and a
parcel's page, counted and listed through the reader's scope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkbase.core.contributions import Tab
from parkbase.documents import selectors


def _tab(field: str, record, user) -> Tab:
    documents = selectors.linked_to(user, field, record)
    return Tab(
        key="documents",
        label=_("Documents"),
        count=documents.count(),
        template="documents/_record_documents.html",
        context={
            "documents": lambda: list(selectors.listed(documents)[:200]),
            "link": f"{field}:{record.pk}",
            "can_add": selectors.may_add(user),
        },
        order=90,
    )


def enterprise_tab(enterprise, user) -> Tab:
    return _tab("enterprise", enterprise, user)


def project_tab(project, user) -> Tab:
    return _tab("project", project, user)


def parcel_tab(parcel, user) -> Tab:
    return _tab("parcel", parcel, user)
