"""Wiping the personal content of a record and of everything hung under it, keeping the rows and their codes.

The walk is generic: from a case (or an appeal, or a person) it follows every relation that points to it
(notes, documents, services, referrals, the return, the tool kit…, and their own children), and on each
model clears the sealed texts the apps registered for key rotation (``core.rotation.SEALED_FIELDS``) and
destroys the vault files they registered (``VAULT_FILE_FIELDS``). A sealed field or a vault file added by
an app later is wiped without a change here. It never walks *up* to another case, appeal or person.

Vault files are deleted from the disk after the transaction commits (a rolled-back anonymisation keeps
them, and the rows that name them). A file field that may be blank is cleared; a case document, which
is nothing but its file, loses its row; a field that may not be blank and whose row must stay is kept
(``KEPT_FILES``: invoices are accounting records the centre must keep, docs/retention.md).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import Q

from isenim.core.rotation import SEALED_FIELDS, VAULT_FILE_FIELDS
from isenim.core.vault_files import vault_dir

# Never walked into: other records with their own retention, and the staff.
STOP = frozenset(
    {"people.Person", "cases.Case", "appeals.Appeal", "accounts.User", "retention.ErasureRequest"}
)
# Rows that are only their file: deleted with it.
DELETE_ROWS = frozenset({"cases.CaseDocument"})
# Files kept with their row, and why (shown in docs/retention.md).
KEPT_FILES = {"reintegration.Purchase": "invoice: an accounting record"}
# Unsealed free text that may identify someone.
EXTRA_TEXT = {
    "appeals.Appeal": ("heard_about_note",),
    "people.Person": ("education_speciality", "external_id"),
}
# Companions of a cleared file field (its type), cleared with it.
FILE_COMPANIONS = ("_type", "_content_type")


@dataclass
class Tally:
    texts: int = 0
    files: int = 0
    rows_deleted: int = 0
    doomed: list = field(default_factory=list)  # vault names to delete after commit

    def as_dict(self) -> dict:
        return {"texts": self.texts, "files": self.files, "rows_deleted": self.rows_deleted}

    def add(self, other: "Tally") -> None:
        self.texts += other.texts
        self.files += other.files
        self.rows_deleted += other.rows_deleted
        self.doomed.extend(other.doomed)


def destroy_files_on_commit(names: list[str]) -> None:
    """Delete vault files once the transaction that stopped naming them commits."""
    names = [name for name in names if name and name.isalnum()]
    if names:
        transaction.on_commit(lambda: destroy_files(names))


def destroy_files(names: list[str]) -> int:
    folder = vault_dir()
    gone = 0
    for name in names:
        if not name.isalnum():
            continue
        path = folder / name
        if path.exists():
            path.unlink()
            gone += 1
    return gone


def _sealed_of(label: str) -> list[str]:
    return sorted(
        {entry.field for entry in SEALED_FIELDS if entry.model_label == label and not entry.json_key}
    )


def _files_of(label: str) -> list[str]:
    return sorted({entry.field for entry in VAULT_FILE_FIELDS if entry.model_label == label})


def wipe_rows(model, queryset, *, own_fields: bool = True) -> Tally:
    """Wipe ``queryset`` of ``model`` and everything under it. With ``own_fields`` false only the children
    are wiped (the caller handles the row itself, e.g. a person)."""
    label = model._meta.label
    tally = Tally()
    for rel in model._meta.related_objects:
        child = rel.related_model
        if child._meta.label in STOP or not rel.field.concrete:
            continue
        children = child._default_manager.filter(**{f"{rel.field.name}__in": queryset.values("pk")})
        tally.add(wipe_rows(child, children))
    if not own_fields:
        return tally
    texts = [*_sealed_of(label), *EXTRA_TEXT.get(label, ())]
    if texts:
        nonempty = Q()
        for name in texts:
            nonempty |= ~Q(**{name: ""})
        tally.texts += queryset.filter(nonempty).update(**dict.fromkeys(texts, ""))
    for name in _files_of(label):
        if label in KEPT_FILES:
            continue
        vault_names = list(queryset.exclude(**{name: ""}).values_list(name, flat=True))
        if not vault_names:
            continue
        tally.files += len(vault_names)
        tally.doomed.extend(vault_names)
        if label in DELETE_ROWS:
            tally.rows_deleted += queryset.exclude(**{name: ""}).delete()[0]
            continue
        cleared = {name: ""}
        field_names = {f.name for f in model._meta.concrete_fields}
        for suffix in FILE_COMPANIONS:
            if name + suffix in field_names:
                cleared[name + suffix] = ""
            stem = name.removesuffix("_vault_name") + suffix
            if stem in field_names:
                cleared[stem] = ""
        queryset.exclude(**{name: ""}).update(**cleared)
    return tally


def wipe(label: str, pks) -> Tally:
    model = apps.get_model(label)
    return wipe_rows(model, model._default_manager.filter(pk__in=list(pks)))
