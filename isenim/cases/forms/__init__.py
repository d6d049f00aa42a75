"""Forms of the case itself: opening, editing, the team, the list's filters, closure and approvals."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import ClosureReason, Priority, Risk, Status
from isenim.cases.selectors.cases import CaseFilters
from isenim.core.access import CASE_TEAM_ROLES
from isenim.core.forms import DateInput, parse_id
from isenim.geo.models import AdminUnit


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name()} · {obj.get_role_display()}"


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name()} · {obj.get_role_display()}"

    def _check_values(self, value):
        # A key no table can hold is no choice. Django would look it up in "pk IN (…)", where SQLite fails
        # on twenty digits instead of finding nobody.
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def caseworkers():
    """Active staff whose role has a part in casework, for choosing a manager or team members."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=[str(role) for role in CASE_TEAM_ROLES])
        .order_by("role", "first_name", "username")
    )


class CaseForm(forms.Form):
    manager = StaffChoiceField(label=_("Case manager"), queryset=caseworkers())
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    risk = forms.ChoiceField(label=_("Risk level"), choices=Risk.choices, initial=Risk.MEDIUM)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = caseworkers()


class CaseOpenForm(CaseForm):
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput)
    team = StaffMultipleChoiceField(
        label=_("Team"),
        queryset=caseworkers(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Psychologists, social workers and lawyers who work on this case; any number."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = caseworkers()


class TeamAddForm(forms.Form):
    user = StaffChoiceField(label=_("Add to the team"), queryset=caseworkers())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = case.members.values("user_id") if case is not None else []
        self.fields["user"].queryset = caseworkers().exclude(pk__in=members)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move the case to"), choices=Status.choices)


class ClosureRequestForm(forms.Form):
    closure_reason = forms.ChoiceField(label=_("Closure reason"), choices=ClosureReason.choices)
    summary = forms.CharField(
        label=_("Outcome summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What was achieved and what remains. Stored encrypted."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Stored encrypted."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Return with a comment"))]
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the request is returned."))
        return data


class CaseworkSettingsForm(forms.Form):
    plan_needs_approval = forms.BooleanField(
        label=_("An assistance plan needs the director's approval before services start"), required=False
    )


class CaseFilterForm(forms.Form):
    number = forms.CharField(label=_("Case number"), required=False, max_length=20)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False
    )
    active = forms.BooleanField(label=_("Open cases only"), required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("Any priority")), *Priority.choices], required=False
    )
    risk = forms.ChoiceField(
        label=_("Risk level"), choices=[("", _("Any risk level")), *Risk.choices], required=False
    )
    manager = StaffChoiceField(
        label=_("Case manager"), queryset=caseworkers(), required=False, empty_label=_("Anyone")
    )
    member = StaffChoiceField(
        label=_("On the team"), queryset=caseworkers(), required=False, empty_label=_("Anyone")
    )
    district = forms.ModelChoiceField(
        label=_("Home district"),
        queryset=AdminUnit.objects.filter(level__in=["district", "city"]),
        required=False,
        empty_label=_("Any district"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = caseworkers()
        self.fields["member"].queryset = caseworkers()

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        data = self.cleaned_data
        return CaseFilters(
            number=data["number"],
            status=data["status"],
            active_only=data["active"],
            priority=data["priority"],
            risk=data["risk"],
            manager_id=data["manager"].pk if data["manager"] else None,
            member_id=data["member"].pk if data["member"] else None,
            district_id=data["district"].pk if data["district"] else None,
        )
