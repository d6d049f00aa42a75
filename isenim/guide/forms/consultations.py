"""The pre-departure consultation form and the memo's language."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from isenim.cases.forms import StaffChoiceField, caseworkers
from isenim.cases.forms.services import DateInput, not_in_future
from isenim.geo.forms import CountryChoiceField
from isenim.geo.models import Country
from isenim.guide.models import OfferSource

# --- Consultations ---------------------------------------------------------------------------------------


def destinations():
    """The migration app's destination countries when it has any, otherwise every country."""
    from isenim.guide.selectors import destination_countries

    found = destination_countries()
    return found if found.exists() else Country.objects.all()


class ConsultationForm(forms.Form):
    destination = CountryChoiceField(label=_("Destination"))
    consulted_on = forms.DateField(
        label=_("Date"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    consulted_by = StaffChoiceField(label=_("Consulted by"), queryset=caseworkers())
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), required=False, min_value=1, max_value=60 * 24
    )
    offer_source = forms.ChoiceField(
        label=_("The job was offered by"), choices=OfferSource.choices, initial=OfferSource.NONE
    )
    job_offered = forms.CharField(
        label=_("Job offered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The work, the pay and the place promised. Stored encrypted."),
    )
    offered_by = forms.CharField(
        label=_("Offered by (name, agency, phone)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stored encrypted."),
    )
    contract_seen = forms.BooleanField(
        label=_("The contract was seen and read with the person"), required=False
    )
    employer_checked = forms.BooleanField(label=_("The employer or agency was checked"), required=False)
    registration_explained = forms.BooleanField(
        label=_("Registration on arrival was explained"), required=False
    )
    work_permit_explained = forms.BooleanField(label=_("The work permit was explained"), required=False)
    contacts_saved = forms.BooleanField(
        label=_("The person saved the hotline and mission contacts"), required=False
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics given"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        from isenim.guide.models import Topic

        super().__init__(*args, **kwargs)
        self.fields["destination"].limit_to(destinations())
        self.fields["consulted_by"].queryset = caseworkers()
        self.fields["topics"].choices = Topic.choices


def memo_language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def memo_language(requested: str | None) -> str:
    """The memo's language: the one asked for when the UI offers it, else the UI language."""
    codes = {code for code, _name in settings.LANGUAGES}
    if requested in codes:
        return requested
    current = get_language()
    return current if current in codes else settings.LANGUAGE_CODE
