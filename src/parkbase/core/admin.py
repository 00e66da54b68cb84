"""The admin site reads every record and writes only through the services.

Every app's admin derives from one of two bases:

* ``ReadOnlyAdmin``: a list (columns, filters, search), a read-only page per record and
  its history; nothing can be added, changed, deleted or reverted there. The pages and
  the API write those records through their services, with the status rules, checks
  and versions the admin would skip.
* ``ServiceAdmin``: the few records kept here (users, phases, departments). The form
  asks the service's check (its refusals show next to their fields); saving and
  deleting call the service, which writes the audit trail with the acting user.

Both read through ``Model.objects.visible_to(request.user)``, like every page; who may
open the admin at all is Django's rule (an active user marked as staff).
"""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from parkbase.core import services
from parkbase.core.forms import CleanTextMixin
from parkbase.core.models import Department, IndustryCode, Park, Phase, User
from parkbase.core.scoping import bypass, scope_q
from parkbase.core.views import add_errors


def has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


class VisibleRowsRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """The choices are what the visible rows point at (a scoped subquery), so reading
    the related rows themselves is a named bypass."""

    def field_choices(self, field, request, model_admin):
        with bypass("admin filter: the targets of the rows the user sees"):
            return list(super().field_choices(field, request, model_admin))


class WithholdingHelper(HistoricalRecordContextHelper):
    """Drops from a change's list the fields withheld from the reader (in either of
    the two versions compared)."""

    def __init__(self, model, record, withheld):
        super().__init__(model, record)
        self.withheld = withheld

    def context_for_delta_changes(self, delta):
        hidden = self.withheld(delta.old_record.instance) | self.withheld(delta.new_record.instance)
        shown = [c for c in delta.changes if c.field not in hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))


