from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.exports import xlsx_response
from parkbase.core.filtersets import DB_INT_MAX
from parkbase.core.forms import style_form
from parkbase.core.messages import TEMPLATES
from parkbase.core.models import Park
from parkbase.core.pagination import DeferredJoinPaginator
from parkbase.core.scoping import role_allows, role_sees_model

STALE = TEMPLATES["stale"]


def as_int(value):
    """A whole number from a request parameter, or None for anything else, a number
    too large for the database to compare with included."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -DB_INT_MAX - 1 <= number <= DB_INT_MAX else None


def may(user, action: str, model) -> bool:
    """Whether the user's role may ``action`` the model at all (which rows: its scope)."""
    return role_allows(user, action, model) and role_sees_model(user, model)


def add_errors(form, exc: ValidationError) -> None:
    """A service's field-keyed errors next to their fields; errors of fields the form
    does not have (each names its field) above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def object_or_404(request, model, pk, action=Action.VIEW, *related):
    """The object of ``model`` the user may ``action``, with ``related`` joined; 404
    for anything out of scope or missing."""
    obj = model.objects.visible_to(request.user, action).select_related(*related)
    obj = obj.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def error_codes(exc: ValidationError) -> set[str]:
    """The rule codes a service's refusal names."""
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def current_park(request, park_id=None):
    """The park a page works in: the user's own; for users of no park (administrators)
    the one asked for (``?park=``) among those they see, else the first."""
    user = request.user
    if user.park_id:
        return user.park
    parks = Park.objects.visible_to(user).order_by("code")
    wanted = as_int(park_id if park_id is not None else request.GET.get("park"))
    park = parks.filter(pk=wanted).first() if wanted else None
    park = park or parks.first()
    if park is None:
        raise Http404
    return park


def parks_to_choose(request):
    """The parks a user of no park can switch between (empty for everyone else)."""
    if request.user.park_id:
        return []
    return list(Park.objects.visible_to(request.user).order_by("code"))


class ScopedMixin(LoginRequiredMixin):
    """Every object a page shows comes from ``Model.objects.visible_to``."""

    model = None
    action = Action.VIEW
    # other models a page shows as a whole (a run's what-if shows its scheme): a role
    # that sees no row of one of them does not find the page either
    shows: tuple = ()

    def required_action(self) -> str:
        return self.action

    @classmethod
    def opens_for(cls, user) -> bool:
        """Whether the user's role may open this kind of page at all (``dispatch``'s
        rules before any record is read): a button to it is shown only then."""
        if not getattr(user, "is_authenticated", False):
            return False
        if not all(role_sees_model(user, m) for m in (cls.model, *cls.shows)):
            return False
        return role_allows(user, cls.action, cls.model)

    def dispatch(self, request, *args, **kwargs):
        """A role that sees no row of the page's model (or of a model it ``shows``) finds
        nothing here (404), as with an object out of its scope; a role that may not do the
        action at all is refused (403); which objects is the queryset's business (404
        for anything out of scope)."""
        user = request.user
        if user.is_authenticated:
            if not all(role_sees_model(user, m) for m in (self.model, *self.shows)):
                raise Http404
            if not role_allows(user, self.required_action(), self.model):
                return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def scoped(self, action: str | None = None):
        return self.model.objects.visible_to(self.request.user, action or self.action)

    def get_scoped_object(self, pk, action: str | None = None):
        obj = self.scoped(action).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj


class PostChangesMixin:
    """GET views, POST changes: the role must allow ``post_action`` (change) for a POST."""

    post_action = Action.CHANGE

    def required_action(self) -> str:
        return self.post_action if self.request.method == "POST" else self.action


class ScopedListView(ScopedMixin, TemplateView):
    """Filter (the app's filterset), sort, paginate, export to XLSX with the same filter."""

    filterset_class = None
    table_class = None
    select_related: tuple[str, ...] = ()
    template_name = "core/list.html"
    partial_template_name = "core/_list_results.html"
    export_name = "export"
    title = ""

    def get_filterset(self):
        filterset = self.filterset_class(
            self.request.GET or None, queryset=self.scoped(), request=self.request
        )
        style_form(filterset.form)
        return filterset

    def export(self, queryset):
        """The list's XLSX: its table's columns (an app exporting more declares
        ``export = staticmethod(exports.its_rows)``)."""
        return self.table_class.export_rows(queryset)

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset()
        queryset = self.filterset.qs if self.filterset.is_bound else self.filterset.queryset
        if self.filterset.is_bound and not self.filterset.is_valid():
            queryset = queryset.none()
        if request.GET.get("export") == "xlsx":
            headers, rows = self.export(queryset)
            return xlsx_response(self.export_name, headers, rows, sheet=str(self.title))
        self.queryset = (
            queryset.select_related(*self.select_related) if self.select_related else queryset
        )
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def page_size(self) -> int:
        try:
            size = int(self.request.GET.get("page_size", 50))
        except ValueError:
            size = 50
        return size if size in settings.PARKBASE_PAGE_SIZES else 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = DeferredJoinPaginator(self.queryset, self.page_size())
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ordering = self.request.GET.get("ordering", "")
        context.update(
            title=self.title,
            can_add=may(self.request.user, Action.ADD, self.model),
            filterset=self.filterset,
            page=page,
            table=self.table_class(page.object_list, ordering),
            query=query.urlencode(),
            query_without_ordering=_without(query, "ordering"),
            page_sizes=settings.PARKBASE_PAGE_SIZES,
            export_query=_with(query, export="xlsx"),
        )
        return context


def _without(query: QueryDict, key: str) -> str:
    q = query.copy()
    q.pop(key, None)
    return q.urlencode()


def _with(query: QueryDict, **values) -> str:
    q = query.copy()
    for k, v in values.items():
        q[k] = v
    return q.urlencode()
