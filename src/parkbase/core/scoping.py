"""The one scoping method.

Every model that holds park data uses ``ScopedQuerySet`` and declares:

* ``scope_enterprise_path`` — the lookup path from the model to its Enterprise
  ("" for Enterprise itself, "enterprise__" for yearly data), or ``None`` when the
  model is not tied to one enterprise;
* ``scope_park_path`` — the lookup path to its Park ("" for Park itself).

and, where it needs them:

* ``scope_assignment_path`` — the path to the survey Assignment the row belongs to
  ("" for Assignment itself): a survey-team member then sees the rows of their own
  assignments, not every row of the enterprises they visit;
* ``scope_department_path`` — the path to the Department the row is routed to (a
  concern's responsible department): that department's users see it and handle it
  (write actions), besides reading the rows of the enterprises they supervise;
* ``scope_role_actions`` — {role: actions} where a role may do more (or less) with
  this model than ``ROLE_ACTIONS`` says, e.g. survey members change their assignments;
* ``scope_roles`` — the only roles that see any row of the model (e.g. import jobs:
  administrators, leaders and staff); for every other role its lists are empty and
  its objects not found;
* ``scope_role_filters`` — {role: Q} narrowing what a role sees of its scope, e.g.
  evaluation results: departments and enterprises see only runs in notice or
  published, never drafts;
* ``scope_narrowing(user, action)`` — a classmethod giving a Q that narrows every
  user's scope (administrators' too) where the rule depends on the user and on other
  records, e.g. a document is seen by whoever sees a record it is linked to, and
  never by an outsider of a confidential project it is linked to.

A survey-team member's scope is the assignments of their teams in open campaigns.
Core does not import the surveys app: it registers how to find those assignments
(``register_survey_scope``) in its ``AppConfig.ready()``.

``Model.objects.visible_to(user, action)`` is the only way pages, the API, exports,
counts and charts obtain rows.

Scoping fails closed. A query on a scoped model that is evaluated (iterated, counted,
tested for existence, aggregated, updated or deleted) must be one of:

* scoped to a user: ``visible_to(user, action)``;
* an explicit bypass naming its reason: ``unscoped("why")`` — greppable, and the reason
  is required;
* a related manager or prefetch of a row that was itself obtained one of these ways:
  ``enterprise.years.all()`` is narrowed to the scope the enterprise was read in, so
  need-to-know follows the record down its relations;
* run inside ``bypass("why")``: system work with no user (the command line, background
  tasks, the demo loader, uniqueness checks, authentication).

Anything else raises ``ScopeError`` — in tests and in production, since an error is
better than a leak. Each request runs strict (``ScopeMiddleware``), whatever context
the server was started in. This is the idea of django-scopes (pretix), applied to the
user's whole scope (park, department, team, enterprise) rather than to one dimension.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice

from django.db import models
from django.db.models import Q

from parkbase.core.choices import Action, Role

# Which roles may do what, whatever the object. Scope (which objects) is below.
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.ADMIN: {Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE},
    Role.LEADER: {Action.VIEW},
    Role.STAFF: {Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE},
    Role.SURVEY: {Action.VIEW},
    Role.DEPARTMENT: {Action.VIEW},
    Role.ENTERPRISE: {Action.VIEW},
}

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class SurveyScope:
    """How to find a survey-team member's work; filled in by the surveys app."""

    assignments: Callable  # user -> queryset of the assignments the member works on
    describe: Callable  # user -> str, for `parkbase users list`
    # (member=, text=, user=) -> the team "TEAM" or "CAMPAIGN/TEAM" the member joins, for
    # `parkbase users add --team`; refuses (ValidationError) a team it cannot find
    join: Callable | None = None


_survey_scope: SurveyScope | None = None


def register_survey_scope(scope: SurveyScope | None) -> None:
    """Called once by the surveys app (AppConfig.ready); None unregisters (tests)."""
    global _survey_scope
    _survey_scope = scope


def survey_team_join(*, member, text: str, user=None):
    """Put ``member`` in the survey team ``text`` names (the surveys app's rule)."""
    if _survey_scope is None or _survey_scope.join is None:
        raise RuntimeError("the surveys app is not installed")
    return _survey_scope.join(member=member, text=text, user=user)


def survey_scope_description(user) -> str:
    return _survey_scope.describe(user) if _survey_scope is not None else "none"


def role_actions(user, model=None) -> set[str]:
    overrides = getattr(model, "scope_role_actions", None) or {}
    if user.role in overrides:
        return set(overrides[user.role])
    return ROLE_ACTIONS.get(user.role, set())


def role_allows(user, action: str, model=None) -> bool:
    """Whether the user's role may ``action`` at all (on ``model``, which may widen or
    narrow the role's actions through ``scope_role_actions``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in role_actions(user, model)


def role_sees_model(user, model) -> bool:
    """Whether any row of ``model`` can be the user's: not when the model names the only
    roles that see it (``scope_roles``) and the user's role is not one of them."""
    roles = getattr(model, "scope_roles", None)
    if roles is None or user.is_superuser or getattr(user, "role", None) == Role.ADMIN:
        return True
    return getattr(user, "role", None) in roles


