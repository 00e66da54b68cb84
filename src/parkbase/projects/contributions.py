"""What projects gives the pages of apps below it, through ``core.contributions``
(provided in ``ProjectsConfig.ready``): the link between a land approval and the
project it serves, which the project owns (``ApprovalLink``), the approval page's
panel of that project and the blockers waiting for the approval, and the projects an
enterprise is linked to as a tab of the enterprise's page, and the committee's
dashboard card."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core import charts, clock, dashboard
from parkbase.core.contributions import Tab
from parkbase.core.need_to_know import REFUSED, label_for
from parkbase.core.rules import same_park
from parkbase.core.scoping import (
    FOR_WRITE,
    RULE_CHECK,
    SUBQUERY,
    SYSTEM_WORK,
    UNDER_PARENT,
    role_sees_model,
)
from parkbase.core.write import delete, save
from parkbase.projects.choices import OPEN_STATUSES
from parkbase.projects.models import (
    ApprovalLink,
    Blocker,
    Project,
    ProjectInvestor,
    Stage,
    insider_q,
)
from parkbase.projects.selectors.base import stage_label

#: the paths by which land's records reach the project an approval serves
NEED_TO_KNOW_PATHS = {
    "Approval": "project_link__project__",
    "Parcel": "approvals__project_link__project__",
    "Constraint": "parcel__approvals__project_link__project__",
}


class ServedProject:
    """``core.contributions.ApprovalServes``: a land approval serves a project."""

    name = "project"
    label = _("project")
    help_text = _("The investment project the land is for.")
    model = Project
    link_model = ApprovalLink
    # an import names a project as its reader was shown it (the real name for insiders)
    # or by its code name (what an outsider's export wrote)
    import_keys = ("shown_name", "code_name")

    def choices(self, user, park=None):
        if user is None:  # system work (an import from the command line): the park's all
            projects = Project.objects.unscoped(SYSTEM_WORK)
        else:
            projects = Project.objects.visible_to(user)
        return (projects if park is None else projects.filter(park=park)).order_by("-id")

    def choice_label(self, project) -> str:
        return project.shown_name

    def annotate(self, approvals):
        links = ApprovalLink.objects.unscoped(SUBQUERY).filter(approval=OuterRef("pk"))
        return approvals.annotate(
            served_id=Subquery(links.values("project_id")[:1]),
            served_name=Subquery(links.values("project__name")[:1]),
        )

    def filter(self, approvals, project):
        return approvals.filter(project_link__project=project)

    def _served(self, approval) -> tuple[int | None, str]:
        if "served_id" not in approval.__dict__:
            found = (
                ApprovalLink.objects.unscoped(RULE_CHECK)
                .filter(approval_id=approval.pk)
                .values_list("project_id", "project__name")
                .first()
            )
            approval.served_id, approval.served_name = found or (None, "")
        return approval.served_id, approval.served_name or ""

    def served_id(self, approval) -> int | None:
        return self._served(approval)[0] if approval.pk else None

    def shown_name(self, user, approval) -> str:
        served_id, name = self._served(approval) if approval.pk else (None, "")
        if served_id is None:
            return ""
        label = label_for(user, approval)
        return label if label is not None else name

    def prefetch(self, approvals):
        waiting = Blocker.objects.unscoped(UNDER_PARENT).only("id", "approval")
        return approvals.prefetch_related(Prefetch("blockers", queryset=waiting))

    def waiting(self, approval) -> list[int]:
        return sorted(b.pk for b in approval.blockers.all())

    def violations(self, park, project) -> list:
        return same_park({self.name: project}, park, self.name)

    def write(self, approval, project, user) -> None:
        link = ApprovalLink.objects.unscoped(FOR_WRITE).filter(approval=approval).first()
        if (link.project_id if link else None) == (project.pk if project else None):
            return
        if link is not None and label_for(user, approval) is not None:
            # need-to-know: re-linking or unlinking would uncover the approval
            raise PermissionDenied(str(REFUSED) % {"fields": str(self.label)})
        for read in ("served_id", "served_name"):  # read again after the change
            approval.__dict__.pop(read, None)
        if project is None:
            delete(link, user)
            return
        link = link or ApprovalLink(approval=approval)
        link.project = project
        save(link, user)


def approval_panel(approval, user) -> dict:
    """The project the approval serves (as the reader may see it) and the blockers of
    the reader's projects that wait for it."""
    served = SERVED.served_id(approval)
    project = Project.objects.visible_to(user).filter(pk=served).first() if served else None
    blockers = (
        Blocker.objects.visible_to(user)
        .filter(approval=approval)
        .select_related("project")
        .order_by("status", "raised_on")
    )
    return {
        "template": "projects/_approval_panel.html",
        "project": project,
        "project_name": SERVED.shown_name(user, approval),
        "blockers": blockers,
    }


