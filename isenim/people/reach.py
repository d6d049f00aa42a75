"""Need to know: which person records a member of staff may read (docs/protection.md, "Who sees what").

The director reads every record (``core.access.sees_every_person``). Every other caseworker reads:

- the people of the cases whose team they are on (``core.access.cases_for``);
- the people of the appeals they may read: the appeals app registers that part from its ``ready()``
  (``register_person_reach``), since the registry sits below appeals and knows none;
- the records they registered themselves (``Person.created_by``).

A record merged into another is read by whoever reads the record it was merged into. Signed consent forms
and family links follow their person.

Two ways to ask, both without visiting the whole registry:

- ``reachable(user, people)`` narrows a queryset to ``pk IN (part UNION part …)``: each part walks an index
  from the user's own rows (their team places, the appeals they registered…), so a list costs what the
  user works with, not the size of the registry;
- ``readable_ids(user, ids)`` answers for a handful of ids (a search's matches): each part is narrowed to
  those ids first, so the check costs a few index look-ups whatever the user's reach. A search thus runs
  over everyone, as fast as before, and only then marks each match readable or not.
"""

from collections.abc import Callable, Iterable

from django.db.models import QuerySet

from isenim.core.access import Perm, can, cases_for, require, sees_every_person
from isenim.people.models import Person

# ``source(user, among)`` -> querysets of person ids (``values_list(..., flat=True)``), each a plain query
# (no union, no ordering) the user reaches; ``among`` (a set of ids or None) narrows each one.
PERSON_REACH: list[Callable[[object, set[int] | None], list[QuerySet]]] = []


def register_person_reach(source: Callable) -> None:
    """An app above the registry adds the people its records give a user (appeals: their appellants)."""
    if source not in PERSON_REACH:
        PERSON_REACH.append(source)


def _parts(user, among: set[int] | None) -> list[QuerySet]:
    own = Person.objects.filter(created_by=user)
    parts = [own if among is None else own.filter(pk__in=among)]
    parts[0] = parts[0].order_by().values_list("pk", flat=True)
    if can(user, Perm.VIEW_CASES):
        cases = cases_for(user)
        if among is not None:
            cases = cases.filter(person_id__in=among)
        parts.append(cases.order_by().values_list("person_id", flat=True))
    for source in PERSON_REACH:
        parts += source(user, among)
    return parts


def union(parts: list[QuerySet]) -> QuerySet:
    """One query: ``a UNION b UNION …`` (duplicates removed), usable as ``pk__in=``."""
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def reachable(user, people: QuerySet[Person]) -> QuerySet[Person]:
    """``people`` narrowed to the records ``user`` may read (unchanged for the director)."""
    require(user, Perm.VIEW_PEOPLE)
    if sees_every_person(user):
        return people
    return people.filter(pk__in=union(_parts(user, None)))


def readable_ids(user, person_ids: Iterable[int]) -> set[int]:
    """Which of ``person_ids`` ``user`` may read: one query on those ids only."""
    require(user, Perm.VIEW_PEOPLE)
    ids = {person_id for person_id in person_ids if person_id is not None}
    if not ids or sees_every_person(user):
        return ids
    return set(union(_parts(user, ids))) & ids


def may_read(user, person: Person) -> bool:
    """Whether ``user`` may read this record (or, for a record merged away, the one it was merged into)."""
    ids, seen, current = {person.pk}, set(), person
    while current.merged_into_id and current.pk not in seen:  # a merge chain is short; guard a loop anyway
        seen.add(current.pk)
        ids.add(current.merged_into_id)
        current = current.merged_into
    return bool(readable_ids(user, ids))
