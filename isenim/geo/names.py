"""Staff-managed rows with a name in each language (``MultilingualName``): the names staff type, the
verified mark, and bringing a shipped starting row up to date without undoing a staff correction.

Used by the managed lists of other apps (the service catalogue and partners, trades and tool kits).
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.errors import Refusal
from isenim.geo.models import NAME_LANGUAGES

NAME_FIELDS = [f"name_{lang}" for lang in NAME_LANGUAGES]


@dataclass
class Names:
    """A row's name in each language; the Karakalpak Cyrillic one is required."""

    values: dict[str, str] = field(default_factory=dict)

    def cleaned(self) -> dict[str, str]:
        """The names stripped; refuses (``core.errors.Refusal``) without a Karakalpak name."""
        names = {name: (self.values.get(name) or "").strip() for name in NAME_FIELDS}
        if not names["name_kaa"]:
            raise Refusal(_("The name in Karakalpak (Cyrillic) is required."))
        return names


def apply_names(record, *, names: Names, source: str, verified: bool, actor) -> None:
    """Set a staff edit's names, source and verified mark, and mark the row ``corrected_by_staff`` so that
    loading the shipped data again keeps it. Not saved."""
    for name, value in names.cleaned().items():
        setattr(record, name, value)
    record.source = (source or "").strip()
    if verified and not record.verified:
        record.verified_by = actor if getattr(actor, "pk", None) else None
        record.verified_at = timezone.now()
    elif not verified:
        record.verified_by, record.verified_at = None, None
    record.verified = verified
    record.corrected_by_staff = True


def shipped_names(row: dict) -> dict[str, str]:
    """The ``name_*`` values of a row of shipped data (``{"names": {"kaa": …, "en": …}}``)."""
    return {f"name_{lang}": row["names"].get(lang, "") for lang in NAME_LANGUAGES}


def refresh(record, values: dict) -> bool:
    """Bring an untouched shipped row up to date; a row staff changed is left exactly as it is."""
    if record.corrected_by_staff:
        return False
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        record.save(update_fields=changed)
    return bool(changed)
