"""Name equivalents: the shipped file, staff additions, and the table every name key goes through.

The rows (``NameEquivalent``) are read into ``people.names`` (``refresh``): writes to the search index
check that they are current first (one small query), searches at most every CHECK_EVERY seconds, so an
addition made in another process reaches every search within that time. A change re-keys the people it
concerns at once: those whose index holds a word the change keys differently (found through the word
hashes, every key of the ring), so the index never disagrees with the table.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from isenim.core.audit import record_event, snapshot
from isenim.core.crypto import blind_indexes
from isenim.core.errors import Refusal
from isenim.core.text import visible
from isenim.people.models import NameEquivalent, Person, PersonIndex
from isenim.people.names import Equivalents, equivalents, fields_tokens_with, set_equivalents

DATA_FILE = Path(__file__).resolve().parent / "data" / "name_equivalents.json"
CHECK_EVERY = 10.0  # seconds between two checks by a search
FIELDS = ["kind", "canonical", "form", "source", "shipped", "verified"]
MAX_NAME = NameEquivalent._meta.get_field("form").max_length
REINDEX_BATCH = 2000
# Surnames made from a name, as the people a change concerns may bear them.
SURNAME_ENDINGS = ("ов", "ев", "ова", "ева")

_state: dict = {"version": None, "checked": -CHECK_EVERY}


def _version() -> tuple:
    found = NameEquivalent.objects.aggregate(count=Count("id"), last=Max("id"))
    return found["count"], found["last"]


def table_from_rows(rows) -> Equivalents:
    """``names.Equivalents`` from (kind, canonical, form) rows."""
    groups: dict[tuple[str, str], list[str]] = {}
    for kind, canonical, form in rows:
        groups.setdefault((kind, canonical), []).append(form)
    names = [
        (canonical, forms) for (kind, canonical), forms in groups.items() if kind == NameEquivalent.Kind.NAME
    ]
    endings = [
        (canonical, forms) for (kind, canonical), forms in groups.items() if kind != NameEquivalent.Kind.NAME
    ]
    return Equivalents.build(names, endings)


def refresh(*, force: bool = False) -> None:
    """Read the table again if it changed (with ``force``, or CHECK_EVERY seconds after the last check)."""
    now = time.monotonic()
    if not force and now - _state["checked"] < CHECK_EVERY:
        return
    _state["checked"] = now
    version = _version()
    if version == _state["version"]:
        return
    rows = NameEquivalent.objects.order_by("pk").values_list("kind", "canonical", "form")
    set_equivalents(table_from_rows(rows))
    _state["version"] = version


# --- Staff additions -------------------------------------------------------------------------------


def _clean(text: str, label: str) -> str:
    text = " ".join(visible(text or "").split())
    if not text:
        raise Refusal(_("Write the %(what)s.") % {"what": label})
    if len(text) > MAX_NAME:
        raise Refusal(_("A name has at most %(max)d characters.") % {"max": MAX_NAME})
    if " " in text or not any(c.isalpha() for c in text) or any(c.isdigit() for c in text):
        raise Refusal(_("Write one name, in letters (no spaces or digits): “%(text)s”.") % {"text": text})
    return text


@transaction.atomic
def equivalent_add(*, actor, canonical: str, form: str, source: str) -> NameEquivalent:
    """Treat ``form`` as the same name as ``canonical`` from now on (audited; the people it concerns are
    re-keyed). ``canonical`` may itself be a spelling of a known name: the form joins that name's group."""
    canonical = _clean(canonical, _("name"))
    form = _clean(form, _("other spelling"))
    source = " ".join(visible(source or "").split())
    if not source:
        raise Refusal(_("Say where this spelling is used (a document, a list, a dictionary)."))
    source = source[: NameEquivalent._meta.get_field("source").max_length]
    NameEquivalent.objects.select_for_update().filter(kind=NameEquivalent.Kind.NAME).exists()  # one at a time
    refresh(force=True)
    table = equivalents()
    rows = list(NameEquivalent.objects.filter(kind=NameEquivalent.Kind.NAME).values_list("canonical", "form"))
    group_of = {_key(table, spelling): group for group, spelling in rows} | {
        _key(table, group): group for group, _spelling in rows
    }
    group = group_of.get(_key(table, canonical), canonical)
    if _key(table, form) == _key(table, group):
        raise Refusal(
            _("The duplicate check already reads “%(form)s” as “%(name)s”.") % {"form": form, "name": group}
        )
    if (other := group_of.get(_key(table, form))) is not None:
        raise Refusal(
            _("“%(form)s” is already a spelling of “%(other)s”; a name belongs to one group.")
            % {"form": form, "other": other}
        )
    row = NameEquivalent.objects.create(
        kind=NameEquivalent.Kind.NAME,
        canonical=group,
        form=form,
        source=source,
        verified=True,
        created_by=actor,
    )
    record_event(actor=actor, action="name_equivalent.add", target=row, after=snapshot(row, FIELDS))
    _reindex_concerned([group, form, *(spelling for name, spelling in rows if name == group)], table)
    return row


