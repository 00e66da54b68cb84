"""The park-wide lists of what hangs off the projects: activities (with their next
steps) and funding records. Each filters, sorts, pages and exports to XLSX in its
import template's layout, so the export comes back through the import unchanged.
A confidential project shows its code name, its hidden details the placeholder, to
everyone but its insiders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkbase.core.views import ScopedListView
from parkbase.projects.filtersets import ActivityFilterSet, FundingFilterSet
from parkbase.projects.importers.parts import ACTIVITIES, FUNDING
from parkbase.projects.models import Activity, Funding
from parkbase.projects.tables import ActivityTable, FundingTable
from parkbase.projects.views.common import ProjectScopedMixin


class ActivityListView(ProjectScopedMixin, ScopedListView):
    model = Activity
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    select_related = ("project", "owner")
    template_name = "projects/part_list.html"
    export_name = "activities"
    title = _("Project activities")

    export = staticmethod(ACTIVITIES.export_rows)


class FundingListView(ProjectScopedMixin, ScopedListView):
    model = Funding
    filterset_class = FundingFilterSet
    table_class = FundingTable
    select_related = ("project", "investor")
    template_name = "projects/part_list.html"
    export_name = "funding"
    title = _("Project funding")

    export = staticmethod(FUNDING.export_rows)
