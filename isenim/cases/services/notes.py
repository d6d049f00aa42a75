"""Writing notes by discipline. The body is sealed; the audit row says only that a note was written."""

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, Note
from isenim.cases.selectors.notes import writable_disciplines
from isenim.cases.services import CaseRuleError
from isenim.core.audit import record_event

MAX_NOTE_LENGTH = 20000


@transaction.atomic
def note_add(*, actor, case: Case, discipline: str, body: str) -> Note:
    """A note of ``discipline`` on ``case``. Only the kinds ``writable_disciplines`` allows the actor."""
    case = lock_open_case(case)
    if discipline not in writable_disciplines(actor, case):
        raise CaseRuleError(_("You cannot write this kind of note on this case."))
    text = (body or "").strip()
    if not text:
        raise CaseRuleError(_("Write the note."))
    if len(text) > MAX_NOTE_LENGTH:
        raise CaseRuleError(_("The note is too long."))
    note = Note(case=case, discipline=discipline, author=actor)
    note.body = text
    note.save()
    # Neither the text nor the kind of note goes into the audit trail: the log is read by people who may
    # not read a psychologist's or a lawyer's notes, and must not learn when one was written.
    record_event(actor=actor, action="note.add", target=note, after={"case": case.number, "body": "sealed"})
    return note
