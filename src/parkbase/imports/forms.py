from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import Form, style_form
from parkbase.imports import registry

MAX_UPLOAD_MB = 200
SUPPORTED_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt", ".tsv"}


class ImportUploadForm(Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(".xlsx, .xls, .ods or .csv (UTF-8 or GBK)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(SUPPORTED_SUFFIXES))}),
    )
    sheet = forms.CharField(
        label=_("Sheet"), required=False, help_text=_("Leave empty for the first sheet.")
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=_(
            "For kinds with a year: the year of every row (a sheet without a year column "
            "takes it; a row with another year is reported)."
        ),
    )
    month = forms.RegexField(
        label=_("Month"),
        required=False,
        regex=r"^\s*(?:19|20)\d\d-(?:0?[1-9]|1[0-2])\s*$",
        help_text=_(
            "For monthly returns: the month of every row, as 2019-03 (a sheet without a "
            "月份 or 期别 column takes it)."
        ),
        error_messages={"invalid": _("Write the month as 2019-03.")},
    )
    skip_invalid = forms.BooleanField(
        label=_("Write the valid rows and skip the invalid ones"),
        required=False,
        help_text=_("Otherwise a file with any invalid row writes nothing."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registry.choices()
        style_form(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(
                _(
                    "%(name)s: files of type %(suffix)s cannot be imported (use .xlsx, .xls, .ods or .csv)."
                ),
                params={"name": upload.name, "suffix": suffix or "?"},
                code="file_type",
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": MAX_UPLOAD_MB}, code="size"
            )
        return upload
