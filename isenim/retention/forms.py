from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.people.models import Person
from isenim.retention.models import MAX_MONTHS, ErasureRequest, Kind


class PeriodsForm(forms.Form):
    """One number of months per kind of record."""

    def __init__(self, *args, current: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.IntegerField(
                label=label, min_value=1, max_value=MAX_MONTHS, initial=current[kind]
            )


class ConfirmForm(forms.Form):
    """The records the director ticked on the list of those due."""

    def __init__(self, *args, choices: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"] = forms.TypedMultipleChoiceField(
            label=_("Records to anonymise"),
            choices=[(pk, pk) for pk in choices],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Tick at least one record.")},
        )
        self.fields["understood"] = forms.BooleanField(
            label=_("I understand that what is anonymised cannot be restored, except from an older backup."),
            error_messages={"required": _("Tick this box to confirm.")},
        )


class RequestForm(forms.Form):
    code = forms.CharField(
        label=_("Code of the person's record"),
        max_length=16,
        help_text=_("As on the person's page, e.g. ISN-2026-00042. Do not type the name."),
    )
    received_on = forms.DateField(
        label=_("Request received on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        person = Person.objects.filter(code=code, merged_into__isnull=True).first()
        if person is None:
            raise forms.ValidationError(
                _("No record has this code (a record merged away: use the kept one).")
            )
        self.person = person
        return code

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant: erase the person's records now")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=ErasureRequest.Ground.choices)
    reason = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a refusal. Kept encrypted. Do not write the person's name."),
    )
