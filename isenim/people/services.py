"""Every change to the registry: one transaction each, with its audit event (identity masked). A change the
rules refuse raises ``core.errors.Refusal`` with the reason."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.core.audit import record_event, snapshot
from isenim.core.bulk import bulk_write, insert_plain_rows
from isenim.core.codes import next_code, reserve_codes
from isenim.core.errors import Refusal
from isenim.core.text import visible, visible_values
from isenim.core.vault_files import store
from isenim.people.equivalents import refresh as refresh_equivalents
from isenim.people.matching import index_rows
from isenim.people.models import Consent, FamilyLink, Person, PersonIndex

PERSON_FIELDS = [
    "sex",
    "birth_year",
    "birth_date_approximate",
    "citizenship_id",
    "home_district_id",
    "home_assembly_id",
    "education_level",
    "education_speciality",
    "languages",
    "external_id",
]
CONSENT_FORM_CONTEXT = "people.consent.form"


@dataclass
class PersonData:
    """Everything a person record holds; ``identity`` is sealed, the rest is stored as it is."""

    identity: dict
    sex: str = "U"
    birth_year: int | None = None
    birth_date_approximate: bool = False
    citizenship_id: int | None = None
    home_district_id: int | None = None
    home_assembly_id: int | None = None
    education_level: str = ""
    education_speciality: str = ""
    languages: list | None = None
    external_id: str = ""

    def __post_init__(self):
        # Invisible and bidirectional characters never reach the vault or the name keys (core.text).
        self.identity = visible_values(self.identity)
        self.external_id = visible(self.external_id)

    def birth_year_from_identity(self) -> int | None:
        birth_date = self.identity.get("birth_date")
        return int(birth_date[:4]) if birth_date else self.birth_year

    def apply_to(self, person: Person) -> None:
        person.sealed_identity = Person.seal(self.identity)
        person.__dict__.pop("identity", None)  # forget the cached decryption of the old identity
        for field in PERSON_FIELDS:
            setattr(person, field, getattr(self, field))
        person.birth_year = self.birth_year_from_identity()
        person.languages = self.languages or []


def reindex(person: Person) -> None:
    """Recompute a person's keyed hashes (after an edit, or with a new key after rotation)."""
    _write_index(person)


def _write_index(person: Person) -> None:
    refresh_equivalents(force=True)
    PersonIndex.objects.filter(person=person).delete()
    PersonIndex.objects.bulk_create(
        PersonIndex(person=person, kind=kind, digest=digest, home_district_id=person.home_district_id)
        for kind, digest in index_rows(person.identity)
    )


@transaction.atomic
def person_create(*, actor, data: PersonData) -> Person:
    person = Person(code=next_code("ISN"), created_by=actor if getattr(actor, "pk", None) else None)
    data.apply_to(person)
    person.save()
    _write_index(person)
    record_event(
        actor=actor,
        action="person.create",
        target=person,
        after={"identity": "sealed", **snapshot(person, PERSON_FIELDS)},
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: PersonData) -> Person:
    before = snapshot(person, PERSON_FIELDS)
    old_seal = person.sealed_identity
    old_identity = person.identity
    data.apply_to(person)
    if data.identity == old_identity:
        person.sealed_identity = old_seal  # unchanged identity: keep the ciphertext, no needless churn
    person.save()
    _write_index(person)
    if before["home_district_id"] != person.home_district_id:
        copy_home_district(person)
    after = snapshot(person, PERSON_FIELDS)
    changed = {field for field in PERSON_FIELDS if before[field] != after[field]}
    identity_changed = sorted(
        k for k in set(old_identity) | set(data.identity) if old_identity.get(k) != data.identity.get(k)
    )
    record_event(
        actor=actor,
        action="person.update",
        target=person,
        before={f: before[f] for f in changed},
        after={**{f: after[f] for f in changed}, "identity_fields_changed": identity_changed},
    )
    return person