def scope_q(model, user, action: str = Action.VIEW) -> Q:
    """The filter that restricts ``model`` rows to what ``user`` may ``action``."""
    q = _scope_q(model, user, action)
    if q == NOTHING:
        return q
    narrowing = (getattr(model, "scope_role_filters", None) or {}).get(getattr(user, "role", None))
    if narrowing is not None and not user.is_superuser:
        q &= narrowing
    narrowed = getattr(model, "scope_narrowing", None)
    if narrowed is not None:
        q &= narrowed(user, action)
    return q


def _scope_q(model, user, action: str) -> Q:
    if not role_allows(user, action, model):
        return NOTHING
    if user.is_superuser or user.role == Role.ADMIN:
        return Q()
    roles = getattr(model, "scope_roles", None)
    if roles is not None and user.role not in roles:
        return NOTHING
    enterprise_path = getattr(model, "scope_enterprise_path", None)
    park_path = getattr(model, "scope_park_path", None)
    role = user.role

    if role in (Role.LEADER, Role.STAFF):
        if park_path is None or not user.park_id:
            return NOTHING
        return Q(**{f"{park_path}id" if park_path else "pk": user.park_id})

    if enterprise_path is None:
        # Reference data of the user's park (phases, departments) is visible to
        # every role that works inside the park; nothing of other parks.
        if park_path is not None and user.park_id:
            return Q(**{f"{park_path}id" if park_path else "pk": user.park_id})
        return NOTHING

    if role == Role.DEPARTMENT:
        if not user.department_id:
            return NOTHING
        supervised = Q(**{f"{enterprise_path}department_id": user.department_id})
        routed_path = getattr(model, "scope_department_path", None)
        if routed_path is None:
            return supervised
        routed = Q(**{f"{routed_path}id": user.department_id})
        # read what concerns your enterprises; handle what is routed to you
        return supervised | routed if action == Action.VIEW else routed
    if role == Role.ENTERPRISE:
        if not user.enterprise_id:
            return NOTHING
        return Q(**{f"{enterprise_path}pk" if enterprise_path else "pk": user.enterprise_id})
    if role == Role.SURVEY:
        # the enterprises assigned to the member's teams in open campaigns: one
        # subquery, so a list costs no extra query per user
        if _survey_scope is None:
            return NOTHING
        assignments = _survey_scope.assignments(user)
        assignment_path = getattr(model, "scope_assignment_path", None)
        if assignment_path is not None:
            return Q(**{f"{assignment_path}pk__in": assignments.values("pk")})
        return Q(**{f"{enterprise_path}pk__in": assignments.values("enterprise_id")})
    return NOTHING


# The reasons a query may bypass scoping, named once so that each bypass says why.
FOR_WRITE = "the service locks or re-reads, to write it, a row its caller read in scope"
RULE_CHECK = "a rule compares with every row of the park (uniqueness, clashes, totals)"
SYSTEM_WORK = "system work with no user: loaders, imports, evaluation runs, commands"
SUBQUERY = "a correlated subquery of a query that is itself scoped"
UNDER_PARENT = "rows under a parent that the caller read in scope"


class ScopeError(RuntimeError):
    """A query on a scoped model that was neither scoped to a user nor a named bypass."""


# The reason system work runs unscoped, or None: strict (the default, and every request).
_bypass_reason: ContextVar[str | None] = ContextVar("parkbase_scope_bypass", default=None)


