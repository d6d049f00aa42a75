"""The case timeline page and the case summary PDF."""

from django.http import HttpResponse
from django.shortcuts import render

from isenim.cases.pdf import case_summary_pdf, file_name
from isenim.cases.selectors.summary import case_summary
from isenim.cases.selectors.timeline import case_timeline
from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only


@permission_required(Perm.VIEW_CASES)
@read_only
def timeline(request, number: str):
    case, entries = case_timeline(request.user, number)
    context = {"case": case, "entries": entries}
    return render(request, "cases/timeline/timeline.html", context)


@permission_required(Perm.VIEW_CASES)
@read_only
def summary_pdf(request, number: str):
    """The case summary as a PDF, built for this download only (an access event); never cached."""
    summary = case_summary(request.user, number)
    response = HttpResponse(case_summary_pdf(summary, reader=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(summary)}"'
    response["Cache-Control"] = "no-store"
    return response