def people_import(*, actor, rows: list[PersonData], operator: str = "") -> list[Person]:
    """Create many people at once (imports): codes in one block, bulk inserts, one audit event each, in
    one transaction (committed while the bulk-write cache still holds its pages).

    ``operator`` names who ran it when there is no staff account (a console import: "cli:root")."""
    with bulk_write(), transaction.atomic():
        return _import(actor, rows, operator)


def _import(actor, rows: list[PersonData], operator: str) -> list[Person]:
    refresh_equivalents(force=True)
    codes = reserve_codes("ISN", len(rows))
    creator = actor if getattr(actor, "pk", None) else None
    people = []
    for code, data in zip(codes, rows, strict=True):
        person = Person(code=code, created_by=creator)
        data.apply_to(person)
        people.append(person)
    Person.objects.bulk_create(people, batch_size=500)
    if not all(person.pk for person in people):  # SQLite < 3.35 or other backends without RETURNING
        by_code = dict(Person.objects.filter(code__in=codes).values_list("code", "pk"))
        for person in people:
            person.pk = by_code[person.code]
    insert_plain_rows(  # ten rows a person: without a model instance each (core.bulk)
        PersonIndex,
        ("person", "kind", "digest", "home_district"),
        (
            (person.pk, kind, digest, person.home_district_id)
            for person in people
            for kind, digest in index_rows(person.identity)
        ),
    )
    from isenim.core.models import AuditEvent

    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=creator,
            action="person.import",
            target_type="people.person",
            target_id=str(p.pk),
            after={
                "identity": "•••",
                "external_id": p.external_id,
                **({"operator": operator} if operator else {}),
            },
        )
        for p in people
    )
    return people


# Everything that points at a person and moves to the kept record on a merge.
def _references(person: Person) -> dict[str, list[int]]:
    refs = {
        "family_links": list(FamilyLink.objects.filter(person=person).values_list("pk", flat=True)),
        "family_links_as_relative": list(
            FamilyLink.objects.filter(relative=person).values_list("pk", flat=True)
        ),
        "consents": list(Consent.objects.filter(person=person).values_list("pk", flat=True)),
    }
    for label, model, field in MERGE_HOOKS:
        refs[label] = list(model.objects.filter(**{field: person}).values_list("pk", flat=True))
    return refs


MERGE_HOOKS: list[tuple[str, type, str]] = []  # other apps register (label, model, field) here


def register_merge_hook(label: str, model: type, field: str) -> None:
    if (label, model, field) not in MERGE_HOOKS:
        MERGE_HOOKS.append((label, model, field))


# Rows of other apps that keep a copy of their person's home district, so that a list filtered by district
# is an index walk on their own table (cases: docs/performance.md). (model, person field, district field)
HOME_DISTRICT_COPIES: list[tuple[type, str, str]] = []


def register_home_district_copy(model: type, person_field: str, district_field: str) -> None:
    if (model, person_field, district_field) not in HOME_DISTRICT_COPIES:
        HOME_DISTRICT_COPIES.append((model, person_field, district_field))


def copy_home_district(person: Person) -> None:
    """Bring every registered copy of ``person``'s home district up to date (after an edit, a merge)."""
    for model, person_field, district_field in HOME_DISTRICT_COPIES:
        model.objects.filter(**{person_field: person}).update(**{district_field: person.home_district_id})


