"""Form helpers shared by every app: Tabler classes on widgets, and the base forms
that clean the text they read."""

from collections import Counter

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from parkbase.core.models import Department, Phase, User
from parkbase.core.text import clean_text


def style_form(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    return form


class CleanTextMixin:
    """Text read by a form is cleaned (``core.text.clean_text``) before any field sees
    it: multi-line where the field is a text area, single-line elsewhere.

    Why here: every page form of parkbase derives from ``Form`` or
    ``ServiceModelForm`` below (and every filter form from ``core.filtersets.FilterSet``),
    so one hook on the form reaches declared fields and fields generated from models
    alike, with no app naming a text field. It cleans the submitted data rather than
    each field's value, so the field's own rules (required, length) judge the cleaned
    text, and a form shown again with errors shows it too. The API does the same in
    ``core.api.serializers``; imports in ``imports.values``."""

    def full_clean(self):
        if self.is_bound:
            self.data = _cleaned(self)
        super().full_clean()


def _cleaned(form):
    data, copied = form.data, False
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        key = form.add_prefix(name)
        if key not in data:
            continue
        if hasattr(data, "getlist"):
            values = data.getlist(key)
            cleaned = [clean_text(v, multiline) if isinstance(v, str) else v for v in values]
        else:
            values = data[key]
            cleaned = clean_text(values, multiline) if isinstance(values, str) else values
        if cleaned != values:
            if not copied:
                data, copied = data.copy(), True
            if hasattr(data, "setlist"):
                data.setlist(key, cleaned)
            else:
                data[key] = cleaned
    return data


class Form(CleanTextMixin, forms.Form):
    """The base of every plain (not model) form of parkbase."""


class ServiceModelForm(CleanTextMixin, forms.ModelForm):
    """A ModelForm that only parses input. The rules of a record (uniqueness and
    constraints included) are checked by the app's service, which reports them per field
    in the same words for pages, API and imports; so the model's own validation is not
    run here, where it would report constraints as anonymous form-wide errors."""

    def _post_clean(self):
        pass


class VersionedModelForm(ServiceModelForm):
    """The form of a record changed through the write path: it carries, hidden, the
    ``version`` the editor started from (the record's own), which the service checks."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


def person_label(user, twins=frozenset()) -> str:
    """A person in a choice list: the full name; with the username too when another
    person of the list bears the same name (``twins``), the username alone if no name."""
    name = user.get_full_name() or user.first_name
    if not name:
        return user.username
    return f"{name} ({user.username})" if name in twins else name


class PersonLabels:
    """Choice labels by ``person_label``, the twins found once per queryset."""

    def label_from_instance(self, obj):
        if getattr(self, "_twins_of", None) is not self.queryset:
            names = Counter(u.get_full_name() or u.first_name for u in self.queryset)
            self._twins = {name for name, count in names.items() if count > 1}
            self._twins_of = self.queryset
        return person_label(obj, self._twins)


class PersonChoiceField(PersonLabels, forms.ModelChoiceField):
    pass


class PeopleChoiceField(PersonLabels, forms.ModelMultipleChoiceField):
    pass


# ---------------------------------------------------------------- administration pages


def _one_or_choose(field, queryset):
    """A choice among ``queryset``; where there is only one, it is the field's value."""
    field.queryset = queryset
    if queryset.count() == 1:
        field.initial = queryset.first().pk


class ParkRecordForm(ServiceModelForm):
    """A phase or a department: its park is chosen when it is created, then stays."""

    park = forms.ModelChoiceField(queryset=None, label=_("park"))

    def __init__(self, data=None, *, instance=None, user=None, parks=None):
        super().__init__(data, instance=instance)
        if instance is not None:
            del self.fields["park"]
        else:
            _one_or_choose(self.fields["park"], parks)
        style_form(self)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class PhaseForm(ParkRecordForm):
    class Meta:
        model = Phase
        fields = ["code", "name", "name_en", "order"]


class DepartmentForm(ParkRecordForm):
    class Meta:
        model = Department
        fields = ["code", "name"]


class UserForm(ServiceModelForm):
    """A user as an administrator sets them up: who they are, their role and what the
    role's scope is read from. A park's administrator gives their own park; nobody
    changes their own role or switches themselves off."""

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "park",
            "department",
            "enterprise",
            "is_active",
        ]

    def __init__(self, data=None, *, instance=None, user=None, parks=None, choices=None):
        super().__init__(data, instance=instance)
        self.fixed_park = None
        if user.is_superuser or not user.park_id:
            self.fields["park"].queryset = parks
        else:
            del self.fields["park"]
            self.fixed_park = user.park
        self.fields["department"].queryset = choices["department"]
        self.fields["enterprise"].queryset = choices["enterprise"]
        if instance is not None and instance.pk == user.pk:
            del self.fields["role"]
            del self.fields["is_active"]
        style_form(self)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name in self.Meta.fields}
        if self.fixed_park is not None:
            data["park"] = self.fixed_park
        return data


class UserCreateForm(UserForm):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Password confirmation"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two password fields didn’t match."))
        elif first:
            candidate = User(username=cleaned.get("username") or "", email=cleaned.get("email"))
            try:
                validate_password(first, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