SERVED = ServedProject()


def served() -> ServedProject:
    return SERVED


def enterprise_tab(enterprise, user) -> Tab | None:
    """The projects the enterprise is linked to, newest first: those it was registered
    for, and those it invests in (an investor with its credit code). A confidential
    project shows its code name to outsiders, and who invests in it stays its
    insiders' to know: an outsider sees it here only as the enterprise's project."""
    if not role_sees_model(user, Project):
        return None
    links = (
        ProjectInvestor.objects.visible_to(user)
        .filter(insider_q(user, "project__"), investor__uscc=enterprise.uscc)
        .exclude(investor__uscc="")
        .select_related("investor")
    )
    linked = Q(enterprise=enterprise)
    if enterprise.uscc:
        linked |= Q(pk__in=links.values("project_id"))
    projects = Project.objects.visible_to(user).filter(linked)
    return Tab(
        key="projects",
        label=_("Investment projects"),
        count=projects.count(),
        template="projects/_enterprise_projects.html",
        context={
            "projects": lambda: _labelled(
                projects.select_related("stage")
                .prefetch_related(Prefetch("investor_links", links, to_attr="as_investor"))
                .order_by("-first_contact_on", "-id")
            )
        },
        order=50,
    )


def _labelled(projects) -> list[Project]:
    rows = list(projects)
    for project in rows:
        project.stage.label = stage_label(project.stage)
    return rows


def dashboard_card(user) -> dict | None:
    """The committee's card: the open projects by the stage they are in now (each bar
    opens them) and the blockers past their deadline."""
    if not dashboard.sees_dashboard(user) or not role_sees_model(user, Project):
        return None
    projects = Project.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    in_stage = dict(projects.order_by().values_list("stage_id").annotate(n=Count("id")))
    listed = reverse("projects")
    open_query = [("status", s) for s in OPEN_STATUSES]
    stages = Stage.objects.visible_to(user).order_by("park_id", "order", "id")
    pairs = [
        {
            "name": stage_label(stage),
            "value": in_stage.get(stage.pk, 0),
            "url": f"{listed}?{urlencode([('stage', stage.pk), *open_query])}",
        }
        for stage in stages
        if stage.pk in in_stage
    ]
    overdue = (
        Blocker.objects.visible_to(user)
        .filter(resolved_on__isnull=True, deadline__lt=clock.today())
        .count()
    )
    return dashboard.card(
        _("Open projects by stage"),
        url=reverse("projects-funnel"),
        figures=[
            dashboard.Figure(
                _("Open projects"),
                f"{sum(in_stage.values()):,}",
                f"{listed}?{urlencode(open_query)}",
            ),
            dashboard.Figure(
                _("Blockers overdue"),
                f"{overdue:,}",
                f"{reverse('projects-blockers')}?overdue=true",
            ),
        ],
        option=charts.bar(pairs, horizontal=True) if pairs else None,
        order=30,
        empty=_("No open projects."),
    )
