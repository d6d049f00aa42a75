from django.db import transaction

from isenim.core.audit import record_event, snapshot
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
    after = snapshot(contacts, CONTACT_FIELDS)
    changed = [f for f in CONTACT_FIELDS if before[f] != after[f]]
    if changed:
        record_event(
            actor=actor,
            action="centre_contacts.update",
            target=contacts,
            before={f: before[f] for f in changed},
            after={f: after[f] for f in changed},
        )
    return contacts
