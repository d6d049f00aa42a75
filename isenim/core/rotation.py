"""Re-encrypting stored data under the newest key of the ring (``isenim rotate-keys``).

Every app that seals a text field registers it here. Rotation works in small batches, each in its own
transaction, and picks only rows not yet sealed with the active key, so it can stop at any point and be
run again to finish. Rows sealed with an older key keep working meanwhile: every key still decrypts and
look-ups try the hashes of every key.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from isenim.core.crypto import FORMAT_TAG, decrypt_text, encrypt_text, key_ring

BATCH = 500


@dataclass(frozen=True)
class SealedField:
    model_label: str
    field: str
    context: str
    after_reseal: Callable | None = None  # e.g. recompute keyed hashes of the record
    json_key: str = ""  # the sealed text sits under this key of a JSON field (allauth's TOTP secret)
    only: tuple = ()  # extra filter, e.g. (("type", "totp"),)

    @property
    def lookup(self) -> str:
        return f"{self.field}__{self.json_key}" if self.json_key else self.field

    def read(self, record) -> str:
        value = getattr(record, self.field)
        return value[self.json_key] if self.json_key else value

    def write(self, record, sealed: str) -> None:
        if self.json_key:
            getattr(record, self.field)[self.json_key] = sealed
        else:
            setattr(record, self.field, sealed)


SEALED_FIELDS: list[SealedField] = []


def register_sealed_field(
    model_label: str,
    field: str,
    context: str,
    after_reseal: Callable | None = None,
    json_key: str = "",
    only: tuple = (),
):
    entry = SealedField(model_label, field, context, after_reseal, json_key, only)
    if entry not in SEALED_FIELDS:
        SEALED_FIELDS.append(entry)


def active_prefix() -> str:
    return f"{FORMAT_TAG}:{key_ring().active_id}:"


def pending(entry: SealedField):
    model = apps.get_model(entry.model_label)
    return (
        model.objects.filter(**dict(entry.only))
        .exclude(**{f"{entry.lookup}__startswith": active_prefix()})
        .exclude(**{entry.lookup: ""})
        .order_by("pk")
    )


def rotate_field(entry: SealedField) -> Iterator[int]:
    """Re-seal one field batch by batch; yields the number of rows done after each batch."""
    while True:
        with transaction.atomic():
            batch = list(pending(entry).select_for_update()[:BATCH])
            if not batch:
                return
            for record in batch:
                plain = decrypt_text(entry.read(record), context=entry.context)
                entry.write(record, encrypt_text(plain, context=entry.context))
                record.save(update_fields=[entry.field])
                record.__dict__.pop("identity", None)
                if entry.after_reseal:
                    entry.after_reseal(record)
        yield len(batch)


@dataclass(frozen=True)
class VaultFileField:
    """A model field holding the name of an encrypted file in the vault (core.vault_files)."""

    model_label: str
    field: str
    context: str


VAULT_FILE_FIELDS: list[VaultFileField] = []


def register_vault_file_field(model_label: str, field: str, context: str) -> None:
    entry = VaultFileField(model_label, field, context)
    if entry not in VAULT_FILE_FIELDS:
        VAULT_FILE_FIELDS.append(entry)


def pending_files(entry: VaultFileField) -> Iterator[str]:
    """Names of the entry's vault files not yet sealed with the active key (reads only each file's head)."""
    from isenim.core.vault_files import key_id_of

    active = key_ring().active_id
    names = apps.get_model(entry.model_label).objects.exclude(**{entry.field: ""}).order_by("pk")
    for name in names.values_list(entry.field, flat=True).iterator():
        if key_id_of(name) != active:
            yield name


def rotate_files(entry: VaultFileField) -> int:
    """Re-seal the entry's files one by one; each replace is atomic, so a stopped run can simply go on."""
    from isenim.core.vault_files import reseal

    done = 0
    for name in list(pending_files(entry)):
        reseal(name, context=entry.context)
        done += 1
    return done