@transaction.atomic
def equivalent_withdraw(*, actor, row: NameEquivalent) -> None:
    """A spelling that is not the same name after all: the duplicate check reads it on its own again."""
    row = NameEquivalent.objects.select_for_update().get(pk=row.pk)
    if row.kind != NameEquivalent.Kind.NAME:
        raise Refusal(_("Endings ship with the system and are changed with it."))
    refresh(force=True)
    table = equivalents()
    spellings = [row.canonical, row.form]
    before = snapshot(row, FIELDS)
    record_event(actor=actor, action="name_equivalent.withdraw", target=row, before=before)
    row.delete()
    _reindex_concerned(spellings, table)


def _key(table: Equivalents, name: str) -> str:
    return " ".join(fields_tokens_with(table, name))


def _reindex_concerned(spellings: list[str], before: Equivalents) -> int:
    """Re-key everyone whose index holds a word ``spellings`` give under the table ``before`` or now:
    the names themselves, as a father's name, and surnames made from them."""
    refresh(force=True)
    after = equivalents()
    words = set()
    for spelling in spellings:
        for table in (before, after):
            for written in (spelling, *(spelling + ending for ending in SURNAME_ENDINGS)):
                words.update(fields_tokens_with(table, written))
            words.update(fields_tokens_with(table, "", "", spelling))
    digests = [digest for word in words for digest in blind_indexes(word, purpose="person.word")]
    people = set(
        PersonIndex.objects.filter(kind="word", digest__in=digests).values_list("person_id", flat=True)
    )
    return reindex_people(Person.objects.filter(pk__in=people))


def reindex_people(people) -> int:
    """Recompute the keyed hashes of ``people`` (a queryset), in batches; returns how many."""
    from isenim.people.services import reindex

    count = 0
    last = 0
    people = people.order_by("pk")
    while batch := list(people.filter(pk__gt=last)[:REINDEX_BATCH]):
        for person in batch:
            reindex(person)
        count += len(batch)
        last = batch[-1].pk
    return count


# --- The shipped file ------------------------------------------------------------------------------


def shipped_rows() -> list[tuple[str, str, str, str]]:
    """(kind, canonical, form, source) of the shipped file."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    sources = data["sources"]
    rows = []
    for kind, part in ((NameEquivalent.Kind.NAME, "names"), (NameEquivalent.Kind.ENDING, "endings")):
        for group in data[part]:
            source = sources.get(group["source"], group["source"])
            rows += [(kind, group["canonical"], form, source) for form in group["forms"]]
    return rows


@transaction.atomic
def load_equivalents(actor=None) -> dict:
    """Add the shipped rows the table lacks (idempotent; a row staff withdrew comes back only if it is
    shipped again). New names re-key the people they concern; a new ending re-keys everyone."""
    refresh(force=True)
    before = equivalents()
    known = set(NameEquivalent.objects.values_list("kind", "form"))
    added = [
        NameEquivalent(kind=kind, canonical=canonical, form=form, source=source, shipped=True)
        for kind, canonical, form, source in shipped_rows()
        if (kind, form) not in known
    ]
    NameEquivalent.objects.bulk_create(added)
    reindexed = 0
    if any(row.kind == NameEquivalent.Kind.ENDING for row in added):
        refresh(force=True)
        reindexed = reindex_people(Person.objects.all())
    elif added:
        spellings = {spelling for row in added for spelling in (row.canonical, row.form)}
        reindexed = _reindex_concerned(sorted(spellings), before)
    if added:
        record_event(
            actor=actor,
            action="name_equivalent.load",
            target_type="people.nameequivalent",
            after={"added": len(added), "reindexed": reindexed},
        )
    return {"added": len(added), "reindexed": reindexed}