@contextmanager
def bypass(reason: str) -> Iterator[None]:
    """Run system work (no user) unscoped; ``reason`` says why and must not be empty."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("a scope bypass must name its reason")
    token = _bypass_reason.set(reason)
    try:
        yield
    finally:
        _bypass_reason.reset(token)


@contextmanager
def strict() -> Iterator[None]:
    """Undo any surrounding bypass: every query must be scoped (each request runs so)."""
    token = _bypass_reason.set(None)
    try:
        yield
    finally:
        _bypass_reason.reset(token)


def bypass_from_now_on(reason: str) -> None:
    """For a whole script or test process that works as the system (benchmarks, the
    test run's own fixtures): the rest of this thread's context runs unscoped. Requests
    it sends still run strict (ScopeMiddleware)."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("a scope bypass must name its reason")
    _bypass_reason.set(reason)


def active_bypass() -> str | None:
    return _bypass_reason.get()


@dataclass(frozen=True)
class ScopeOrigin:
    """How a queryset (and the rows read through it) was scoped: for a user, or by a
    named bypass. Rows carry it so their related managers inherit it."""

    user: object = None
    reason: str | None = None


_ORIGIN_ATTR = "_scope_origin"


def _tag(obj, origin: ScopeOrigin, depth: int = 0) -> None:
    """Mark a row (and the rows select_related joined to it) with the scope it was read in."""
    if obj is None or not hasattr(obj, "_state") or depth > 4:
        return
    setattr(obj, _ORIGIN_ATTR, origin)
    for cached in obj._state.fields_cache.values():
        if cached is not None and getattr(cached, _ORIGIN_ATTR, None) is None:
            _tag(cached, origin, depth + 1)


def _tagged(rows, origin: ScopeOrigin):
    for obj in rows:
        _tag(obj, origin)
        yield obj


def mark_written(obj, reason: str) -> None:
    """A row a service has just created carries a named bypass: its own relations
    (the parcels an approval covers) are the service's to set."""
    if origin_of(obj) is None:
        _tag(obj, ScopeOrigin(reason=reason))


def mark_read_by(obj, user) -> None:
    """A row read for ``user`` (the signed-in user's own record): its relations follow
    that user's scope."""
    _tag(obj, ScopeOrigin(user=user))


def origin_of(obj) -> ScopeOrigin | None:
    return getattr(obj, _ORIGIN_ATTR, None)


class ScopedQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_origin: ScopeOrigin | None = None

    @classmethod
    def as_manager(cls):
        manager = ScopedManagerBase.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True

    def _clone(self):
        clone = super()._clone()
        clone._scope_origin = self._scope_origin
        return clone

    def visible_to(self, user, action: str = Action.VIEW):
        queryset = self.filter(scope_q(self.model, user, action))
        queryset._scope_origin = ScopeOrigin(user=user)
        return queryset

    def for_actor(self, user, action: str = Action.VIEW):
        """The rows ``user`` may ``action``; with no user (system work), the plain
        queryset, which only a surrounding ``bypass`` lets through: no user never
        means "everything" by default."""
        return self.all() if user is None else self.visible_to(user, action)

    def unscoped(self, reason: str):
        """An explicit, greppable bypass for system work; ``reason`` says why."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("unscoped() must name its reason")
        queryset = self.all()
        queryset._scope_origin = ScopeOrigin(reason=reason)
        return queryset

    # -- the check, at every place a query reaches the database --

    def _resolve_scope(self) -> ScopeOrigin:
        if self._scope_origin is not None:
            return self._scope_origin
        parent = origin_of(self._hints.get("instance"))
        if parent is not None:
            # a related manager or prefetch of a row read in a scope: the same scope
            if parent.user is not None:
                self.query.add_q(scope_q(self.model, parent.user, Action.VIEW))
            self._scope_origin = parent
            return parent
        if self.query.is_empty():
            return ScopeOrigin(reason="an empty query reads nothing")
        reason = _bypass_reason.get()
        if reason is not None:
            return ScopeOrigin(reason=reason)
        raise ScopeError(
            f"{self.model._meta.label}: a query that is neither scoped to a user "
            "(visible_to) nor an explicit bypass naming its reason (unscoped)"
        )

    def _fetch_all(self):
        if self._result_cache is None:
            origin = self._resolve_scope()
            self._result_cache = list(self._iterable_class(self))
            if issubclass(self._iterable_class, models.query.ModelIterable):
                for obj in self._result_cache:
                    _tag(obj, origin)
        if self._prefetch_related_lookups and not self._prefetch_done:
            self._prefetch_related_objects()

    def _iterator(self, use_chunked_fetch, chunk_size):
        # Django's, with each row marked before a chunk's prefetch reads its relations
        origin = self._resolve_scope()
        rows = self._iterable_class(
            self, chunked_fetch=use_chunked_fetch, chunk_size=chunk_size or 2000
        )
        if issubclass(self._iterable_class, models.query.ModelIterable):
            rows = _tagged(rows, origin)
        if not self._prefetch_related_lookups or chunk_size is None:
            yield from rows
            return
        rows = iter(rows)
        while results := list(islice(rows, chunk_size)):
            models.prefetch_related_objects(results, *self._prefetch_related_lookups)
            yield from results

    def count(self):
        if self._result_cache is None:
            self._resolve_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._resolve_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._resolve_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._resolve_scope()
        return super().update(**kwargs)

    def delete(self):
        self._resolve_scope()
        return super().delete()

    def explain(self, *, format=None, **options):
        self._resolve_scope()
        return super().explain(format=format, **options)

    def bulk_update(self, objs, fields, batch_size=None):
        # the rows are the ones given, by primary key: the caller holds them already
        rows = self if self._scope_origin else self.unscoped("bulk update of given rows")
        return super(ScopedQuerySet, rows).bulk_update(objs, fields, batch_size=batch_size)


class ScopedManagerBase(models.Manager):
    """The manager class of every scoped model (related managers derive from it)."""


ScopedManager = ScopedManagerBase.from_queryset(ScopedQuerySet)
