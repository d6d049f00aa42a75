"""The needs assessment form: a date, then for each domain a score (or none) and observations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import Domain, Score
from isenim.cases.services.assessment import DomainEntry
from isenim.core.forms import DateInput

OBSERVATIONS_MAX = 5000


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        for domain in Domain.values:
            self.fields[f"score_{domain}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=[("", _("Not assessed this time")), *Score.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"observations_{domain}"] = forms.CharField(
                label=_("Observations"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=OBSERVATIONS_MAX,
                required=False,
            )

    def domain_rows(self) -> list[dict]:
        """The fields of each domain together, in the fixed order of the domains, for the template."""
        return [
            {
                "domain": domain,
                "label": label,
                "score": self[f"score_{domain}"],
                "observations": self[f"observations_{domain}"],
            }
            for domain, label in Domain.choices
        ]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The assessment date cannot be in the future."))
        if self.case is not None and value < self.case.opened_on:
            raise forms.ValidationError(_("The assessment date cannot be before the case was opened."))
        return value

    def clean(self):
        data = super().clean()
        scored = 0
        for domain in Domain.values:
            score = data.get(f"score_{domain}")
            observations = (data.get(f"observations_{domain}") or "").strip()
            if score is not None:
                scored += 1
            elif observations:
                self.add_error(
                    f"score_{domain}", _("Give a score for this domain, or leave its observations empty.")
                )
        if not scored and not self.errors:
            raise forms.ValidationError(_("Score at least one domain."))
        return data

    def entries(self) -> dict[str, DomainEntry]:
        data = self.cleaned_data
        return {
            domain: DomainEntry(score=data[f"score_{domain}"], observations=data[f"observations_{domain}"])
            for domain in Domain.values
            if data.get(f"score_{domain}") is not None
        }
