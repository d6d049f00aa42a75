from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.core.audit import ACTION_LABELS, target_label
from isenim.core.forms import DateInput
from isenim.core.models import AccessEvent, AuditEvent, CentreContacts
from isenim.core.phones import normalise_phone
from isenim.portal.services import CONTACT_FIELDS


class ContactsForm(forms.ModelForm):
    class Meta:
        model = CentreContacts
        fields = CONTACT_FIELDS

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_hotline(self):
        return normalise_phone(self.cleaned_data.get("hotline", ""), short_codes=True)


class LogFilterForm(forms.Form):
    """Filters shared by the audit log and the access log; every field optional."""

    actor = forms.CharField(label=_("Staff member (username)"), required=False, max_length=150)
    target_type = forms.ChoiceField(label=_("Object type"), required=False)
    target_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    log_model = AuditEvent

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds of object this log holds, named in the reader's language (not "people.person").
        kinds = self.log_model.objects.order_by().values_list("target_type", flat=True).distinct()
        self.fields["target_type"].choices = [
            ("", _("Any")),
            *sorted(((k, target_label(k)) for k in kinds), key=lambda choice: choice[1]),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class AuditFilterForm(LogFilterForm):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action"))] + [
            (code, label) for code, label in sorted(ACTION_LABELS.items(), key=lambda item: str(item[1]))
        ]


class AccessFilterForm(LogFilterForm):
    log_model = AccessEvent

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *AccessEvent.Kind.choices]
    )
