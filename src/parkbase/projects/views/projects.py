"""Project pages: the list, the board by stage (kanban), the detail page with its
timeline, and the forms that record, edit, move, pause or lose a project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import clock, contributions
from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceFormView, refusals
from parkbase.core.history import changes_of
from parkbase.core.templatetags.units import wan
from parkbase.core.units import strip_unit
from parkbase.core.views import ScopedListView
from parkbase.projects import engine, exports, selectors, services
from parkbase.projects.choices import KeyLevel, ProjectStatus
from parkbase.projects.filtersets import ProjectFilterSet
from parkbase.projects.forms import (
    SECRET_FIELDS,
    FundingForm,
    LossForm,
    MoveForm,
    ProjectForm,
    ProjectInvestorForm,
    StatusForm,
)
from parkbase.projects.models import (
    MILESTONES,
    Activity,
    Project,
    Shown,
    Stage,
)
from parkbase.projects.tables import ProjectTable
from parkbase.projects.views.common import (
    CONFIDENTIAL_EDIT,
    ProjectScopedMixin,
    as_int,
    current_park,
    is_insider,
    may,
    parks_to_choose,
    project_or_404,
)

ON_BOARD = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.LANDED)
BOARD_CARDS = 30  # the most recently moved cards a column shows
CARD_FIELDS = (  # what a card shows (``CardMaker``), read as values: rows, not models
    "id",
    "name",
    "code_name",
    "confidential",
    "insider",
    "stage_id",
    "status",
    "key_level",
    "stage_since",
    "total_investment",
    "version",
    "officer__username",
    "officer__first_name",
    "officer__last_name",
)


def label_stages(stages):
    """Each stage's name in the page's language (the English name where one is set)."""
    english = (translation.get_language() or "").startswith("en")
    for stage in stages:
        stage.label = stage.name_en if english and stage.name_en else stage.name
    return stages


def gate_words(stage) -> str:
    """What a stage's gate needs, as the board's move dialog names it (no units)."""
    names = []
    for name in stage.required_fields:
        try:
            names.append(strip_unit(Project._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a gate naming a field the project no longer has
            continue
    return pgettext("list separator", ", ").join(names)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


# ---------------------------------------------------------------- list


class ProjectListView(ProjectScopedMixin, ScopedListView):
    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    select_related = ("stage", "officer", "department")
    template_name = "projects/project_list.html"
    export_name = "projects"
    title = _("Investment projects")

    export = staticmethod(exports.project_rows)


# ---------------------------------------------------------------- board


# how ``projects/_status_badge.html`` colours a status, and the card's own mark
STATUS_BADGES = {
    ProjectStatus.LANDED: "bg-green-lt",
    ProjectStatus.PAUSED: "bg-yellow-lt",
    ProjectStatus.LOST: "bg-red-lt",
    ProjectStatus.TERMINATED: "bg-secondary-lt",
}
CARD_MARKS = {ProjectStatus.PAUSED: " is-paused", ProjectStatus.LANDED: " is-landed"}
URL_MARK = 2_147_483_647  # a pk no URL holds by chance: marks where the pk goes


class PkUrls:
    """``reverse(name, args=[pk])`` for many pks: one ``reverse``, then each pk put in
    its place."""

    def __init__(self, name: str):
        self.head, _mark, self.tail = reverse(name, args=[URL_MARK]).rpartition(str(URL_MARK))

    def __call__(self, pk) -> str:
        return f"{self.head}{pk}{self.tail}"


class CardMaker:
    """Board cards as small dicts that ``projects/_board_card.html`` only prints. What
    is the same for every card (translated words, labels, URL patterns) is worked out
    once per request; each card is made from a row of ``CARD_FIELDS`` values.

    At 12 columns of 30 cards, model instances and the template's own work per card
    (``{% url %}`` twice, ``{% translate %}`` four times, an include for the status,
    filters, method lookups) were most of the board's time."""

    def __init__(self):
        self.project_url = PkUrls("project")
        self.move_url = PkUrls("project-move")
        self.statuses = {code: str(label) for code, label in ProjectStatus.choices}
        self.key_levels = {code: str(label) for code, label in KeyLevel.choices}
        self.unit = gettext("10k yuan")
        self.since = gettext("since")
        self.words = {  # the template's, the same for every card
            "confidential": gettext("confidential"),
            "move": gettext("Move…"),
            "next": reverse("projects-board"),
        }

    def __call__(self, row: dict) -> dict:
        pk, status = row["id"], row["status"]
        facts = f"{self.since} {row['stage_since']:%Y-%m-%d}"
        if row["total_investment"] is not None:
            facts = f"{wan(row['total_investment'])} {self.unit} · {facts}"
        if row["officer__username"] is not None:  # as User.get_full_name, or the username
            full = f"{row['officer__first_name']} {row['officer__last_name']}".strip()
            facts = f"{facts} · {full or row['officer__username']}"
        level = row["key_level"]
        return {
            "pk": str(pk),  # numbers as text: the template would localize each one
            "version": str(row["version"]),
            "mark": CARD_MARKS.get(status, ""),
            "name": Shown.name_of(SimpleNamespace(**row), row["insider"]),
            "url": self.project_url(pk),
            "move_url": self.move_url(pk),
            "confidential": row["confidential"],
            "status": "" if status == ProjectStatus.ACTIVE else status,
            "status_badge": STATUS_BADGES.get(status, "bg-blue-lt"),
            "status_label": self.statuses.get(status, status),
            "key_label": self.key_levels.get(level, level) if level else "",
            "facts": facts,
        }


