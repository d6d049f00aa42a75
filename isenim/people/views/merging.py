"""Merging two records of the same person, and undoing a merge. A person confirms each one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.core.decorators import permission_required
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.people import selectors, services
from isenim.people.forms import MergeForm
from isenim.people.matching import Probe


@permission_required(Perm.MERGE_PEOPLE)
def person_merge(request, code: str):
    """Merge a duplicate into this person: choose it (GET), compare both side by side (GET with
    ``duplicate``), then confirm (POST)."""
    user = request.user
    keep = selectors.person_view(user, code, purpose="merge page")
    data = request.POST if request.method == "POST" else (request.GET if "duplicate" in request.GET else None)
    form = MergeForm(data, user=user, keep=keep)
    if form.is_bound and form.is_valid():
        duplicate = form.cleaned_data["duplicate"]
        if request.method == "POST":
            try:
                services.person_merge(actor=user, keep=keep, duplicate=duplicate)
            except Refusal as error:
                refusal_in_form(form, error)
            else:
                messages.success(
                    request,
                    _("%(duplicate)s was merged into %(keep)s.")
                    % {"duplicate": duplicate.code, "keep": keep.code},
                )
                return redirect("people:person_detail", code=keep.code)
        selectors.record_viewed(user, [duplicate], purpose=f"merge into {keep.code}")
        context = {"keep": keep, "duplicate": duplicate, "form": form}
        return render(request, "people/merge_confirm.html", context)
    fields = tuple(keep.identity.get(field, "") for field in ("last_name", "first_name", "middle_name"))
    probe = Probe(name=keep.display_name(), fields=fields if any(fields) else None)
    suggestions = selectors.duplicate_candidates(user, probe, exclude=keep)
    return render(
        request, "people/merge_choose.html", {"keep": keep, "form": form, "suggestions": suggestions}
    )


@permission_required(Perm.MERGE_PEOPLE)
def person_unmerge(request, code: str):
    """Undo the merge that hid this record: GET asks for confirmation, POST brings the record back."""
    duplicate = selectors.person_get(request.user, code, include_merged=True)
    event = selectors.merge_event(request.user, duplicate)
    if request.method == "POST":
        kept = duplicate.merged_into
        try:
            services.person_unmerge(actor=request.user, merge_event=event)
        except Refusal as error:
            refusal_message(request, error)
        else:
            messages.success(
                request,
                _("%(duplicate)s is a separate record again; what it brought to %(keep)s went back to it.")
                % {"duplicate": duplicate.code, "keep": kept.code},
            )
        return redirect("people:person_detail", code=duplicate.code)
    return render(request, "people/unmerge_confirm.html", {"duplicate": duplicate, "event": event})
