"""Forms of donor reports: a new report (period and language) and its narrative fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.grants.choices import ReportLanguage
from isenim.grants.selectors.reports import MOST_NARRATIVE, NARRATIVE_FIELDS
from isenim.prevention.forms.actions import KeyChoiceField


class PeriodChoiceField(KeyChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.label} ({obj.starts_on:%d.%m.%Y} – {obj.ends_on:%d.%m.%Y})"


class ReportCreateForm(forms.Form):
    period = PeriodChoiceField(label=_("Reporting period"), queryset=None)
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=ReportLanguage.choices,
        initial=ReportLanguage.KAA,
        help_text=_("The report is written in this language whatever the language of your screen."),
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class NarrativeForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=ReportLanguage.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in NARRATIVE_FIELDS:
            self.fields[key] = forms.CharField(
                label=label,
                max_length=MOST_NARRATIVE,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def narrative(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key, _label in NARRATIVE_FIELDS}
