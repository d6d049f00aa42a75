from django.db.models import QuerySet
from django.utils.translation import get_language

from isenim.core.access import Perm, require
from isenim.core.models import AccessEvent, AuditEvent, CentreContacts
from isenim.core.translit import kaa_to_latin, uz_to_cyrillic

# Which stored column feeds each UI language; the two derived scripts are transliterated on the fly.
_COLUMN_FOR_LANGUAGE = {"kaa": "kaa", "kaa-latn": "kaa", "uz": "uz", "uz-cyrl": "uz", "ru": "ru", "en": "en"}
_SCRIPT_CONVERTERS = {"kaa-latn": kaa_to_latin, "uz-cyrl": uz_to_cyrillic}


def public_contacts() -> dict[str, str]:
    """The centre's contact details in the visitor's language (falls back to Karakalpak)."""
    contacts = CentreContacts.current()
    language = get_language()
    column = _COLUMN_FOR_LANGUAGE.get(language, "kaa")
    convert = _SCRIPT_CONVERTERS.get(language, str)

    def localised(prefix: str) -> str:
        text = getattr(contacts, f"{prefix}_{column}") or getattr(contacts, f"{prefix}_kaa")
        return convert(text) if text else ""

    return {
        "address": localised("address"),
        "hours": localised("hours"),
        "phone": contacts.phone,
        "hotline": contacts.hotline,
        "email": contacts.email,
    }


def audit_events(user, filters: dict | None = None) -> QuerySet:
    require(user, Perm.VIEW_AUDIT)
    return _filtered(AuditEvent.objects.select_related("actor"), filters or {}).order_by("-at", "-id")


def access_events(user, filters: dict | None = None) -> QuerySet:
    require(user, Perm.VIEW_AUDIT)
    return _filtered(AccessEvent.objects.select_related("actor"), filters or {}).order_by("-at", "-id")


def _filtered(events: QuerySet, filters: dict) -> QuerySet:
    """Apply the log filters; dates are whole days in the centre's time zone."""
    if filters.get("actor"):
        events = events.filter(actor__username=filters["actor"].strip())
    for field in ("action", "kind", "target_type", "target_id"):
        if filters.get(field):
            events = events.filter(**{field: filters[field].strip()})
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events
