from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.comparison.reader import MAX_BYTES
from isenim.comparison.services import MAX_SOURCE, MAX_TITLE


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8) or XLSX in CTDC's columns, as CTDC distributes its dataset; "
            "the columns in any order."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("Small Latin letters, digits, hyphens: used in the analysis as comparison:NAME."),
    )
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=MAX_SOURCE,
        required=False,
        help_text=_("Who published the file, where and when."),
    )
    replace = forms.BooleanField(label=_("Replace the dataset of this name"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; a CTDC file is far smaller.")
                % {"size": MAX_BYTES // 2**20}
            )
        return upload


class DeleteForm(forms.Form):
    """Deleting a dataset asks for a ticked box (as anonymising records in retention does)."""

    confirm = forms.BooleanField(
        label=_("Yes, delete this dataset and every row imported from it"),
        error_messages={"required": _("Tick this box to confirm. Nothing was deleted.")},
    )