@transaction.atomic
def person_merge(*, actor, keep: Person, duplicate: Person):
    """Point everything at ``keep`` and hide ``duplicate``; the audit event lists what moved, so
    ``person_unmerge`` can put it back."""
    if keep.pk == duplicate.pk:
        raise Refusal(_("A record cannot be merged into itself."))
    if keep.merged_into_id or duplicate.merged_into_id:
        raise Refusal(_("One of the two records was already merged into another one."))
    moved = _references(duplicate)
    # A link between the two records, or to a relative ``keep`` already has, would become a link of
    # ``keep`` to itself or a second copy: it stays with the hidden duplicate (and so survives an undo).
    keep_relatives = set(FamilyLink.objects.filter(person=keep).values_list("relative_id", flat=True))
    keep_linked_by = set(FamilyLink.objects.filter(relative=keep).values_list("person_id", flat=True))
    moved["family_links"] = list(
        FamilyLink.objects.filter(pk__in=moved["family_links"])
        .exclude(relative_id__in=keep_relatives | {keep.pk})
        .values_list("pk", flat=True)
    )
    moved["family_links_as_relative"] = list(
        FamilyLink.objects.filter(pk__in=moved["family_links_as_relative"])
        .exclude(person_id__in=keep_linked_by | {keep.pk})
        .values_list("pk", flat=True)
    )
    FamilyLink.objects.filter(pk__in=moved["family_links"]).update(person=keep)
    FamilyLink.objects.filter(pk__in=moved["family_links_as_relative"]).update(relative=keep)
    Consent.objects.filter(pk__in=moved["consents"]).update(person=keep)
    for label, model, field in MERGE_HOOKS:
        model.objects.filter(pk__in=moved[label]).update(**{field: keep})
    copy_home_district(keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    return record_event(
        actor=actor,
        action="person.merge",
        target=duplicate,
        after={"kept": keep.code, "merged": duplicate.code, "moved": moved},
    )


@transaction.atomic
def person_unmerge(*, actor, merge_event) -> Person:
    """Undo a merge from its audit event: the duplicate reappears and takes back what was moved."""
    duplicate = Person.objects.select_for_update().get(pk=int(merge_event.target_id))
    if merge_event.action != "person.merge" or duplicate.merged_into_id is None:
        raise Refusal(_("This record is not merged into another one: there is nothing to undo."))
    moved = merge_event.after["moved"]
    FamilyLink.objects.filter(pk__in=moved["family_links"]).update(person=duplicate)
    FamilyLink.objects.filter(pk__in=moved["family_links_as_relative"]).update(relative=duplicate)
    Consent.objects.filter(pk__in=moved["consents"]).update(person=duplicate)
    for label, model, field in MERGE_HOOKS:
        model.objects.filter(pk__in=moved.get(label, [])).update(**{field: duplicate})
    copy_home_district(duplicate)
    kept = duplicate.merged_into
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into"])
    record_event(
        actor=actor,
        action="person.unmerge",
        target=duplicate,
        after={"kept": kept.code, "restored": duplicate.code, "merge_event": merge_event.pk},
    )
    return duplicate


@transaction.atomic
def family_link_add(
    *, actor, person: Person, relative: Person, relation: str, relative_is_migrant_abroad: bool = False
) -> FamilyLink:
    link = FamilyLink.objects.create(
        person=person,
        relative=relative,
        relation=relation,
        relative_is_migrant_abroad=relative_is_migrant_abroad,
    )
    record_event(
        actor=actor,
        action="person.family_link",
        target=person,
        after={"relative": relative.code, "relation": relation, "migrant_abroad": relative_is_migrant_abroad},
    )
    return link


@transaction.atomic
def consent_record(
    *,
    actor,
    person: Person,
    purpose: str,
    given_on: date,
    partner: str = "",
    signed_form: bytes | None = None,
    signed_form_type: str = "",
) -> Consent:
    form_name = store(signed_form, context=CONSENT_FORM_CONTEXT) if signed_form else ""
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        partner=partner,
        given_on=given_on,
        taken_by=actor,
        signed_form=form_name,
        signed_form_type=signed_form_type,
    )
    record_event(
        actor=actor,
        action="consent.record",
        target=consent,
        after={"person": person.code, "purpose": purpose, "partner": partner, "form": bool(form_name)},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: date) -> Consent:
    if consent.withdrawn_on:
        raise Refusal(_("This consent was already withdrawn."))
    consent.withdrawn_on, consent.withdrawn_by = withdrawn_on, actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    record_event(
        actor=actor,
        action="consent.withdraw",
        target=consent,
        after={"person": consent.person.code, "purpose": consent.purpose, "on": withdrawn_on.isoformat()},
    )
    return consent
