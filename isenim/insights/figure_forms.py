"""Forms of the campaign comparison (what to count, how many months) and of the official figures (enter,
edit, import)."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.geo.models import AdminUnit
from isenim.insights.campaigns import DEFAULT_MONTHS, MOST_MONTHS
from isenim.insights.models import OfficialFigure
from isenim.insights.services.figures import FIRST_YEAR, MAX_UPLOAD_BYTES, MAX_VALUE, FigureData


class CampaignCompareForm(forms.Form):
    """A GET form: a wrong value falls back to the default and the field says why."""

    measure = forms.ChoiceField(
        label=_("Count"),
        choices=[("appeals", _("Appeals")), ("presumed_victims", _("Presumed victims"))],
        required=False,
    )
    before = forms.IntegerField(
        label=_("Months before the start"), min_value=1, max_value=MOST_MONTHS, required=False
    )
    after = forms.IntegerField(
        label=_("Months from the start"), min_value=1, max_value=MOST_MONTHS, required=False
    )

    def options(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "measure": data.get("measure") or "appeals",
            "before": data.get("before") or DEFAULT_MONTHS,
            "after": data.get("after") or DEFAULT_MONTHS,
        }


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name()


class FigureForm(forms.Form):
    region = RegionChoiceField(
        label=_("Region"), queryset=AdminUnit.objects.filter(level=AdminUnit.Level.REGION).order_by("code")
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    measure = forms.ChoiceField(label=_("Figure"), choices=OfficialFigure.Measure.choices)
    value = forms.IntegerField(label=_("Value"), min_value=0, max_value=MAX_VALUE)
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Who published the figure and where: the report, the page, the date."),
    )
    source_url = forms.URLField(
        label=_("Source address"), max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, figure: OfficialFigure | None = None, **kwargs):
        if figure is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "region": figure.region_id,
                "year": figure.year,
                "measure": figure.measure,
                "value": figure.value,
                "source": figure.source,
                "source_url": figure.source_url,
                "note": figure.note,
            }
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].widget.attrs["max"] = this_year

    def to_data(self) -> FigureData:
        d = self.cleaned_data
        return FigureData(
            region=d["region"],
            year=d["year"],
            measure=d["measure"],
            value=d["value"],
            source=d["source"],
            source_url=d.get("source_url") or "",
            note=d.get("note") or "",
        )


class FigureImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: region (code or name), year, measure, value, source; source_url and note are optional."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(most)s MB.") % {"most": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
