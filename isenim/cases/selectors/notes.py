"""Notes by discipline: the ONE way any code reads case notes.

    readable_notes(user, case)  ->  QuerySet[Note] of the notes ``user`` may read on ``case``

Every page, partial, timeline, PDF, export or search that shows notes must start from ``readable_notes``
(never from ``Note.objects`` or ``case.notes``): it checks that the case is one of the user's cases
(``core.access.cases_for``, else 404) and keeps only the disciplines ``core.access.readable_disciplines``
allows. Whoever shows the text of the notes it returns records an access event (``notes_shown`` does
that for a list). For the disciplines a user may not read there is only ``hidden_note_counts``: how many,
nothing else (no dates, authors or ids).
"""

from django.db.models import Count, QuerySet
from django.http import Http404

from isenim.cases.choices import Discipline
from isenim.cases.models import Case, Note
from isenim.core.access import DISCIPLINE_NOTE_READERS, Perm, cases_for, readable_disciplines, role_of
from isenim.core.audit import record_access


def _visible_case(user, case: Case, perm: Perm = Perm.VIEW_CASES) -> Case:
    if not cases_for(user, perm).filter(pk=case.pk).exists():
        raise Http404
    return case


def readable_notes(user, case: Case) -> QuerySet[Note]:
    """The notes of ``case`` that ``user`` may read, newest first; 404 if the case is not theirs."""
    _visible_case(user, case)
    readable = readable_disciplines(user, case)
    return (
        Note.objects.filter(case=case, discipline__in=sorted(readable))
        .select_related("author")
        .order_by("-created_at", "-id")
    )


def hidden_note_counts(user, case: Case) -> list[tuple[str, int]]:
    """For each discipline ``user`` may not read on ``case``: (discipline, how many notes). Only a count."""
    _visible_case(user, case)
    hidden = [value for value in Discipline.values if value not in readable_disciplines(user, case)]
    if not hidden:
        return []
    counts = dict(
        Note.objects.filter(case=case, discipline__in=hidden)
        .values_list("discipline")
        .annotate(count=Count("id"))
        .values_list("discipline", "count")
    )
    return [(discipline, counts.get(discipline, 0)) for discipline in hidden]


def writable_disciplines(user, case: Case) -> list[str]:
    """The kinds of note ``user`` may write on ``case``: shared notes for anyone working on the case; a
    discipline's notes only for those who read them *as that discipline* (the case's psychologists, its
    lawyers), never for a reader by policy only (the director writes shared notes)."""
    _visible_case(user, case, Perm.WORK_ON_CASES)
    readable = readable_disciplines(user, case)
    role = role_of(user)
    return [
        value
        for value in Discipline.values
        if value in readable
        and (value == Discipline.SHARED or role in DISCIPLINE_NOTE_READERS.get(value, ()))
    ]


def notes_shown(user, case: Case, *, limit: int | None = None) -> list[Note]:
    """The readable notes for a page that shows their text; the view is recorded (ids only, no text)."""
    notes = readable_notes(user, case)
    shown = list(notes[:limit] if limit else notes)
    if shown:
        ids = ",".join(str(note.pk) for note in shown)
        record_access(actor=user, kind="view", target=case, detail=f"notes of {case.number}: {ids}")
    return shown


def note_get(user, case: Case, pk: int) -> Note:
    """One note the user may read (a note of another discipline is a 404, like a missing one)."""
    note = readable_notes(user, case).filter(pk=pk).first()
    if note is None:
        raise Http404
    record_access(actor=user, kind="view", target=note, detail=f"note of {case.number}")
    return note
