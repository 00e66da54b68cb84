"""The declared answers of the permission matrix: for every page route and every API
route, what each user gets for each action that applies.

Columns, in this order (see ``tests.matrix.world.USERS``)::

    admin  leader  staff  survey1  dept  enterprise  other (park staff of another park)

``+`` allowed (200, or past the permission checks for a write), ``x`` 403 (in scope, the
action is not the role's), ``-`` 404 (out of scope, or a module the role sees no row of),
``>`` sent on to the user's own page (the home of an enterprise user is its file).
Every route that takes an object is asked with an object in the user's scope (one the
user may do the action on when there is one) and, for each user who does not see every
object of its kind, with a demo object out of that user's scope: ``-``, except where the
role may not do the action at all, which is refused at the door (``x``) before anything
is looked up. The other park's user is given the demo park's objects: ``-``.

The rules (DESIGN.md, "Users and what each may see"; README's roles table):
* admin: everything; leader: the park, read only; staff: the park, edits.
* The administration pages (users, phases, departments): administrators only; every
  other role gets 404. Everyone changes their own password.
* survey1: the enterprises assigned to their team in open campaigns, and the survey work
  on them; dept: the enterprises it supervises, their data, the concerns routed to it;
  enterprise: its own enterprise, its monthly return and survey form, its evaluation
  results from the notice on (and objections to them). The list of late monthly
  returns is for the committee and departments (survey members and enterprises: 404).
* A module a role sees no row of answers 404 on every page and endpoint, lists too
  (imports, projects, land and indicators for survey, dept and enterprise; evaluation
  for survey members; schemes, the what-if simulator and the compliance register for
  the evaluated enterprises, and schemes and what-if for departments too).
* The API schema and docs describe the whole API for those who build on it: the park's
  administrators, leaders and staff; the other roles get 404. The endpoints themselves
  follow the rules above, scoped.
* The admin site (every ``admin:`` route, one rule): administrators only; everyone else
  is sent to its login (tested in test_matrix).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    kind: str | None  # the kind of object its arguments name (tests.matrix.world.KINDS)
    actions: dict[str, str] = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # the body of its POSTs


def R(kind=None, data=None, **actions) -> Row:  # noqa: N802
    return Row(kind, actions, data or {})


EVERYONE = "+++++++"
PARK_READS = "+++---+"  # a module of the committee's own: admin, leader, staff
PARK_WRITES = "+x+---+"
OBJECT_READS = "+++----"  # ... with an object of the demo park (not the other park's)
OBJECT_WRITES = "+x+----"
ADMINS = "+------"  # the administration pages
# the demo's documents: survey1's team visits the institute whose transfer agreement
# the library holds; the department and the enterprise see no document of the demo
DOCUMENT_READS = "++++---"
DOCUMENT_WRITES = "+x+xxx-"  # the roles that see documents but may not change them: 403

PAGES: dict[str, Row] = {
    "dashboard": R(list="+++++>+"),
    "login": R(list=EVERYONE),
    "logout": R(change=EVERYONE),
    "set_language": R(change=EVERYONE),
    "api-root": R(list=EVERYONE),
    "search": R(list=EVERYONE),  # each group through the reader's scope
    "todo": R(list=EVERYONE),
    "api-schema": R(list=PARK_READS),
    "api-docs": R(list=PARK_READS),
    # enterprises
    "enterprise-list": R(list=EVERYONE, export=EVERYONE),
    "enterprise-year-list": R(list=EVERYONE, export=EVERYONE),
    "enterprise-create": R(create="+x+xxx+"),
    "enterprise-detail": R("enterprise", detail="++++++-", history="++++++-"),
    "enterprise-edit": R("enterprise", edit="+x+xxx-"),
    "enterprise-year-create": R("enterprise", create="+x+xxx-"),
    "enterprise-year-edit": R("enterprise-year", edit="+x+xxx-"),
    # monthly returns: each reads those of its scope; an enterprise files its own, staff
    # any of the park; the late list for the committee and departments
    "monthly-return-list": R(list=EVERYONE, export=EVERYONE),
    "monthly-late-list": R(list="+++-+-+", export="+++-+-+"),
    "monthly-return-file": R("enterprise", create="+x+xx+-"),
    # the park's reporting calendar: a setting of the committee's (leaders read it)
    "monthly-calendar": R(list=PARK_READS, change=PARK_WRITES),
    # imports: the committee's (ImportJob.scope_roles); leaders read
    "import-list": R(list=PARK_READS, export=PARK_READS),
    "import-create": R(create=PARK_WRITES),
    "import-template": R("import-kind", detail=PARK_WRITES),
    "import-detail": R("import", detail=OBJECT_READS),
    "import-errors": R("import", detail=OBJECT_READS),
    "import-mapping": R("import", change=OBJECT_WRITES),
    "import-confirm": R("import", change=OBJECT_WRITES),
    # surveys
    "campaign-list": R(list=EVERYONE, export=EVERYONE),
    "campaign-create": R(create="+x+xxx+"),
    "campaign-detail": R(
        "campaign", {"do": "add"}, detail="++++++-", history="++++++-", change="+x+xxx-"
    ),
    "campaign-edit": R("campaign", edit="+x+xxx-"),
    "campaign-progress": R("campaign", detail="++++++-"),
    "team-create": R("campaign-of-team", create="+x+xxx-"),
    "team-edit": R("team", edit="+x+xxx-"),
    "assignment-list": R(list=EVERYONE, export=EVERYONE),
    "assignment-detail": R(
        "assignment", {"do": "transition"}, detail="++++++-", history="++++++-", change="+x++x+-"
    ),
    "survey-form": R("assignment", edit="+x++x+-"),
    "concern-list": R(list=EVERYONE, export=EVERYONE),
    "concern-summary": R(list=EVERYONE),
    "concern-create": R(create="+x++x++"),
    "concern-detail": R("concern", detail="++++++-"),
    "concern-edit": R("concern", edit="+x+x+x-"),
    # evaluation: not for survey members; schemes and what-if not for the evaluated
    "evaluation-runs": R(list="+++-+++", export="+++-+++", change="+x+-xx+"),
    "evaluation-run": R("run", detail="+++-++-", change="+x+-xx-"),
    "evaluation-what-if": R("run", detail=OBJECT_READS),
    "evaluation-results": R(list="+++-+++", export="+++-+++"),
    "evaluation-result": R("result", detail="+++-++-", change="+x+-xx-"),
    "evaluation-objection-create": R("result", create="+x+-x+-"),
    "evaluation-objection-answer": R("objection", edit="+x+-xx-"),
    "evaluation-analysis": R(list="+++-+++"),
    "evaluation-policies": R(list="+++-+++", export="+++-+++", change="+x+-xx+"),
    "evaluation-schemes": R(list=PARK_READS, export=PARK_READS),
    "evaluation-scheme-create": R(create=PARK_WRITES),
    "evaluation-scheme": R("scheme", detail=OBJECT_READS, change=OBJECT_WRITES),
    "evaluation-compliance": R(list="+++-+-+", export="+++-+-+", change="+x+-x-+"),
    "evaluation-candidates": R(list="+++-+-+"),
    "evaluation-decisions": R(list="+++-+-+", export="+++-+-+"),
    "evaluation-decision-create": R(create="+x+-x-+"),
    "evaluation-decision": R("decision", detail="+++-+--", change="+x+-x--"),
    "evaluation-decision-edit": R("decision", edit="+x+-x--"),
    # indicators, targets, values by hand, key tasks: the committee's (staff edit,
    # leaders read)
    "indicators": R(list=PARK_READS, export=PARK_READS),
    "api-indicator-progress": R(list=PARK_READS),
    "indicator-library": R(list=PARK_READS),
    "indicator-create": R(create=PARK_WRITES),
    "indicator": R("indicator", detail=OBJECT_READS),
    "indicator-edit": R("indicator", edit=OBJECT_WRITES),
    "indicator-target": R("indicator-target", edit=OBJECT_WRITES),
    "indicator-values": R("indicator", detail=OBJECT_READS, change=OBJECT_WRITES),
    "indicator-units": R(list=PARK_READS),
    "indicator-unit-create": R(create=PARK_WRITES),
    "indicator-unit-edit": R("responsible-unit", edit=OBJECT_WRITES),
    "key-tasks": R(list=PARK_READS, export=PARK_READS),
    "key-task-create": R(create=PARK_WRITES),
    "key-task": R("key-task", detail=OBJECT_READS),
    "key-task-edit": R("key-task", edit=OBJECT_WRITES),
    # reports: the committee's annual drafts, read by leaders too; the other park's
    # staff read their own park's (empty) draft
    "reports": R(list=PARK_READS),
    "report-annual": R("report-year", detail=PARK_READS),
    "report-annual-docx": R("report-year", detail=PARK_READS),
    "report-figure": R("report-figure", detail=PARK_READS),
    # the monthly bulletin: the same readers as the annual drafts
    "report-monthly": R("report-month", detail=PARK_READS),
    "report-monthly-docx": R("report-month", detail=PARK_READS),
    # saved drafts: the committee's (staff edit, leaders read); a draft for insiders is
    # found by no one outside its confidential project, the administrator included
    "report-draft-create": R("report-year", create=PARK_WRITES),
    "report-drafts": R(list=PARK_READS),
    "report-draft": R("report-draft", detail=OBJECT_READS),
    "report-draft-edit": R("report-draft", edit=OBJECT_WRITES),
    "report-draft-redraft": R("report-draft", edit=OBJECT_WRITES),
    "report-draft-versions": R("report-draft", detail=OBJECT_READS),
    "report-draft-compare": R("report-draft", detail=OBJECT_READS),
    "report-draft-version": R("report-draft-version", detail=OBJECT_READS),
    "report-draft-docx": R("report-draft-version", detail=OBJECT_READS),
    "report-draft-markdown": R("report-draft-version", detail=OBJECT_READS),
    # documents: whoever sees a record a document is linked to sees it; linked to nothing,
    # the committee; the confidential aircraft base's study, its insiders (leader, staff)
    "documents": R(list=EVERYONE, export=EVERYONE),
    "document-upload": R(create="+x+xxx+"),
    "document": R("document", detail=DOCUMENT_READS, history=DOCUMENT_READS),
    "document-preview": R("document", detail=DOCUMENT_READS),
    "document-download": R("document", detail=DOCUMENT_READS),
    "document-page-image": R("document-page", detail=DOCUMENT_READS),
    "document-edit": R("document", edit=DOCUMENT_WRITES),
    "document-delete": R("document", delete=DOCUMENT_WRITES),
    "document-version": R("document", change=DOCUMENT_WRITES),
    "document-links": R("document", change=DOCUMENT_WRITES),
    "document-reread": R("document", change=DOCUMENT_WRITES),
    # projects: the committee's (staff edit, leaders read)
    "projects": R(list=PARK_READS, export=PARK_READS),
    "projects-board": R(list=PARK_READS),
    "project-create": R(create=PARK_WRITES),
    "project": R("project", detail=OBJECT_READS, history=OBJECT_READS),
    "project-edit": R("project", edit=OBJECT_WRITES),
    "project-move": R("project", edit=OBJECT_WRITES),
    "project-status": R("project", edit=OBJECT_WRITES),
    "project-lose": R("project", edit=OBJECT_WRITES),
    "project-investors": R("project", change=OBJECT_WRITES),
    "project-activity-create": R("project", create=OBJECT_WRITES),
    "project-activity-edit": R("activity", edit=OBJECT_WRITES),
    "project-activity-done": R("activity", change=OBJECT_WRITES),
    "project-blocker-create": R("project", create=OBJECT_WRITES),
    "project-blocker-edit": R("blocker", edit=OBJECT_WRITES),
    "project-funding-add": R("project", create=OBJECT_WRITES),
    "project-funding-delete": R("funding", delete=OBJECT_WRITES),
    "investors": R(list=PARK_READS, export=PARK_READS),
    "project-activities": R(list=PARK_READS, export=PARK_READS),
    "project-funding": R(list=PARK_READS, export=PARK_READS),
    "investor-create": R(create=PARK_WRITES),
    "investor-edit": R("investor", detail=OBJECT_READS, change=OBJECT_WRITES),
    "projects-pipeline": R(list=PARK_READS, change=PARK_WRITES),
    "projects-funnel": R(list=PARK_READS),
    "projects-money": R(list=PARK_READS),
    "projects-lost": R(list=PARK_READS, export=PARK_READS),
    "projects-key": R(list=PARK_READS),
    "projects-blockers": R(list=PARK_READS, export=PARK_READS),
    "projects-tasks": R(list=PARK_READS),
    # land: the committee's (staff edit, leaders read)
    "land-parcels": R(list=PARK_READS, export=PARK_READS),
    "land-parcel-create": R(create=PARK_WRITES),
    "land-parcel": R("parcel", detail=OBJECT_READS, history=OBJECT_READS),
    "land-parcel-edit": R("parcel", edit=OBJECT_WRITES),
    "land-parcel-delete": R("parcel", delete=OBJECT_WRITES),
    "land-parcel-sheet": R("parcel", detail=OBJECT_READS),
    "land-constraint-create": R("parcel", create=OBJECT_WRITES),
    "land-constraint-edit": R("constraint", edit=OBJECT_WRITES),
    "land-constraint-delete": R("constraint", delete=OBJECT_WRITES),
    "land-tenancy-create": R("parcel", create=OBJECT_WRITES),
    "land-tenancy-edit": R("tenancy", edit=OBJECT_WRITES),
    "land-tenancy-delete": R("tenancy", delete=OBJECT_WRITES),
    "land-approvals": R(list=PARK_READS, export=PARK_READS),
    "land-approval-create": R(create=PARK_WRITES),
    "land-approval": R("approval", detail=OBJECT_READS, history=OBJECT_READS),
    "land-approval-edit": R("approval", edit=OBJECT_WRITES),
    "land-buildings": R(list=PARK_READS, export=PARK_READS),
    "land-units": R(list=PARK_READS, export=PARK_READS),
    "land-building-create": R(create=PARK_WRITES),
    "land-building": R("building", detail=OBJECT_READS, history=OBJECT_READS),
    "land-building-edit": R("building", edit=OBJECT_WRITES),
    "land-building-delete": R("building", delete=OBJECT_WRITES),
    "land-building-sheet": R("building", detail=OBJECT_READS),
    "land-unit-create": R("building", create=OBJECT_WRITES),
    "land-unit-edit": R("unit", edit=OBJECT_WRITES),
    "land-unit-delete": R("unit", delete=OBJECT_WRITES),
    "land-map": R(list=PARK_READS),
    "land-geojson": R(list=PARK_READS),
    "land-geojson-import": R(create=PARK_WRITES),
    "land-inventory": R(list=PARK_READS, export=PARK_READS),
    # administration: administrators only (everyone else finds nothing); one's own password
    "manage-users": R(list=ADMINS, export=ADMINS),
    "manage-user-create": R(create=ADMINS),
    "manage-user-edit": R("user", edit=ADMINS),
    "manage-user-password": R("user", edit=ADMINS),
    "manage-phases": R(list=ADMINS, export=ADMINS),
    "manage-phase-create": R(create=ADMINS),
    "manage-phase-edit": R("phase", edit=ADMINS),
    "manage-departments": R(list=ADMINS, export=ADMINS),
    "manage-department-create": R(create=ADMINS),
    "manage-department-edit": R("department", edit=ADMINS),
    "password-change": R(list=EVERYONE, change=EVERYONE),
}

# API routes: what each user gets for each method the route answers (an empty body).
API: dict[str, Row] = {
    "api-enterprise-list": R(get=EVERYONE, post="+x+xxx+"),
    "api-enterprise-detail": R(
        "enterprise", get="++++++-", put="+x+xxx-", patch="+x+xxx-", delete="+x+xxx-"
    ),
    "api-enterprise-year-list": R(get=EVERYONE, post="+x+xxx+"),
    "api-enterprise-year-detail": R(
        "enterprise-year-row", get="++++++-", put="+x+xxx-", patch="+x+xxx-", delete="+x+xxx-"
    ),
    "api-monthly-return-list": R(get=EVERYONE, post="+x+xx++"),
    "api-monthly-return-detail": R("monthly-return", get="++++++-", put="+x+xx+-", patch="+x+xx+-"),
    "api-monthly-figure-list": R(get=EVERYONE),
    "api-monthly-figure-detail": R("monthly-figure", get="++++++-"),
    "api-phase-list": R(get=EVERYONE),
    "api-phase-detail": R("phase", get="++++++-"),
    "api-department-list": R(get=EVERYONE),
    "api-department-detail": R("department", get="++++++-"),
    "api-survey-campaign-list": R(get=EVERYONE, post="+x+xxx+"),
    "api-survey-campaign-detail": R("campaign", get="++++++-", put="+x+xxx-", patch="+x+xxx-"),
    "api-survey-campaign-balance": R("campaign", post="+x+xxx-"),
    "api-survey-campaign-progress": R("campaign", get="++++++-"),
    "api-survey-assignment-list": R(get=EVERYONE, post="+x+xxx+"),
    "api-survey-assignment-detail": R("assignment", get="++++++-", put="+x++x+-", patch="+x++x+-"),
    "api-survey-assignment-form": R("assignment", get="++++++-", put="+x++x+-"),
    "api-survey-assignment-transition": R("assignment", post="+x++x+-"),
    "api-survey-assignment-verify": R("assignment", post="+x++x+-"),
    "api-survey-assignment-visit": R("assignment", post="+x++x+-"),
    "api-concern-list": R(get=EVERYONE, post="+x++x++"),
    "api-concern-detail": R(
        "concern", get="++++++-", put="+x+x+x-", patch="+x+x+x-", delete="+x+xxx-"
    ),
    "api-import-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-import-detail": R("import", get=OBJECT_READS),
    "api-import-confirm": R("import", post=OBJECT_WRITES),
    "api-import-mapping": R("import", post=OBJECT_WRITES),
    "api-evaluation-scheme-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-evaluation-scheme-detail": R("scheme", get=OBJECT_READS, put=OBJECT_WRITES),
    "api-evaluation-run-list": R(get="+++-+++", post="+x+-xx+"),
    "api-evaluation-run-detail": R("run", get="+++-++-"),
    "api-evaluation-run-notice": R("run", post="+x+-xx-"),
    "api-evaluation-run-publish": R("run", post="+x+-xx-"),
    "api-evaluation-run-recompute": R("run", post="+x+-xx-"),
    "api-evaluation-result-list": R(get="+++-+++"),
    "api-evaluation-result-detail": R("result", get="+++-++-"),
    "api-evaluation-result-override": R("result", post="+x+-xx-"),
    "api-evaluation-objection-list": R(get="+++-+++", post="+x+-x++"),
    "api-evaluation-objection-detail": R("objection", get="+++-++-"),
    "api-evaluation-objection-answer": R("objection", post="+x+-xx-"),
    "api-indicator-list": R(get=PARK_READS),
    "api-indicator-detail": R("indicator", get=OBJECT_READS),
    "api-indicator-target-list": R(get=PARK_READS),
    "api-indicator-target-detail": R("target", get=OBJECT_READS),
    "api-key-task-list": R(get=PARK_READS),
    "api-key-task-detail": R("key-task", get=OBJECT_READS),
    "api-document-list": R(get=EVERYONE, post="+x+xxx+"),
    "api-document-detail": R(
        "document",
        get=DOCUMENT_READS,
        put=DOCUMENT_WRITES,
        patch=DOCUMENT_WRITES,
        delete=DOCUMENT_WRITES,
    ),
    "api-project-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-project-detail": R("project", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES),
    "api-project-timeline": R("project", get=OBJECT_READS),
    "api-project-investors": R("project", post=OBJECT_WRITES),
    "api-project-remove-investor": R("project-investor", delete=OBJECT_WRITES),
    "api-project-lose": R("project", post=OBJECT_WRITES),
    "api-project-move": R("project", post=OBJECT_WRITES),
    "api-project-set-status": R("project", post=OBJECT_WRITES),
    "api-project-investor-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-project-investor-detail": R(
        "investor", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES
    ),
    "api-project-activity-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-project-activity-detail": R(
        "activity", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES
    ),
    "api-project-activity-done": R("activity", post=OBJECT_WRITES),
    "api-project-blocker-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-project-blocker-detail": R(
        "blocker", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES
    ),
    "api-project-funding-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-project-funding-detail": R("funding", get=OBJECT_READS, delete=OBJECT_WRITES),
    "api-project-stage-list": R(get=PARK_READS),
    "api-project-stage-detail": R("stage", get=OBJECT_READS),
    "api-land-parcel-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-land-parcel-detail": R(
        "parcel", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES, delete=OBJECT_WRITES
    ),
    "api-land-approval-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-land-approval-detail": R(
        "approval", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES
    ),
    "api-land-building-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-land-building-detail": R(
        "building", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES, delete=OBJECT_WRITES
    ),
    "api-land-unit-list": R(get=PARK_READS, post=PARK_WRITES),
    "api-land-unit-detail": R(
        "unit", get=OBJECT_READS, put=OBJECT_WRITES, patch=OBJECT_WRITES, delete=OBJECT_WRITES
    ),
}
