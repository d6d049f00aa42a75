"""The registry's list, a person's page, and the form that registers or corrects a person."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isenim.core import search_memo
from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.people import selectors, services
from isenim.people.forms import LANGUAGE_CHOICES, CandidatesQueryForm, PersonFilterForm, PersonForm

PAGE_SIZE = 50


@permission_required(Perm.VIEW_PEOPLE)
def person_list(request):
    if request.method == "POST":  # a typed name never goes into the address: see core/search_memo.py
        return search_memo.redirect_with_token(
            request, request.POST.get("q", ""), keep={k: request.POST.get(k) for k in ("sex", "district")}
        )
    filters = PersonFilterForm({**request.GET.dict(), "q": search_memo.recall(request)}, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    sex, district = data.get("sex", ""), data.get("district")
    query = data.get("q", "").strip()
    context = {"filters": filters, "query": query}
    if query and selectors.normal_code(query):
        # A record outside the user's reach is listed as a bare code (it exists: no duplicate), not opened.
        context["matches"] = selectors.code_matches(request.user, query)
        if context["matches"] and context["matches"][0].readable:
            return redirect("people:person_detail", code=context["matches"][0].code)
    elif query:
        context["matches"] = selectors.person_search(request.user, query, sex=sex, district=district)
    else:
        # The list holds only the people the user may read (need to know).
        people = selectors.person_list(request.user, sex=sex, district=district)
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
        if page.object_list:
            selectors.record_list_view(request.user, page_number=page.number)
        context["page"] = page
    return render(request, "people/person_list.html", context)


@permission_required(Perm.VIEW_PEOPLE)
@read_only
def person_detail(request, code: str):
    user = request.user
    person = selectors.person_view(user, code, include_merged=True)
    links = selectors.family_links(user, person)
    linked_by = selectors.linked_by(user, person)
    # Relatives the user may not read are shown by their code only: no view of them to record.
    relatives = [link.relative for link in links if link.readable]
    relatives += [link.person for link in linked_by if link.readable]
    selectors.record_viewed(user, relatives, purpose=f"relative shown on {person.code}")
    identity = person.identity
    context = {
        "person": person,
        "identity": identity,
        "birth_date": date.fromisoformat(identity["birth_date"]) if identity.get("birth_date") else None,
        "languages": [label for value, label in LANGUAGE_CHOICES if value in person.languages],
        "links": links,
        "linked_by": linked_by,
        "consents": selectors.consents(user, person),
        "merged_people": selectors.merged_into_this(user, person),
        "can_merge": can(user, Perm.MERGE_PEOPLE),
    }
    return render(request, "people/person_detail.html", context)


@permission_required(Perm.VIEW_PEOPLE)
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    candidates, confirm_errors = [], []
    if request.method == "POST":
        probe = CandidatesQueryForm(request.POST).probe()
        candidates = selectors.duplicate_candidates(request.user, probe) if probe else []
        if form.is_valid():
            if selectors.likely_duplicates(candidates) and not form.cleaned_data["confirm_different"]:
                confirm_errors = [
                    _(
                        "Someone with a very similar name is already registered. Open their record, "
                        "or tick “This is a different person” to register a new one."
                    )
                ]
            else:
                person = services.person_create(actor=request.user, data=form.person_data())
                messages.success(request, _("Registered as %(code)s.") % {"code": person.code})
                return redirect("people:person_detail", code=person.code)
    context = {
        "form": form,
        "creating": True,
        **_candidates_context(candidates, confirm_errors, form["confirm_different"].value()),
    }
    return render(request, "people/person_form.html", context)


@permission_required(Perm.VIEW_PEOPLE)
def person_edit(request, code: str):
    person = selectors.person_view(request.user, code, purpose="person edit form")
    form = PersonForm(request.POST or None, user=request.user, person=person)
    candidates, confirm_errors = [], []
    if request.method == "POST" and form.is_valid():
        if _name_changed(person, form):
            # A name added later (the record of an anonymous appellant) or corrected: the duplicate check,
            # as when a person is registered.
            candidates = selectors.duplicate_candidates(request.user, form.probe(), exclude=person)
        if selectors.likely_duplicates(candidates) and not form.cleaned_data["confirm_different"]:
            confirm_errors = [
                _(
                    "Someone with a very similar name is already registered. If it is the same person, "
                    "merge the two records; otherwise tick “This is a different person”."
                )
            ]
        else:
            services.person_update(actor=request.user, person=person, data=form.person_data())
            messages.success(request, _("Changes to %(code)s saved.") % {"code": person.code})
            return redirect("people:person_detail", code=person.code)
    context = {
        "form": form,
        "person": person,
        **_candidates_context(candidates, confirm_errors, form["confirm_different"].value()),
    }
    return render(request, "people/person_form.html", context)


def _name_changed(person, form) -> bool:
    identity = person.identity
    return any((identity.get(name) or "") != form.cleaned_data[name] for name in PersonForm.NAME_FIELDS)


@permission_required(Perm.VIEW_PEOPLE)
def person_candidates(request):
    """htmx partial: people already registered who look like the one being typed in."""
    # Posted, not in the address: the names being typed must not reach server logs or history.
    probe = CandidatesQueryForm(request.POST if request.method == "POST" else {}).probe()
    candidates = selectors.duplicate_candidates(request.user, probe) if probe else []
    context = _candidates_context(candidates, [], False)
    context["ask_birth_date"] = selectors.birth_date_would_help(
        candidates, birth_date_given=bool(probe and (probe.birth_date or probe.approximate_birth_year))
    )
    return render(request, "people/_candidates.html", context)


def _candidates_context(candidates, confirm_errors, confirm_checked) -> dict:
    return {
        "candidates": candidates,
        "likely": selectors.likely_duplicates(candidates),
        "confirm_errors": confirm_errors,
        "confirm_checked": bool(confirm_checked),
    }
