"""Forms of the assistance plan: a goal, and an action with its responsible and due date."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import Domain
from isenim.cases.forms import StaffChoiceField
from isenim.core.forms import DateInput

TEXT_MAX = 2000


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=[("", "—"), *Domain.choices])
    text = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        help_text=_("What the person should reach in this domain. Stored encrypted."),
    )


def team_staff(case):
    """The active members of the case's team: the only people an action can be given to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=case.members.values("user_id"))
        .order_by("first_name", "username")
    )


class ActionForm(forms.Form):
    text = forms.CharField(
        label=_("Action"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        help_text=_("Stored encrypted."),
    )
    assignee = StaffChoiceField(
        label=_("Responsible"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "invalid_choice": _("The responsible must be a member of this case's team."),
        },
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["assignee"].queryset = team_staff(case)

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value < self.case.opened_on:
            raise forms.ValidationError(_("The due date cannot be before the case was opened."))
        return value
