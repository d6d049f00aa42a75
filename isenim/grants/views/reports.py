"""Donor reports: the project's reports, a new one, its page (narrative, progress of its files, downloads,
submission). Thin: reads through selectors.reports, writes through services.reports."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.grants.choices import ReportState
from isenim.grants.forms.reports import NarrativeForm, ReportCreateForm
from isenim.grants.models import ReportingPeriod
from isenim.grants.selectors.projects import project_get
from isenim.grants.selectors.reports import NARRATIVE_FIELDS, report_get, report_list
from isenim.grants.services.reports import (
    narrative_save,
    report_build,
    report_create,
    report_file,
    report_submit,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _periods(project):
    """The periods of the project's reporting rhythm that have begun."""
    return ReportingPeriod.objects.filter(
        project=project, kind=project.reporting, starts_on__lte=timezone.localdate()
    ).order_by("-starts_on")


@permission_required(Perm.VIEW_GRANTS)
@read_only
def report_list_view(request, pk: int):
    project = project_get(pk)
    return render(
        request,
        "grants/reports/report_list.html",
        {
            "project": project,
            "reports": report_list(project),
            "can_manage": can(request.user, Perm.MANAGE_GRANTS),
        },
    )


@permission_required(Perm.MANAGE_GRANTS)
def report_create_view(request, pk: int):
    project = project_get(pk)
    form = ReportCreateForm(request.POST or None, periods=_periods(project))
    if request.method == "POST" and form.is_valid():
        try:
            report = report_create(
                actor=request.user,
                project=project,
                period=form.cleaned_data["period"],
                language=form.cleaned_data["language"],
            )
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            return redirect("grants:report_detail", pk=report.pk)
    return render(request, "grants/reports/report_create.html", {"project": project, "form": form})


def _detail_context(request, report, form=None) -> dict:
    draft = report.state == ReportState.DRAFT
    can_manage = can(request.user, Perm.MANAGE_GRANTS)
    if form is None and can_manage and draft:
        form = NarrativeForm(initial={"language": report.language, **(report.narrative or {})})
    return {
        "project": report.project,
        "report": report,
        "form": form if (can_manage and draft) else None,
        "narrative": [(label, (report.narrative or {}).get(key, "")) for key, label in NARRATIVE_FIELDS],
        "can_manage": can_manage,
        "draft": draft,
        "building": report.built_at is None and bool(report.task_id),
    }


@permission_required(Perm.VIEW_GRANTS)
def report_detail(request, pk: int):
    """The report's page; its narrative is saved here by those who manage grants."""
    report = report_get(pk)
    if request.method == "POST":
        if not can(request.user, Perm.MANAGE_GRANTS):
            raise Http404
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                narrative_save(
                    actor=request.user,
                    report=report,
                    narrative=form.narrative(),
                    language=form.cleaned_data["language"],
                )
            except Refusal as error:
                refusal_in_form(form, error)
            else:
                messages.success(request, _("Narrative saved. Make the files again to include it."))
                return redirect("grants:report_detail", pk=report.pk)
        return render(request, "grants/reports/report_detail.html", _detail_context(request, report, form))
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "grants/reports/report_detail.html", _detail_context(request, report))


@permission_required(Perm.MANAGE_GRANTS)
@post_only
def report_build_view(request, pk: int):
    report = report_get(pk)
    try:
        report_build(actor=request.user, report=report)
    except Refusal as error:
        refusal_message(request, error)
    return redirect("grants:report_detail", pk=report.pk)


@permission_required(Perm.VIEW_GRANTS)
@read_only
def report_progress(request, pk: int):
    """The progress of the report's files (htmx polls it every two seconds until they are ready)."""
    report = report_get(pk)
    return render(
        request,
        "grants/reports/_progress.html",
        {"report": report, "building": report.built_at is None and bool(report.task_id)},
    )


@permission_required(Perm.VIEW_GRANTS)
@read_only
def report_download(request, pk: int, kind: str):
    report = report_get(pk)
    if kind not in CONTENT_TYPES:
        raise Http404
    try:
        content = report_file(report, kind)
    except Refusal as error:
        refusal_message(request, error)
        return redirect("grants:report_detail", pk=report.pk)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = f"{report.project.code}-{report.period.label}-{report.language}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@permission_required(Perm.MANAGE_GRANTS)
@post_only
def report_submit_view(request, pk: int):
    report = report_get(pk)
    try:
        report_submit(actor=request.user, report=report)
    except Refusal as error:
        refusal_message(request, error)
    else:
        messages.success(
            request,
            _("Report submitted: the period's values are frozen; its files are made again from them."),
        )
    return redirect("grants:report_detail", pk=report.pk)