def board_card(request, pk):
    """One project's ``CARD_FIELDS`` values, fetched like the board does."""
    return Project.objects.visible_to(request.user).filter(pk=pk).values(*CARD_FIELDS).first()


class ProjectBoardView(ProjectScopedMixin, TemplateView):
    """One column per stage of the park with its count and its most recently moved open
    projects. Three queries whatever the number of projects: the stages, the counts
    (one GROUP BY) and the cards (one window query), which reach the template as small
    dicts (``CardMaker``)."""

    model = Project
    template_name = "projects/project_board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = current_park(self.request)
        stages = label_stages(services.stages_of(park))
        counts, shown = selectors.board(self.request.user, park, ON_BOARD, BOARD_CARDS, CARD_FIELDS)
        card = CardMaker()
        cards: dict[int, list] = {}
        for row in shown:
            cards.setdefault(row["stage_id"], []).append(card(row))
        list_url = reverse("projects")
        statuses = "&".join(f"status={s}" for s in ON_BOARD)
        columns = []
        for stage in stages:
            stage.gate = gate_words(stage)
            column = cards.get(stage.pk, [])
            count = counts.get(stage.pk, 0)
            columns.append(
                {
                    "stage": stage,
                    "count": count,
                    "cards": column,
                    "more": count - len(column),
                    "more_url": f"{list_url}?stage={stage.pk}&{statuses}",
                }
            )
        context.update(
            park=park,
            parks=parks_to_choose(self.request),
            columns=columns,
            words=card.words,
            can_change=may(self.request.user, Action.CHANGE, Project),
            can_add=may(self.request.user, Action.ADD, Project),
            today=clock.today(),
            limit=BOARD_CARDS,
        )
        return context


# ---------------------------------------------------------------- detail


@dataclass
class Event:
    on: dt.date
    kind: str  # move | activity | blocker | resolved | funding
    obj: object
    order: int


KIND_ORDER = {"funding": 0, "blocker": 1, "resolved": 2, "activity": 3, "move": 4}


def timeline(moves, activities, blockers, funding) -> list[Event]:
    """Stage changes, activities, blockers (raised and resolved) and funding records,
    newest first."""
    events = [Event(m.changed_on, "move", m, m.pk) for m in moves]
    events += [Event(a.occurred_on, "activity", a, a.pk) for a in activities]
    for b in blockers:
        events.append(Event(b.raised_on, "blocker", b, b.pk))
        if b.resolved_on:
            events.append(Event(b.resolved_on, "resolved", b, b.pk))
    events += [Event(f.dated_on, "funding", f, f.pk) for f in funding]
    events.sort(key=lambda e: (e.on, KIND_ORDER[e.kind], e.order), reverse=True)
    return events


