from django import forms

from isenim.core.models import CentreContacts
from isenim.portal.services import CONTACT_FIELDS


class ContactsForm(forms.ModelForm):
    class Meta:
        model = CentreContacts
        fields = CONTACT_FIELDS