class ScopedAdmin(SimpleHistoryAdmin):
    """What both bases share: rows, choices and filters through ``visible_to``; history
    of visible records only; no revert from the history page."""

    # A model whose manager has no ``visible_to`` is read unscoped only when its admin
    # says why (national reference data); otherwise the admin fails closed.
    unscoped_reason = ""

    def withheld_fields(self, obj) -> set[str]:
        """Fields of ``obj`` the reader may not see (a confidential project's name)."""
        return set()

    def get_queryset(self, request):
        manager = self.model._default_manager
        if hasattr(manager, "visible_to"):
            queryset = manager.visible_to(request.user)
        elif self.unscoped_reason:
            queryset = manager.all()
        else:
            raise TypeError(f"{self.model.__name__} has no visible_to and no unscoped_reason")
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def sees_everything(self, request) -> bool:
        return not hasattr(self.model._default_manager, "visible_to") or (
            scope_q(self.model, request.user) == Q()
        )

    def get_list_filter(self, request):
        """Filters on a relation offer only what the visible rows point at."""
        found = []
        for item in super().get_list_filter(request):
            field = self._field(item) if isinstance(item, str) else None
            if field is not None and field.is_relation:
                item = (item, VisibleRowsRelatedFilter)
            found.append(item)
        return found

    def _field(self, name):
        try:
            return get_fields_from_path(self.model, name)[-1]
        except Exception:
            return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self._scoped_choices(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._scoped_choices(db_field, request, kwargs)
        )

    def _scoped_choices(self, db_field, request, kwargs):
        manager = db_field.remote_field.model._default_manager
        if "queryset" not in kwargs and hasattr(manager, "visible_to"):
            kwargs["queryset"] = manager.visible_to(request.user)
        return kwargs

    def _visible_or_404(self, request, object_id):
        if not self.get_queryset(request).filter(pk=object_id).exists() and not (
            self.sees_everything(request)
        ):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        """A visible record's history (a deleted one's for who sees everything)."""
        self._visible_or_404(request, object_id)
        if not has_history(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read: posting it back (revert) would skip the services."""
        if not has_history(self.model):
            raise Http404
        if request.method == "POST":
            raise PermissionDenied
        self._visible_or_404(request, object_id)
        # a past version is rebuilt from the history table, outside any scope; the
        # record itself was found in the user's scope just above
        with bypass("admin: a past version of a record read in scope"):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        return WithholdingHelper(self.model, historical_record, self.withheld_fields)


class ReadOnlyAdmin(ScopedAdmin):
    """Look up records and their history; every field shown read-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        hidden = self.withheld_fields(obj) if obj is not None else set()
        opts = self.model._meta
        return [
            f.name
            for f in (*opts.concrete_fields, *opts.many_to_many)
            if not f.auto_created and f.name not in hidden and f.name != "password"
        ]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        raise PermissionDenied

    def delete_model(self, request, obj):
        raise PermissionDenied

    def delete_queryset(self, request, queryset):
        raise PermissionDenied


class ServiceAdmin(ScopedAdmin):
    """Editable records whose writes go through their service. A subclass names the
    fields the service takes (``service_fields``) and its ``service_check``, ``create``,
    ``update`` and ``delete``."""

    service_fields: tuple[str, ...] = ()

    def service_check(self, values: dict, obj) -> None:
        raise NotImplementedError

    def create(self, request, form, values: dict):
        raise NotImplementedError

    def update(self, request, obj, values: dict):
        raise NotImplementedError

    def delete(self, request, obj) -> None:
        raise NotImplementedError

    def service_values(self, form) -> dict:
        return {
            name: form.cleaned_data[name]
            for name in self.service_fields
            if name in form.fields and name in form.cleaned_data
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form's validation ends with the service's check: its refusals are the
        form's errors, next to the fields they name."""
        base = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(CleanTextMixin, base):
            if hasattr(base, "clean_username"):

                def clean_username(self):
                    # "already taken" compares with every user, seen or not
                    with bypass("admin form: a user name is unique among all users"):
                        return super().clean_username()

            def clean(self):
                cleaned = super().clean()
                if self._errors:  # the form's own errors first (a field left out, a typo)
                    return cleaned
                current = self.instance if self.instance.pk else None
                try:
                    model_admin.service_check(model_admin.service_values(self), current)
                except ValidationError as exc:
                    add_errors(self, exc)
                return cleaned

        ServiceForm.__name__ = base.__name__
        return ServiceForm

    def save_form(self, request, form, change):
        """The service writes (not the form): the object it saved is the admin's."""
        values = self.service_values(form)
        if change:
            return self.update(request, form.instance, values)
        return self.create(request, form, values)

    def save_model(self, request, obj, form, change):
        """Saved already, by the service, in ``save_form``."""

    def save_related(self, request, form, formsets, change):
        """Relations are the service's (its values include them)."""

    def delete_model(self, request, obj):
        self.delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, each with its refusal
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """A refused deletion goes back to the record with the service's reason."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            return HttpResponseRedirect(url)


class ParkRecordAdmin(ServiceAdmin):
    """Phases and departments: a code and a name in a park (which then stays)."""

    list_display = ("code", "name", "park")
    list_filter = ("park",)
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("park",) if obj is not None else ()


@admin.register(Phase)
class PhaseAdmin(ParkRecordAdmin):
    list_display = ("code", "name", "park", "order")
    service_fields = ("park", *services.PHASE_FIELDS)

    def service_check(self, values, obj):
        services.phase_check(values, obj)

    def create(self, request, form, values):
        return services.phase_create(user=request.user, **values)

    def update(self, request, obj, values):
        return services.phase_update(phase=obj, user=request.user, **values)

    def delete(self, request, obj):
        services.phase_delete(phase=obj, user=request.user)


@admin.register(Department)
class DepartmentAdmin(ParkRecordAdmin):
    service_fields = ("park", *services.DEPARTMENT_FIELDS)

    def service_check(self, values, obj):
        services.department_check(values, obj)

    def create(self, request, form, values):
        return services.department_create(user=request.user, **values)

    def update(self, request, obj, values):
        return services.department_update(department=obj, user=request.user, **values)

    def delete(self, request, obj):
        services.department_delete(department=obj, user=request.user)


def password_of(cleaned_data) -> str | None:
    """The password a user form set, or None where it chose no password login."""
    if cleaned_data.get("usable_password", "true") == "false":
        return None
    return cleaned_data.get("password1")


class PasswordForm(AdminPasswordChangeForm):
    """The password is set by the service; the audit trail takes the acting user from
    the request, as for every change made on the site."""

    def save(self, commit=True):
        password = password_of(self.cleaned_data)
        self.user = services.user_set_password(account=self.user, password=password)
        return self.user


@admin.register(User)
class ParkUserAdmin(ServiceAdmin, UserAdmin):
    """Users are not deleted (their name stays in the audit trail and on the records
    they made): an administrator clears "active" instead."""

    list_display = (
        "username",
        "first_name",
        "role",
        "park",
        "department",
        "enterprise",
        "is_active",
    )
    list_filter = ("role", "park", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    scope = ("role", "park", "department", "enterprise")
    fieldsets = UserAdmin.fieldsets + ((_("role"), {"fields": scope}),)
    add_fieldsets = (
        (None, {"fields": ("username", "usable_password", "password1", "password2")}),
        (None, {"fields": ("first_name", "last_name", "email", *scope)}),
    )
    readonly_fields = ("last_login", "date_joined")
    raw_id_fields = ("enterprise",)
    change_password_form = PasswordForm
    service_fields = services.USER_FIELDS + services.USER_SETS

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def service_check(self, values, obj):
        services.user_check(values, obj)

    def create(self, request, form, values):
        password = password_of(form.cleaned_data)
        return services.user_create(password=password, user=request.user, **values)

    def update(self, request, obj, values):
        return services.user_update(account=obj, user=request.user, **values)


@admin.register(Park)
class ParkAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(IndustryCode)
class IndustryCodeAdmin(ReadOnlyAdmin):
    unscoped_reason = "the national classification, the same for every park"
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")
