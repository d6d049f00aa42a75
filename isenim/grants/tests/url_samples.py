"""URL arguments of the grants pages for the generated URL test (tests/test_url_policy.py).

Each helper of the grants app adds the samples of its own pages to ``samples`` (one block each)."""


def samples(staff) -> dict:
    found: dict = {}
    found.update(_project_samples(staff))
    found.update(_logframe_samples(staff))
    found.update(_report_samples(staff))
    return found


def _project_samples(staff) -> dict:
    """The state-grant project with its 11 assemblies and a meeting held yesterday (projects & meetings)."""
    from datetime import timedelta

    from django.utils import timezone

    from isenim.core.access import Role
    from isenim.grants.communities import STATE_GRANT_MET
    from isenim.grants.services.meetings import MeetingData, meeting_create
    from isenim.grants.tests.helpers import sample_project, unit

    project = sample_project(staff, code="url-samples")
    meeting = meeting_create(
        actor=staff[Role.PREVENTION_OFFICER],
        project=project,
        data=MeetingData(
            held_on=max(project.starts_on, timezone.localdate() - timedelta(days=1)),
            assembly=unit(STATE_GRANT_MET[0]),
            venue="Мәденият үйи",
        ),
    )
    on_project = {"pk": project.pk}
    on_meeting = {"pk": meeting.pk}
    return {
        "grants:project_detail": on_project,
        "grants:project_edit": on_project,
        "grants:communities_edit": on_project,
        "grants:meeting_list": on_project,
        "grants:meeting_create": on_project,
        "grants:meeting_detail": on_meeting,
        "grants:meeting_edit": on_meeting,
        "grants:meeting_attendance": on_meeting,
        "grants:meeting_materials": on_meeting,
        "grants:meeting_sheet": on_meeting,
    }


def _logframe_samples(staff) -> dict:
    """A logframe with a computed indicator and one by hand whose value waits for approval, with its
    evidence (logframe & indicators)."""
    from datetime import date

    from django.utils import timezone

    from isenim.core.access import Role
    from isenim.grants.models import ReportingPeriod
    from isenim.grants.services.values import value_record
    from isenim.grants.tests.helpers import sample_project
    from isenim.grants.tests.logframe_helpers import SAMPLE_PDF, indicator, logframe

    year = timezone.localdate().year
    project = sample_project(
        staff, code="url-logframe", starts_on=date(year - 1, 1, 1), ends_on=date(year - 1, 12, 31)
    )
    _goal, _outcome, output = logframe(staff, project)
    indicator(staff, output, "1.1.1", measure="grants.meetings_held")
    survey = indicator(staff, output, "1.1.2")
    period = ReportingPeriod.objects.filter(project=project).order_by("starts_on").first()
    value = value_record(
        actor=staff[Role.ME_OFFICER],
        indicator=survey,
        period=period,
        value=12,
        evidence=SAMPLE_PDF,
        file_name="survey.pdf",
    )
    on_project = {"pk": project.pk}
    return {
        "grants:logframe": on_project,
        "grants:node_create": on_project,
        "grants:node_edit": {"pk": output.pk},
        "grants:indicator_create": {"pk": output.pk},
        "grants:indicator_detail": {"pk": survey.pk},
        "grants:indicator_edit": {"pk": survey.pk},
        "grants:indicator_targets": {"pk": survey.pk},
        "grants:value_create": {"pk": survey.pk},
        "grants:value_approve": {"pk": value.pk},
        "grants:value_evidence": {"pk": value.pk},
        "grants:results": on_project,
        "grants:actuals_refresh": on_project,
    }


def _report_samples(staff) -> dict:
    """A donor report for the first quarter of last year's project, its files made (reports)."""
    from datetime import date

    from django.utils import timezone

    from isenim.core.access import Role
    from isenim.grants.models import ReportingPeriod
    from isenim.grants.services.reports import report_build, report_create
    from isenim.grants.tests.helpers import sample_project

    year = timezone.localdate().year
    project = sample_project(
        staff, code="url-reports", starts_on=date(year - 1, 1, 1), ends_on=date(year - 1, 12, 31)
    )
    period = ReportingPeriod.objects.filter(project=project).order_by("starts_on").first()
    me = staff[Role.ME_OFFICER]
    report = report_build(
        actor=me, report=report_create(actor=me, project=project, period=period, language="kaa")
    )
    on_report = {"pk": report.pk}
    return {
        "grants:report_list": {"pk": project.pk},
        "grants:report_create": {"pk": project.pk},
        "grants:report_detail": on_report,
        "grants:report_build": on_report,
        "grants:report_progress": on_report,
        "grants:report_download": {"pk": report.pk, "kind": "pdf"},
        "grants:report_submit": on_report,
    }
