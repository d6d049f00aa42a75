"""Donor reports: a report for a period in Karakalpak, Uzbek or Russian, its narrative, its files built in the
background, and its submission.

- ``report_create``: a draft for a period of the project; a period whose report was submitted is refused.
- ``narrative_save``: the donor's narrative fields (``selectors.reports.NARRATIVE_FIELDS``), a draft only.
- ``report_build``: queues ``build_report_files`` (django-tasks: the worker, ``isenim db_worker``), which
  reads the content, makes the PDF and the XLSX, seals both in the vault and keeps their names with the
  report, writing its progress (per cent) as it goes so that the report's page can show it.
- ``report_submit``: freezes the period's indicator values (``services.values.freeze_period``: the current
  revision of each value is frozen; a later correction is a new revision), marks the report submitted and
  rebuilds its files from the frozen values, so that the files kept are the report as submitted. A second
  submission for a frozen period is refused.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from isenim.core.audit import record_event
from isenim.core.vault_files import load, store
from isenim.grants.choices import ReportLanguage, ReportState
from isenim.grants.models import GrantProject, Report, ReportingPeriod
from isenim.grants.services import GrantError
from isenim.grants.services.values import freeze_period, period_frozen, refresh_actuals

PDF_CONTEXT = "grants.report.pdf"
XLSX_CONTEXT = "grants.report.xlsx"


def _refuse_frozen(period: ReportingPeriod) -> None:
    if period_frozen(period):
        raise GrantError(
            _(
                "The report for %(period)s was already submitted and its values are frozen. A correction is "
                "made as a new revision of a value, not as a second report."
            )
            % {"period": period.label}
        )


@transaction.atomic
def report_create(*, actor, project: GrantProject, period: ReportingPeriod, language: str) -> Report:
    if period.project_id != project.pk:
        raise GrantError(_("This period is not one of the project's."))
    if language not in ReportLanguage.values:
        raise GrantError(_("Choose the report's language: Karakalpak, Uzbek or Russian."))
    _refuse_frozen(period)
    report = Report.objects.create(
        project=project, period=period, language=language, created_by=actor, narrative={}
    )
    record_event(
        actor=actor, action="grant_report.build", target=report, after={"period": period.label, "created": 1}
    )
    return report


def _check_draft(report: Report) -> None:
    if report.state == ReportState.SUBMITTED:
        raise GrantError(_("This report was submitted: it can no longer be changed."))


@transaction.atomic
def narrative_save(*, actor, report: Report, narrative: dict, language: str | None = None) -> Report:
    from isenim.grants.selectors.reports import MOST_NARRATIVE, NARRATIVE_KEYS

    report = Report.objects.select_for_update().get(pk=report.pk)
    _check_draft(report)
    cleaned = {}
    for key in NARRATIVE_KEYS:
        text = str(narrative.get(key) or "").replace("\x00", "").strip()
        if len(text) > MOST_NARRATIVE:
            raise GrantError(
                _("A narrative field holds at most %(most)s characters.") % {"most": MOST_NARRATIVE}
            )
        cleaned[key] = text
    if language is not None:
        if language not in ReportLanguage.values:
            raise GrantError(_("Choose the report's language: Karakalpak, Uzbek or Russian."))
        report.language = language
    before = {"narrative": report.narrative, "language": report.language}
    report.narrative = cleaned
    report.save(update_fields=["narrative", "language"])
    record_event(
        actor=actor,
        action="grant_report.build",
        target=report,
        before={"narrative_fields": sorted(k for k, v in (before["narrative"] or {}).items() if v)},
        after={"narrative_fields": sorted(k for k, v in cleaned.items() if v), "language": report.language},
    )
    return report


def _progress(report_id: int, value: int) -> None:
    Report.objects.filter(pk=report_id).update(progress=value)


def build_files(report: Report) -> Report:
    """Make the report's PDF and XLSX now and keep them, sealed, with the report (the task's body)."""
    from isenim.grants.report_files import pdf_bytes, xlsx_bytes
    from isenim.grants.selectors.reports import report_content

    _progress(report.pk, 5)
    if not period_frozen(report.period):
        # What the report says is what the data say now (a frozen period keeps its values).
        with transaction.atomic():
            refresh_actuals(report.project, report.period, actor=report.created_by)
    _progress(report.pk, 15)
    content = report_content(report.project, report.period, report.language, report.narrative)
    _progress(report.pk, 30)
    pdf = pdf_bytes(content, progress=lambda value: _progress(report.pk, value))
    _progress(report.pk, 80)
    xlsx = xlsx_bytes(content)
    _progress(report.pk, 95)
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(
            pdf_vault_name=store(pdf, context=PDF_CONTEXT),
            xlsx_vault_name=store(xlsx, context=XLSX_CONTEXT),
            progress=100,
            built_at=timezone.now(),
        )
    report.refresh_from_db()
    return report


@task()
def build_report_files(report_id: int) -> int:
    """The background task: returns the size of the PDF in bytes."""
    report = Report.objects.select_related("project", "period").get(pk=report_id)
    try:
        report = build_files(report)
    except Exception:
        # The page stops waiting and says the files are not made; the worker's log has the error.
        Report.objects.filter(pk=report_id).update(progress=0, task_id="")
        raise
    return len(load(report.pdf_vault_name, context=PDF_CONTEXT))


def _enqueue(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(progress=0, built_at=None)
    result = build_report_files.enqueue(report.pk)
    Report.objects.filter(pk=report.pk).update(task_id=str(result.id)[:64])


def report_build(*, actor, report: Report) -> Report:
    """Queue the building of the files (the previous files stay until the new ones are kept)."""
    _check_draft(report)
    if report.built_at is None and report.task_id and 0 < report.progress < 100:
        raise GrantError(_("The files are being made: wait until they are ready."))
    record_event(actor=actor, action="grant_report.build", target=report, after={"queued": 1})
    _enqueue(report)
    report.refresh_from_db()
    return report


def report_submit(*, actor, report: Report) -> Report:
    """Freeze the period's values, mark the report submitted, and make its files again from the frozen
    values."""
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("period", "project").get(pk=report.pk)
        _check_draft(report)
        # Only one report may be submitted for a period: lock the period while checking.
        period = ReportingPeriod.objects.select_for_update().get(pk=report.period_id)
        _refuse_frozen(period)
        if not report.built_at:
            raise GrantError(_("Make the report's files first, read them, then submit."))
        frozen = freeze_period(actor=actor, period=period)
        report.state = ReportState.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = timezone.now()
        report.save(update_fields=["state", "submitted_by", "submitted_at"])
        record_event(
            actor=actor,
            action="grant_report.submit",
            target=report,
            after={"period": period.label, "language": report.language, "values_frozen": frozen},
        )
    _enqueue(report)
    report.refresh_from_db()
    return report


def report_file(report: Report, kind: str) -> bytes:
    if kind == "pdf" and report.pdf_vault_name:
        return load(report.pdf_vault_name, context=PDF_CONTEXT)
    if kind == "xlsx" and report.xlsx_vault_name:
        return load(report.xlsx_vault_name, context=XLSX_CONTEXT)
    raise GrantError(_("The report's files are not made yet."))
