"""Forms of services delivered, referrals, and the managed lists (service catalogue, partners)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import (
    REFERRAL_TRANSITIONS,
    PartnerKind,
    ReferralStatus,
    ResultKind,
    ServiceGroup,
    ServiceResult,
    results_offered,
)
from isenim.cases.forms import StaffChoiceField, caseworkers
from isenim.cases.models import Partner, ServiceType
from isenim.cases.selectors.catalogue import partner_choices, service_type_choices
from isenim.cases.services.catalogue import NAME_FIELDS, Names
from isenim.core.forms import DateInput, not_in_future
from isenim.geo.models import Country

RESULT_ON_HELP = _("When the job was found, the business registered, the benefit obtained or the help given.")


def team_of(case):
    """Active members of the case's team, for choosing who follows up or handles a referral."""
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=case.members.values("user_id"))
        .order_by("first_name", "username")
    )


class _PickField(forms.TypedChoiceField):
    """A choice among grouped rows (service types, partners) that cleans to the row itself."""

    def __init__(self, *, model, choices_function, **kwargs):
        self.model = model
        self.choices_function = choices_function
        super().__init__(coerce=int, choices=(), **kwargs)

    def refresh(self) -> None:
        self.choices = [("", "—"), *self.choices_function()]

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        row = self.model.objects.filter(pk=pk, active=True).first()
        if row is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


# --- Managed lists ---------------------------------------------------------------------------------


