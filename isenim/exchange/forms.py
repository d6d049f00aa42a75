from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from isenim.core.disclosure import FILE_K
from isenim.exchange.export import FORMATS


class ReleaseForm(forms.Form):
    recipient = forms.CharField(
        label=_("Given to"),
        max_length=300,
        help_text=_(
            "The organisation that receives the file, e.g. IOM's Counter Trafficking Data Collaborative."
        ),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    k = forms.IntegerField(
        label=_("k: the smallest group of people the file may show"),
        initial=FILE_K,
        validators=[
            MinValueValidator(
                FILE_K, message=_("k must be at least %(limit_value)s for a file that leaves the centre.")
            ),
            MaxValueValidator(1000),
        ],
    )
    file_type = forms.ChoiceField(
        label=_("File format"),
        choices=[("csv", _("CSV text (UTF-8)")), ("xlsx", _("Excel workbook (XLSX)"))],
        initial="csv",
        widget=forms.RadioSelect,
    )

    def clean_file_type(self):
        value = self.cleaned_data["file_type"]
        if value not in FORMATS:
            raise forms.ValidationError(_("Choose CSV or XLSX."))
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["k"].help_text = _(
            "At least %(k)d: every combination of year, gender, age band, citizenship and country of "
            "exploitation in the file is shared by at least k people."
        ) % {"k": FILE_K}
