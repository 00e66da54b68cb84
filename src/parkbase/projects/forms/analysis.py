"""The filter forms of the analysis pages (funnel and money, lost projects)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import Form, style_form
from parkbase.projects import selectors
from parkbase.projects.choices import LossReason, ProjectSource


class FunnelFilterForm(Form):
    year = forms.TypedChoiceField(
        label=_("first contact in"), required=False, coerce=int, empty_value=None
    )
    industry = forms.RegexField(
        label=_("industry code (prefix)"),
        regex=r"^[A-Za-z0-9]{1,4}$",
        required=False,
        max_length=4,
    )
    source = forms.ChoiceField(label=_("source"), required=False)
    officer = forms.TypedChoiceField(
        label=_("responsible officer"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data=None, *, years=(), officers=()):
        super().__init__(data)
        self.fields["year"].choices = [("", _("all years")), *[(y, y) for y in years]]
        self.fields["source"].choices = [("", _("all sources")), *ProjectSource.choices]
        self.fields["officer"].choices = [
            ("", _("everyone")),
            *[(u.pk, u.get_full_name() or u.username) for u in officers],
        ]
        style_form(self)

    def filters(self) -> selectors.ProjectFilter:
        if not self.is_bound or not self.is_valid():
            return selectors.ProjectFilter()
        data = self.cleaned_data
        return selectors.ProjectFilter(
            year=data.get("year"),
            industry=data.get("industry") or "",
            source=data.get("source") or "",
            officer=data.get("officer"),
        )


class LostFilterForm(Form):
    year = forms.TypedChoiceField(label=_("lost in"), required=False, coerce=int, empty_value=None)
    reason = forms.ChoiceField(label=_("reason"), required=False)

    def __init__(self, data=None, *, years=()):
        super().__init__(data)
        self.fields["year"].choices = [("", _("all years")), *[(y, y) for y in years]]
        self.fields["reason"].choices = [("", _("all reasons")), *LossReason.choices]
        style_form(self)

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"year": None, "reason": ""}
        return {"year": self.cleaned_data["year"], "reason": self.cleaned_data["reason"] or ""}