class _NamesForm(forms.Form):
    """Names in each language (Karakalpak Cyrillic required), the source and the verified mark."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NAME_FIELDS:
            model_field = ServiceType._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=capfirst(model_field.verbose_name),
                max_length=model_field.max_length,
                required=name == "name_kaa",
            )
        self.fields["source"] = forms.CharField(
            label=_("Source"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Where the names and details come from (a decree, the partner's letter…)."),
        )
        self.fields["verified"] = forms.BooleanField(
            label=_("I have checked these details against a reliable source"), required=False
        )
        self.fields["active"] = forms.BooleanField(
            label=_("In use (offered in the case file's forms)"), required=False, initial=True
        )

    def names(self) -> Names:
        return Names({name: self.cleaned_data.get(name, "") for name in NAME_FIELDS})

    @staticmethod
    def initial_names(record) -> dict:
        initial = {name: getattr(record, name) for name in NAME_FIELDS}
        initial.update(source=record.source, verified=record.verified, active=record.active)
        return initial


class ServiceTypeForm(_NamesForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A short unique code in Latin letters, digits and hyphens, e.g. legal-consultation."),
    )
    group = forms.ChoiceField(label=_("Group"), choices=ServiceGroup.choices)
    result_kind = forms.ChoiceField(
        label=_("Coded result"),
        choices=[("", _("None")), *ResultKind.choices],
        required=False,
        help_text=_(
            "A delivery of this service then records its result (e.g. job found, not yet, not achieved), "
            "which the grant projects' measures count."
        ),
    )

    def __init__(self, *args, instance: ServiceType | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **self.initial_names(instance),
                "code": instance.code,
                "group": instance.group,
                "result_kind": instance.result_kind,
            }
        super().__init__(*args, **kwargs)
        self.order_fields(["code", "group", "result_kind", *NAME_FIELDS, "source", "verified", "active"])

    def clean_code(self):
        code = self.cleaned_data["code"].strip().lower()
        clash = ServiceType.objects.filter(code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another service type already has this code."), code="duplicate_code"
            )
        return code


class PartnerForm(_NamesForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name_kaa"), required=False, empty_label="—"
    )
    contact = forms.CharField(
        label=_("Contact (office address, phone)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, instance: Partner | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **self.initial_names(instance),
                "kind": instance.kind,
                "country": instance.country_id,
                "contact": instance.contact,
            }
        super().__init__(*args, **kwargs)
        self.order_fields(["kind", *NAME_FIELDS, "country", "contact", "source", "verified", "active"])

    def clean_name_kaa(self):
        name = self.cleaned_data["name_kaa"].strip()
        clash = Partner.objects.filter(name_kaa=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another partner organisation already has this name."), code="duplicate_name"
            )
        return name


# --- Services delivered ----------------------------------------------------------------------------


class ServiceDeliveryForm(forms.Form):
    service_type = _PickField(label=_("Service"), model=ServiceType, choices_function=service_type_choices)
    delivered_on = forms.DateField(
        label=_("Date"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    provider_user = StaffChoiceField(
        label=_("Given by a staff member"), queryset=caseworkers(), required=False, empty_label="—"
    )
    provider_partner = _PickField(
        label=_("…or given by a partner organisation"),
        model=Partner,
        choices_function=partner_choices,
        required=False,
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), required=False, min_value=1, max_value=60 * 24 * 366
    )
    cost_uzs = forms.DecimalField(
        label=_("Cost, UZS"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("", "—"), *ServiceResult.choices],
        required=False,
        help_text=_(
            "For employment, business, benefit and family-help services: what came of it. "
            "It can be recorded later from the case page."
        ),
    )
    result_on = forms.DateField(
        label=_("Result reached on"),
        required=False,
        widget=DateInput,
        validators=[not_in_future],
        help_text=RESULT_ON_HELP,
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=DateInput,
        help_text=_("Optional: a follow-up task is added for this date."),
    )
    follow_up_assignee = StaffChoiceField(
        label=_("Who follows up"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Me"),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].refresh()
        self.fields["provider_partner"].refresh()
        self.fields["provider_user"].queryset = caseworkers()
        self.fields["follow_up_assignee"].queryset = team_of(case)

    def clean(self):
        data = super().clean()
        if bool(data.get("provider_user")) == bool(data.get("provider_partner")):
            raise forms.ValidationError(
                _("Say who gave the service: either a staff member or a partner organisation, not both."),
                code="provider",
            )
        follow_up_on, delivered_on = data.get("follow_up_on"), data.get("delivered_on")
        if follow_up_on and delivered_on and follow_up_on < delivered_on:
            self.add_error(
                "follow_up_on",
                forms.ValidationError(
                    _("The follow-up cannot be before the service."), code="follow_up_before"
                ),
            )
        if data.get("follow_up_assignee") and not follow_up_on:
            self.add_error(
                "follow_up_on",
                forms.ValidationError(_("Give the date of the follow-up."), code="follow_up_date"),
            )
        return data


class ServiceResultForm(forms.Form):
    """The coded result of a service already recorded (a job is often found weeks after the help)."""

    result = forms.ChoiceField(label=_("Result"), choices=(), required=False)
    result_on = forms.DateField(
        label=_("Result reached on"),
        required=False,
        widget=DateInput,
        validators=[not_in_future],
        help_text=RESULT_ON_HELP,
    )

    def __init__(self, *args, delivery, **kwargs):
        super().__init__(*args, **kwargs)
        # Every result is accepted here so that one the service type does not offer gets the service's
        # clear message; the list offers the type's own.
        offered = results_offered(delivery.service_type.result_kind)
        self.fields["result"].choices = [("", "—"), *ServiceResult.choices]
        self.fields["result"].widget.choices = [("", "—")] + [
            (value, label) for value, label in ServiceResult.choices if value in offered
        ]


# --- Referrals -------------------------------------------------------------------------------------


class _ReferralForm(forms.Form):
    partner = _PickField(label=_("Partner organisation"), model=Partner, choices_function=partner_choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )
    handler = StaffChoiceField(label=_("Handled by"), queryset=get_user_model().objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].refresh()
        self.fields["handler"].queryset = team_of(case)


class OutgoingReferralForm(_ReferralForm):
    sent_on = forms.DateField(
        label=_("Sent on"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    shares_personal_data = forms.BooleanField(
        label=_("The referral shares the person's personal data with the partner"),
        required=False,
        initial=True,
        help_text=_("Then the person's consent to share data with this partner is required."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].help_text = _("The team member who follows the referral up.")
        self.order_fields(["partner", "sent_on", "shares_personal_data", "reason", "handler"])


class IncomingReferralForm(_ReferralForm):
    sent_on = forms.DateField(
        label=_("Received on"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].label = _("Received from")
        self.fields["handler"].help_text = _("The team member who must answer the referral.")
        self.order_fields(["partner", "sent_on", "reason", "handler"])


class ReferralStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(
        label=_("On"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    feedback = forms.CharField(
        label=_("Feedback"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the partner answered or did. Stored encrypted."),
    )

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        # Any status is accepted here, so that a move the workflow refuses gets the service's clear
        # message; the list offers only the moves allowed from the current status.
        allowed = REFERRAL_TRANSITIONS[referral.status]
        self.fields["to_status"].choices = ReferralStatus.choices
        self.fields["to_status"].widget.choices = [
            (value, label) for value, label in ReferralStatus.choices if value in allowed
        ]
