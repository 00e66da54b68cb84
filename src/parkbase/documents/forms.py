"""The library's forms: the upload (several files at once), a document's metadata, a
new version, and a link to a record."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import DATE_INPUT
from parkbase.core.forms import Form, VersionedModelForm
from parkbase.documents.choices import LinkKind
from parkbase.documents.models import Category, Document
from parkbase.documents.services.records import METADATA


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files (or a folder's files) in one field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _categories(user):
    return (
        Category.objects.visible_to(user)
        .select_related("parent")
        .order_by("parent__order", "parent_id", "order", "id")
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class UploadForm(Form):
    files = MultipleFileField(label=_("files"))
    category = CategoryChoiceField(
        queryset=Category.objects.none(), required=False, label=_("category")
    )
    year = forms.IntegerField(min_value=1949, max_value=2100, required=False, label=_("year"))
    link = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(user)


class VersionForm(Form):
    file = forms.FileField(label=_("file of the new version"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DocumentForm(VersionedModelForm):
    category = CategoryChoiceField(
        queryset=Category.objects.none(), required=False, label=_("category")
    )

    class Meta:
        model = Document
        fields = list(METADATA)
        widgets = {"issued_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(user)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in METADATA}


class LinkForm(Form):
    """A record to link a document to: its kind, and its credit code (an enterprise),
    its parcel code (a parcel) or its number."""

    kind = forms.ChoiceField(choices=LinkKind.choices, label=_("kind"))
    key = forms.CharField(
        label=_("record"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("credit code, parcel code or number")}),
    )

    @property
    def target_text(self) -> str:
        return f"{self.cleaned_data['kind']}:{self.cleaned_data['key']}"