def project_changes(project, insider: bool):
    """The History tab; an outsider of a confidential project does not see the changes
    of its name, description, referrer and insiders."""
    # an outsider's history masks the reasons too: a move's note may spell it out
    hidden = () if insider else SECRET_FIELDS
    changes = changes_of(Project.history.filter(id=project.pk), Project, hidden=hidden)
    if insider:
        return changes
    hidden = {str(Project._meta.get_field(n).verbose_name) for n in SECRET_FIELDS}
    for change in changes:
        change.fields = [f for f in change.fields if f[0] not in hidden]
    return changes


class ProjectDetailView(ProjectScopedMixin, TemplateView):
    model = Project
    template_name = "projects/project_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        project = project_or_404(
            request, pk, Action.VIEW, "officer", "department", "enterprise", "created_by"
        )
        insider = is_insider(project)
        # the tabs the apps above add (its documents: core.contributions.PROJECT_TABS)
        extra_tabs, tab, active_tab = contributions.tabs(
            contributions.PROJECT_TABS,
            project,
            user,
            ("overview", "history"),
            request.GET.get("tab"),
        )
        today = clock.today()
        stages = label_stages(services.stages_of(project.park))
        stage = next((s for s in stages if s.pk == project.stage_id), project.stage)
        record = selectors.project_record(user, project, with_investors=insider)
        moves, activities, blockers = record.moves, record.activities, record.blockers
        funding, links, loss = record.funding, record.links, record.loss
        totals = engine.fund_totals(f.as_record() for f in funding)
        days = engine.stage_days(
            [engine.Move(m.changed_on, m.stage.code, m.status) for m in moves], today
        )
        can_change = may(user, Action.CHANGE, Project)
        context.update(
            project=project,
            insider=insider,
            stage=stage,
            tab=tab,
            extra_tabs=extra_tabs,
            active_tab=active_tab,
            today=today,
            timeline=timeline(moves, activities, blockers, funding),
            open_tasks=[a for a in activities if a.next_step and not a.done_on],
            open_blockers=[b for b in blockers if b.status == "open"],
            links=links,
            loss=loss,
            totals=totals,
            milestones=[
                (Project._meta.get_field(n).verbose_name, getattr(project, n)) for n in MILESTONES
            ],
            stage_days=[(s, days[s.code]) for s in stages if s.code in days],
            can_change=can_change,
            can_edit=can_change and insider,
            can_add=may(user, Action.ADD, Activity),
            is_open=project.status in ON_BOARD,
            can_lose=project.status not in (ProjectStatus.LOST, ProjectStatus.TERMINATED),
        )
        if can_change:
            context["funding_form"] = FundingForm(user=user, project=project)
            if insider:
                context["investor_form"] = ProjectInvestorForm(user=user, project=project)
        if tab == "history":
            context["changes"] = project_changes(project, insider)
        return context


# ---------------------------------------------------------------- create / edit


class ProjectEditView(ProjectScopedMixin, ServiceFormView):
    """Record a project or change one; a confidential project only by its insiders."""

    model = Project
    template_name = "projects/project_form.html"
    form_class = ProjectForm
    update_service = staticmethod(services.project_update)
    service_arg = "project"

    def get_object(self):
        if self.is_creating():
            return None
        return project_or_404(self.request, self.kwargs["pk"], Action.CHANGE)

    def denied(self, project):
        if project is not None and not is_insider(project):
            messages.error(self.request, CONFIDENTIAL_EDIT)
            return redirect("project", pk=project.pk)
        return None

    def park(self, project):
        if project is not None:
            return project.park
        if not hasattr(self, "_park"):
            self._park = current_park(self.request, self.request.POST.get("park"))
            services.pipeline_ensure(self._park)  # a park's first project needs its stages
        return self._park

    def form_kwargs(self, project) -> dict:
        park = self.park(project)
        return {"instance": project or Project(park=park), "user": self.request.user, "park": park}

    def service_data(self, form) -> dict:
        return form.service_data() | {"insiders": list(form.cleaned_data["insiders"])}

    def create(self, form):
        return services.project_create(
            park=self.park(None),
            user=self.request.user,
            stage=form.cleaned_data["stage"],
            **self.service_data(form),
        )

    def form_context(self, form, project) -> dict:
        return {
            "project": project,
            "park": self.park(project),
            "parks": parks_to_choose(self.request) if project is None else [],
        }

    def success_url(self, saved) -> str:
        return reverse("project", args=[saved.pk])


