"""Forms of the return, the document applications and the pre-departure consultations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.cases.forms import StaffChoiceField, caseworkers
from isenim.cases.forms.services import DateInput, _PickField, not_in_future
from isenim.cases.models import Partner
from isenim.cases.selectors.catalogue import partner_choices
from isenim.geo.forms import CountryChoiceField
from isenim.geo.models import Country
from isenim.returns.models import (
    APPLICATION_DOC_TYPES,
    ApplicationStatus,
    ReturnStatus,
    ReturnStepKind,
)

# --- Return --------------------------------------------------------------------------------------------


class ReturnPlanForm(forms.Form):
    from_country = CountryChoiceField(label=_("Returning from"), required=False)
    planned_travel_on = forms.DateField(label=_("Planned travel date"), required=False, widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=ReturnStatus.choices, initial=ReturnStatus.PLANNED)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_country"].limit_to(Country.objects.all())


class ReturnStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=[("", "—"), *ReturnStepKind.choices])
    done_on = forms.DateField(
        label=_("Date"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    done_by = StaffChoiceField(label=_("Done by"), queryset=caseworkers())
    partner = _PickField(
        label=_("Partner (optional)"), model=Partner, choices_function=partner_choices, required=False
    )
    cost_uzs = forms.DecimalField(
        label=_("Cost, UZS"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_by"].queryset = caseworkers()
        self.fields["partner"].refresh()


# --- Document applications ------------------------------------------------------------------------------


def mission_choices() -> list:
    """Uzbekistan's missions grouped by country; an unverified one is marked (staff may still pick it)."""
    from isenim.guide.models import Mission

    groups: dict[str, list] = {}
    for mission in Mission.objects.select_related("country"):
        mark = "" if mission.verified_on else f" ({_('not verified')})"
        groups.setdefault(mission.country.name(), []).append((mission.pk, f"{mission}{mark}"))
    return sorted(groups.items(), key=lambda item: item[0].casefold())


class _MissionField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=(), **kwargs)

    def refresh(self) -> None:
        self.choices = [("", "—"), *mission_choices()]

    def clean(self, value):
        from isenim.guide.models import Mission

        pk = super().clean(value)
        if pk in (None, ""):
            return None
        row = Mission.objects.filter(pk=pk).first()
        if row is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


class ApplicationForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *APPLICATION_DOC_TYPES])
    mission = _MissionField(
        label=_("Issuing body"),
        required=False,
        help_text=_("The embassy or consulate of Uzbekistan that issues the document."),
    )
    applied_on = forms.DateField(
        label=_("Applied on"),
        required=False,
        widget=DateInput,
        validators=[not_in_future],
        help_text=_("Leave empty while the application is being prepared."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].refresh()

    def clean(self):
        data = super().clean()
        if data.get("applied_on") and not data.get("mission"):
            self.add_error(
                "mission",
                forms.ValidationError(
                    _("Say to which mission the application was submitted."), code="mission"
                ),
            )
        return data


class ApplicationMoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ApplicationStatus.choices)
    on = forms.DateField(
        label=_("On"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    mission = _MissionField(label=_("Issuing body"), required=False)
    number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=40,
        help_text=_("When issued. Stored encrypted."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        # Any status is accepted here so that a move the workflow refuses gets the service's clear
        # message; the list offers only the moves allowed from the current status.
        allowed = application.next_statuses()
        self.fields["to_status"].widget.choices = [
            (value, label) for value, label in ApplicationStatus.choices if value in allowed
        ]
        self.fields["mission"].refresh()
        if application.mission_id:
            self.fields["mission"].initial = application.mission_id

    def clean(self):
        data = super().clean()
        valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
        if valid_from and valid_until and valid_from > valid_until:
            self.add_error(
                "valid_until",
                forms.ValidationError(_("The document cannot expire before it becomes valid."), code="order"),
            )
        return data


class HandOverForm(forms.Form):
    on = forms.DateField(
        label=_("Handed over on"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
