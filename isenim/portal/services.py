from django.db import transaction

from isenim.core.audit import record_change, snapshot
from isenim.core.models import CentreContacts

CONTACT_FIELDS = [
    "address_kaa",
    "address_ru",
    "address_uz",
    "address_en",
    "phone",
    "hotline",
    "email",
    "hours_kaa",
    "hours_ru",
    "hours_uz",
    "hours_en",
]


@transaction.atomic
def contacts_update(*, actor, values: dict[str, str]) -> CentreContacts:
    contacts = CentreContacts.objects.select_for_update().order_by("pk").first() or CentreContacts()
    before = snapshot(contacts, CONTACT_FIELDS)
    for field in CONTACT_FIELDS:
        setattr(contacts, field, values.get(field, ""))
    contacts.save()
    record_change(actor=actor, action="centre_contacts.update", target=contacts, before=before)
    return contacts
