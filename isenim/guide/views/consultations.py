"""Pre-departure consultations: the section of the case page (order 80), recording one, printing the memo."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.guards import open_for_work
from isenim.cases.sections import first, section
from isenim.cases.selectors import cases as case_selectors
from isenim.cases.views import back_to_case
from isenim.core.access import Perm
from isenim.core.audit import record_access
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.guide import selectors
from isenim.guide.forms import ConsultationForm, memo_language, memo_language_choices
from isenim.guide.memo import file_name, memo_pdf
from isenim.guide.models import CHECKLIST_FIELDS
from isenim.guide.services import consultations as services

ANCHOR = "consultations"
MEMO_DETAIL = "consultation memo"


CONSULTATION_ROWS = 10  # the latest consultations on the case page; the section's own page shows every one


@section(
    ANCHOR,
    gettext_lazy("Pre-departure consultations"),
    "guide/consultations_section.html",
    order=80,
    paged=True,
)
def consultations_section(request, case, limit: int | None = CONSULTATION_ROWS) -> dict:
    consultations = selectors.consultations_of(request.user, case)
    return {
        "consultations": first(consultations, limit),
        "consultation_count": len(consultations),
        "memo_languages": memo_language_choices(),
        "memo_language": memo_language(None),
        "can_record_consultation": open_for_work(request.user, case),
    }


@permission_required(Perm.WORK_ON_CASES)
def consultation_add(request, number: str):
    case = case_selectors.case_for_work(request.user, number)
    form = ConsultationForm(request.POST or None, initial={"consulted_by": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consultation = services.ConsultationData(
            destination=data["destination"],
            consulted_on=data["consulted_on"],
            consulted_by=data["consulted_by"],
            duration_minutes=data["duration_minutes"],
            offer_source=data["offer_source"],
            job_offered=data["job_offered"],
            offered_by=data["offered_by"],
            checklist={name: data[name] for name in CHECKLIST_FIELDS},
            topics=data["topics"],
        )
        try:
            services.consultation_record(actor=request.user, case=case, data=consultation)
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Consultation recorded. Print the memo for the person."))
            return back_to_case(case, ANCHOR)
    return render(request, "guide/consultation_form.html", {"form": form, "case": case})


@permission_required(Perm.VIEW_CASES)
@read_only
def consultation_memo(request, number: str, pk: int):
    """The memo PDF in the language asked for (``?lang=``; the UI language by default). An access event."""
    consultation = selectors.consultation_for(request.user, number, pk)
    language = memo_language(request.GET.get("lang"))
    content = memo_pdf(consultation, language)
    case = consultation.case
    record_access(actor=request.user, kind="download", target=case, detail=f"{MEMO_DETAIL} ({language})")
    record_access(
        actor=request.user, kind="download", target=case.person, detail=f"{MEMO_DETAIL} {case.number}"
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(consultation, language)}"'
    response["Cache-Control"] = "no-store"
    return response