# ---------------------------------------------------------------- move


class ProjectMoveView(ProjectScopedMixin, TemplateView):
    """A move into another stage. The page shows the target stage's gate fields so
    they can be filled in the same step; the board posts here with htmx and gets a
    card (200) or the refusal's messages (422, or 409 for a stale card)."""

    model = Project
    action = Action.CHANGE
    template_name = "projects/project_move.html"

    def _target(self, project, data):
        stages = Stage.objects.visible_to(self.request.user).filter(park=project.park_id)
        wanted = as_int(data.get("stage"))
        if wanted:
            return stages.filter(pk=wanted).first()
        return stages.filter(order__gt=project.stage.order).order_by("order").first()

    def _form(self, project, data=None):
        target = self._target(project, data if data is not None else self.request.GET)
        hidden = () if is_insider(project) else SECRET_FIELDS
        return MoveForm(data, project=project, user=self.request.user, target=target, hidden=hidden)

    def _render(self, form, project, status=200):
        context = self.get_context_data(
            form=form,
            project=project,
            stages=label_stages(list(form.fields["stage"].queryset)),
            next=self.request.POST.get("next") or self.request.GET.get("next", ""),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, pk):
        project = project_or_404(request, pk, Action.CHANGE)
        return self._render(self._form(project), project)

    def post(self, request, pk):
        project = project_or_404(request, pk, Action.CHANGE)
        form = self._form(project, request.POST)
        status = 422
        if form.is_valid():
            target = form.cleaned_data["stage"]
            with refusals(form=form) as outcome:
                services.project_move(
                    project=project,
                    stage=target,
                    expected_version=form.cleaned_data["version"],
                    user=request.user,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                    **form.gate_values(),
                )
            if outcome.stale:
                status = 409
            if not outcome.refused:
                if request.htmx:
                    card = CardMaker()
                    return self.response_class(
                        request=request,
                        template="projects/_board_card.html",
                        context={
                            "card": card(board_card(request, project.pk)),
                            "words": card.words,
                            "can_change": True,
                        },
                    )
                messages.success(
                    request, _("Moved to {stage}.").format(stage=label_stages([target])[0].label)
                )
                return redirect(_safe_next(request, reverse("project", args=[project.pk])))
        if request.htmx:
            target = form.cleaned_data.get("stage") if hasattr(form, "cleaned_data") else None
            errors = [str(e) for e in form.non_field_errors()]
            errors += [
                str(e) for name in form.errors if name != "__all__" for e in form.errors[name]
            ]
            return self.response_class(
                request=request,
                template="projects/_board_refusal.html",
                context={
                    "project": project,
                    "errors": errors,
                    "target": target or self._target(project, request.POST),
                },
                status=status,
            )
        return self._render(form, project, status=400 if status == 422 else status)


# ---------------------------------------------------------------- status and loss


class ProjectActionView(ProjectScopedMixin, ServiceFormView):
    """A form that changes a project through one service, then back to the project."""

    model = Project
    creating = False

    def get_object(self):
        return project_or_404(self.request, self.kwargs["pk"], Action.CHANGE)

    def form_kwargs(self, project) -> dict:
        return {"project": project}

    def form_context(self, form, project) -> dict:
        return {"project": project}

    def success_url(self, saved) -> str:
        return reverse("project", args=[self.kwargs["pk"]])


class ProjectStatusView(ProjectActionView):
    """Pause, terminate or reopen, with a note saying why."""

    template_name = "projects/project_status.html"
    form_class = StatusForm
    saved_message = _("Status changed.")

    def update(self, form, project):
        return services.project_set_status(
            project=project,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            on=form.cleaned_data["on"],
            user=self.request.user,
        )


class ProjectLoseView(ProjectActionView):
    """Record a project as lost: why, when, where it went (one or several places, with
    who won it) and what would have kept it."""

    template_name = "projects/project_lose.html"
    form_class = LossForm
    saved_message = _("Recorded as lost.")

    def update(self, form, project):
        return services.project_lose(
            project=project,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            lost_on=form.cleaned_data["lost_on"],
            destinations=form.service_destinations(),
            detail=form.cleaned_data["detail"],
            would_have_kept=form.cleaned_data["would_have_kept"],
            user=self.request.user,
        )
