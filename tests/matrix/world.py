"""What the permission matrix asks with: the demo park's users, one user of another
park, and for each kind of object a way to pick one in a user's scope and one out of it
and to fill a route's arguments from it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from parkbase.core.choices import Action, Role
from parkbase.core.models import Department, Phase, User
from parkbase.documents.models import Document
from parkbase.enterprises.models import Enterprise, EnterpriseYear, MonthlyFigure, MonthlyReturn
from parkbase.evaluation.choices import RunStatus
from parkbase.evaluation.models import Decision, Objection, Result, Run, Scheme
from parkbase.imports.models import ImportJob
from parkbase.imports.services import import_job_create
from parkbase.indicators.models import Indicator, KeyTask, ResponsibleUnit, Target
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy, Unit
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    ProjectInvestor,
    Stage,
)
from parkbase.reports.drafts.choices import Audience
from parkbase.reports.drafts.services import draft_create
from parkbase.reports.models import DraftVersion, ReportDraft
from parkbase.surveys.models import Assignment, Campaign, Concern, Team
from tests.clients import api_client, page_client
from tests.factories import ObjectionFactory, ParkFactory, UserFactory
from tests.imports.test_jobs import xlsx_bytes

# The columns of the tables: the demo's users of each role (README), then a park staff
# member of another park.
USERS = ("admin", "leader", "staff", "survey1", "dept", "enterprise", "other")


@dataclass(frozen=True)
class Kind:
    model: type[Model]
    arguments: object  # obj -> {argument: value}
    # the demo objects to pick from (default: all of the model)
    among: object = None


def _pk(obj):
    return {"pk": obj.pk}


KINDS: dict[str, Kind] = {
    "enterprise": Kind(Enterprise, _pk),
    "enterprise-year": Kind(EnterpriseYear, lambda o: {"pk": o.enterprise_id, "year": o.year}),
    "enterprise-year-row": Kind(EnterpriseYear, _pk),
    "monthly-return": Kind(MonthlyReturn, _pk),
    "monthly-figure": Kind(MonthlyFigure, _pk),
    "indicator": Kind(Indicator, _pk),
    "indicator-target": Kind(Target, lambda o: {"pk": o.indicator_id, "year": o.year}),
    "target": Kind(Target, _pk),
    "responsible-unit": Kind(ResponsibleUnit, _pk),
    "key-task": Kind(KeyTask, _pk),
    "user": Kind(User, _pk),
    "phase": Kind(Phase, _pk),
    "department": Kind(Department, _pk),
    "import": Kind(ImportJob, _pk),
    "campaign": Kind(Campaign, _pk),
    "campaign-of-team": Kind(Campaign, lambda o: {"campaign": o.pk}),
    "team": Kind(Team, _pk),
    "assignment": Kind(Assignment, _pk),
    "concern": Kind(Concern, _pk),
    "scheme": Kind(Scheme, _pk),
    "run": Kind(Run, _pk, lambda qs: qs.filter(status=RunStatus.PUBLISHED)),
    "result": Kind(Result, _pk, lambda qs: qs.filter(run__status=RunStatus.PUBLISHED)),
    "objection": Kind(Objection, _pk),
    "decision": Kind(Decision, _pk),
    "project": Kind(Project, _pk),
    "project-investor": Kind(ProjectInvestor, lambda o: {"pk": o.project_id, "link_id": o.pk}),
    "activity": Kind(Activity, _pk),
    "blocker": Kind(Blocker, _pk),
    "funding": Kind(Funding, _pk),
    "investor": Kind(Investor, _pk),
    "stage": Kind(Stage, _pk),
    "parcel": Kind(Parcel, _pk),
    "constraint": Kind(Constraint, _pk),
    "tenancy": Kind(Tenancy, _pk),
    "approval": Kind(Approval, _pk),
    "building": Kind(Building, _pk),
    "unit": Kind(Unit, _pk),
    "document": Kind(Document, _pk),
    # a page image: of a PDF (the demo's Word file has no pages until LibreOffice reads it)
    "document-page": Kind(
        Document, lambda o: {"pk": o.pk, "number": 1}, lambda qs: qs.filter(kind="pdf")
    ),
    "import-kind": None,  # imports/templates/<kind>.xlsx: not an object
    "report-draft": Kind(ReportDraft, _pk),
    "report-draft-version": Kind(DraftVersion, lambda o: {"pk": o.draft_id, "number": o.number}),
    "report-year": None,  # reports/annual/<year>/: a year, not an object
    "report-figure": None,  # reports/annual/<year>/figure/<key>/: a year and a figure
    "report-month": None,  # reports/monthly/<YYYY-MM>/: a month, not an object
}

# the arguments of the kinds that are not objects (each in every user's scope)
FIXED = {
    "import-kind": {"kind": "enterprises"},
    "report-year": {"year": 2019},
    "report-figure": {"year": 2019, "key": "signed"},
    "report-month": {"month": "2020-11"},
}


def quiet(client):
    """A client that returns a server error as a 500 (to be reported with the others)
    instead of raising it."""
    client.raise_request_exception = False
    return client


class MatrixWorld:
    """The demo (loaded once for the module) with what the matrix adds to it: a user of
    another park, an import job and an objection (the demo has neither)."""

    def __init__(self):
        self.users = {u.username: u for u in User.objects.filter(username__in=USERS)}
        other_park = ParkFactory(code="other", name="另一园区")
        self.users["other"] = UserFactory(username="other", role=Role.STAFF, park=other_park)
        staff = self.users["staff"]
        rows = [["企业名称", "统一社会信用代码"], ["缺代码的公司", None]]  # one invalid row
        upload = SimpleUploadedFile("matrix.xlsx", xlsx_bytes(rows))
        import_job_create(user=staff, park=staff.park, kind="enterprises", upload=upload)
        mine = self.users["enterprise"].enterprise
        result = Result.objects.filter(enterprise=mine, run__status="published").first()
        ObjectionFactory(run=result.run, enterprise=mine, submitted_by=self.users["enterprise"])
        # a saved draft for everyone, and one for the insiders of the confidential project
        for audience in (Audience.OUTSIDERS, Audience.INSIDERS):
            draft_create(park=staff.park, year=2019, user=staff, audience=audience)
        self.pages = {name: quiet(page_client(user)) for name, user in self.users.items()}
        self.apis = {name: quiet(api_client(user)) for name, user in self.users.items()}
        self._picked: dict[tuple, tuple] = {}

    def objects(self, kind: str, username: str, action: str) -> tuple[dict, dict | None]:
        """The arguments of an object of ``kind`` in the user's scope (for ``action`` when
        one is, else to view; a demo object when the user sees none) and of one of the demo
        park out of the user's scope (None when the user sees them all)."""
        key = (kind, username, action)
        if key not in self._picked:
            self._picked[key] = self._pick(kind, username, action)
        return self._picked[key]

    def _pick(self, kind: str, username: str, action: str):
        if kind in FIXED:
            return FIXED[kind], None
        spec, user = KINDS[kind], self.users[username]
        manager = spec.model.objects
        every = manager.all() if hasattr(manager, "unscoped") else manager.all()
        if spec.among:
            every = spec.among(every)
        every = every.order_by("pk")
        if not hasattr(manager, "unscoped"):
            return spec.arguments(every.first()), None
        mine = every.filter(pk__in=manager.visible_to(user, action).values("pk"))
        seen = every.filter(pk__in=manager.visible_to(user, Action.VIEW).values("pk"))
        inside = mine.first() or seen.first() or every.first()
        outside = every.exclude(pk__in=seen.values("pk")).first()
        return spec.arguments(inside), spec.arguments(outside) if outside else None
