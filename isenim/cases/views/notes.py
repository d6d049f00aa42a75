"""Notes by discipline: the case page's section, the list of notes, one note, writing a note.

Who reads which kind of note is decided only by core.access.readable_disciplines, through
selectors.notes.readable_notes; for the other kinds a reader sees a count and nothing else.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.forms.notes_documents import NoteForm
from isenim.cases.guards import open_for_work
from isenim.cases.sections import section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.selectors import notes as selectors
from isenim.cases.services import notes as services
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form

SECTION_NOTES = 10

# What a reader who may not read a kind of note learns about it: how many there are, and who reads them.
HIDDEN_LINES = {
    "shared": gettext_lazy("Shared case notes: %(count)s (only the case's team reads them)"),
    "psychological": gettext_lazy(
        "Psychologist's notes: %(count)s (only the case's psychologists read them)"
    ),
    "legal": gettext_lazy("Lawyer's notes: %(count)s (only the case's lawyers read them)"),
}


def _hidden_lines(user, case) -> list[str]:
    return [
        HIDDEN_LINES[discipline] % {"count": count}
        for discipline, count in selectors.hidden_note_counts(user, case)
    ]


def _writable(user, case) -> list[str]:
    """The kinds of note ``user`` may write on ``case`` (none on a closed case)."""
    return selectors.writable_disciplines(user, case) if open_for_work(user, case) else []


@section("notes", gettext_lazy("Notes"), "cases/sections/notes.html", order=50)
def notes_section(request, case) -> dict:
    notes = selectors.notes_shown(request.user, case, limit=SECTION_NOTES)
    writable = _writable(request.user, case)
    return {
        "notes": notes,
        "more": len(notes) == SECTION_NOTES
        and selectors.readable_notes(request.user, case).count() > SECTION_NOTES,
        "hidden_lines": _hidden_lines(request.user, case),
        "note_form": NoteForm(writable=writable) if writable else None,
    }


@permission_required(Perm.VIEW_CASES)
@read_only
def note_list(request, number: str):
    case = case_selectors.case_for_work(request.user, number, Perm.VIEW_CASES)
    context = {
        "case": case,
        "notes": selectors.notes_shown(request.user, case),
        "hidden_lines": _hidden_lines(request.user, case),
        "can_write": bool(_writable(request.user, case)),
    }
    return render(request, "cases/notes/note_list.html", context)


@permission_required(Perm.VIEW_CASES)
@read_only
def note_detail(request, number: str, pk: int):
    case = case_selectors.case_for_work(request.user, number, Perm.VIEW_CASES)
    note = selectors.note_get(request.user, case, pk)
    return render(request, "cases/notes/note_detail.html", {"case": case, "note": note})


@permission_required(Perm.WORK_ON_CASES)
def note_add(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    # On a closed case the kinds stay those of an open one, so that a page sent from before the closure
    # is refused with its reason (services.notes) rather than with "choose a kind of note".
    writable = selectors.writable_disciplines(request.user, case)
    initial = {"discipline": request.GET.get("kind")} if request.GET.get("kind") in writable else None
    form = NoteForm(request.POST or None, writable=writable, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(actor=request.user, case=case, **form.cleaned_data)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Note saved."))
            return redirect(reverse("cases:case_detail", kwargs={"number": case.number}) + "#notes")
    return render(request, "cases/notes/note_form.html", {"case": case, "form": form})
