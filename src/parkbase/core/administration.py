"""The administration pages: an administrator's users (list, new, edit, a new password),
phases and departments (list, new, edit), through the core services like every write;
and every user's own password. What an administrator manages is ``core.selectors``'
(their park's; a superuser's, everything); anyone else finds nothing here (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import services
from parkbase.core.edit_views import ServiceFormView, refusals
from parkbase.core.filtersets import DepartmentFilterSet, PhaseFilterSet, UserFilterSet
from parkbase.core.forms import (
    DepartmentForm,
    PhaseForm,
    UserCreateForm,
    UserForm,
    style_form,
)
from parkbase.core.history import changes_of
from parkbase.core.models import Department, Phase, User
from parkbase.core.selectors import (
    is_administrator,
    managed,
    managed_enterprises,
    managed_parks,
    managed_users,
)
from parkbase.core.tables import DepartmentTable, PhaseTable, UserTable
from parkbase.core.views import ScopedListView, ScopedMixin


class AdministratorMixin:
    """Administrators only: anyone else signed in finds nothing here (404)."""

    manage_tab = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_administrator(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def rows(self):
        raise NotImplementedError

    def scoped(self, action=None):
        return self.rows()

    def get_object(self):
        if self.is_creating():
            return None
        obj = self.rows().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"manage_tab": self.manage_tab}


# ---------------------------------------------------------------- users


class UserRows(AdministratorMixin):
    model = User
    manage_tab = "users"

    def rows(self):
        return managed_users(self.request.user).select_related("park", "department", "enterprise")


class UserListView(UserRows, ScopedListView):
    filterset_class = UserFilterSet
    table_class = UserTable
    select_related = ("park", "department", "enterprise")
    template_name = "core/manage_list.html"
    export_name = "users"
    title = _("Users")


class UserEditView(UserRows, ServiceFormView):
    template_name = "core/manage_user_form.html"
    create_service = staticmethod(services.user_create)

    def get_form(self, obj, data=None):
        user = self.request.user
        form_class = UserCreateForm if obj is None else UserForm
        choices = {
            "department": managed(Department, user).select_related("park"),
            "enterprise": managed_enterprises(user).order_by("name"),
        }
        parks = managed_parks(user).order_by("code")
        return form_class(data, instance=obj, user=user, parks=parks, choices=choices)

    def create(self, form):
        password = form.cleaned_data["password1"]
        return services.user_create(
            password=password, user=self.request.user, **form.service_data()
        )

    def update(self, form, obj):
        return services.user_update(account=obj, user=self.request.user, **form.service_data())

    def form_context(self, form, account) -> dict:
        changes = []
        if account is not None:
            changes = changes_of(User.history.filter(id=account.pk), User)
        title = _("Edit user") if account else _("New user")
        return {"account": account, "changes": changes, "title": title}

    def success_url(self, saved) -> str:
        return reverse("manage-user-edit", args=[saved.pk])


class UserPasswordView(UserRows, ScopedMixin, TemplateView):
    """A new password for a user (who then signs in with it)."""

    template_name = "core/manage_password.html"

    def is_creating(self) -> bool:
        return False

    def _render(self, account, form, status=200):
        context = self.get_context_data(form=form, account=account, title=_("Set a new password"))
        return self.render_to_response(context, status=status)

    def get(self, request, **kwargs):
        account = self.get_object()
        return self._render(account, style_form(SetPasswordForm(account)))

    def post(self, request, **kwargs):
        account = self.get_object()
        form = style_form(SetPasswordForm(account, request.POST))
        if form.is_valid():
            with refusals(form=form) as outcome:
                services.user_set_password(
                    account=account, password=form.cleaned_data["new_password1"], user=request.user
                )
            if not outcome.refused:
                messages.success(
                    request, _("The password of %(user)s was changed.") % {"user": account}
                )
                return redirect("manage-user-edit", pk=account.pk)
        return self._render(account, form, status=400)


# ---------------------------------------------------------------- phases and departments


class ParkRecordRows(AdministratorMixin):
    def rows(self):
        return managed(self.model, self.request.user).select_related("park")


class ParkRecordEditView(ParkRecordRows, ServiceFormView):
    template_name = "core/manage_form.html"

    def get_form(self, obj, data=None):
        parks = managed_parks(self.request.user).order_by("code")
        return self.form_class(data, instance=obj, user=self.request.user, parks=parks)

    def update(self, form, obj):
        return self.update_service(
            **{self.service_arg: obj}, user=self.request.user, **form.service_data()
        )

    def form_context(self, form, obj) -> dict:
        changes = changes_of(self.model.history.filter(id=obj.pk), self.model) if obj else []
        return {"record": obj, "changes": changes, "title": self.titles[obj is None]}

    def success_url(self, saved) -> str:
        return reverse(self.list_url)


class PhaseListView(ParkRecordRows, ScopedListView):
    model = Phase
    manage_tab = "phases"
    filterset_class = PhaseFilterSet
    table_class = PhaseTable
    template_name = "core/manage_list.html"
    export_name = "phases"
    title = _("Phases")


class PhaseEditView(ParkRecordEditView):
    model = Phase
    manage_tab = "phases"
    form_class = PhaseForm
    create_service = staticmethod(services.phase_create)
    update_service = staticmethod(services.phase_update)
    service_arg = "phase"
    list_url = "manage-phases"
    titles = {False: _("Edit phase"), True: _("New phase")}


class DepartmentListView(ParkRecordRows, ScopedListView):
    model = Department
    manage_tab = "departments"
    filterset_class = DepartmentFilterSet
    table_class = DepartmentTable
    template_name = "core/manage_list.html"
    export_name = "departments"
    title = _("Departments")


class DepartmentEditView(ParkRecordEditView):
    model = Department
    manage_tab = "departments"
    form_class = DepartmentForm
    create_service = staticmethod(services.department_create)
    update_service = staticmethod(services.department_update)
    service_arg = "department"
    list_url = "manage-departments"
    titles = {False: _("Edit department"), True: _("New department")}


# ---------------------------------------------------------------- one's own password


class OwnPasswordView(auth_views.PasswordChangeView):
    """Every user changes their own password here; the service writes it (the audit
    trail names the user), and the user stays signed in."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("dashboard")
    extra_context = {"title": _("Change my password")}

    def get_form(self, form_class=None):
        return style_form(super().get_form(form_class))

    def form_valid(self, form):
        user = self.request.user
        account = services.user_set_password(
            account=user, password=form.cleaned_data["new_password1"], user=user
        )
        update_session_auth_hash(self.request, account)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.get_success_url())


urlpatterns = [
    path("manage/users/", UserListView.as_view(), name="manage-users"),
    path("manage/users/new/", UserEditView.as_view(), name="manage-user-create"),
    path("manage/users/<int:pk>/", UserEditView.as_view(), name="manage-user-edit"),
    path(
        "manage/users/<int:pk>/password/", UserPasswordView.as_view(), name="manage-user-password"
    ),
    path("manage/phases/", PhaseListView.as_view(), name="manage-phases"),
    path("manage/phases/new/", PhaseEditView.as_view(), name="manage-phase-create"),
    path("manage/phases/<int:pk>/", PhaseEditView.as_view(), name="manage-phase-edit"),
    path("manage/departments/", DepartmentListView.as_view(), name="manage-departments"),
    path("manage/departments/new/", DepartmentEditView.as_view(), name="manage-department-create"),
    path(
        "manage/departments/<int:pk>/",
        DepartmentEditView.as_view(),
        name="manage-department-edit",
    ),
    path("account/password/", OwnPasswordView.as_view(), name="password-change"),
]
