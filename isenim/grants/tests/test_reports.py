"""Donor reports (services.reports, report_files, the pages and ``isenim grant-report``): the PDF read back
with pypdf (every Karakalpak letter, the language of the report whatever the screen's, case-data counts under
11 as "fewer than 11"), the XLSX read back with openpyxl, submission freezing the period's values, a second
submission of a frozen period refused."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from isenim.core.access import Role
from isenim.grants.choices import ReportState
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.models import IndicatorValue, Report
from isenim.grants.services import GrantError
from isenim.grants.services.meetings import MeetingData, attendance_enter, meeting_create
from isenim.grants.services.reports import (
    narrative_save,
    report_build,
    report_create,
    report_file,
    report_submit,
)
from isenim.grants.tests.helpers import unit
from isenim.grants.tests.logframe_helpers import indicator, last_year_project, logframe, quarters
from isenim.prevention.choices import TALLY_FIELDS

pytestmark = pytest.mark.django_db

KARAKALPAK = "ӘәҒғҚқҢңӨөҮүЎўҲҳ"


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def _project(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    q1 = quarters(project)[0]
    held = indicator(staff, output, "1.1.1", measure="grants.meetings_held", life_target=8, targets={q1: 2})
    appeals = indicator(staff, output, "1.1.2", measure="appeals.received", life_target=40, targets={q1: 10})
    officer = staff[Role.PREVENTION_OFFICER]
    for i, code in enumerate(STATE_GRANT_MET[:2]):
        meeting = meeting_create(
            actor=officer,
            project=project,
            data=MeetingData(
                held_on=q1.starts_on + timedelta(days=10 + i), assembly=unit(code), venue="Мектеп"
            ),
        )
        attendance_enter(
            actor=officer,
            meeting=meeting,
            counts={**dict.fromkeys(TALLY_FIELDS, 0), "f_18_29": 12, "m_30_49": 9},
            total=21,
        )
    # An actual of case data under 11 (set as a computed value: what the measure would have given).
    IndicatorValue.objects.create(
        indicator=appeals, period=q1, value=7, source="computed", entered_by=staff[Role.DIRECTOR]
    )
    return project, q1, held, appeals


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_report_files_in_its_language(staff):
    project, q1, _held, _appeals = _project(staff)
    me = staff[Role.ME_OFFICER]
    with translation.override("ru"):  # the screen in Russian, the report in Karakalpak
        report = report_create(actor=me, project=project, period=q1, language="kaa")
        narrative_save(
            actor=me,
            report=report,
            narrative={"activities": f"Ушырасыўлар өткерилди: {KARAKALPAK}", "plans": "=HYPERLINK(1)"},
        )
        report = report_build(actor=me, report=report)  # the immediate backend in tests: built at once
    assert report.built_at is not None and report.progress == 100
    text = _pdf_text(report_file(report, "pdf"))
    assert KARAKALPAK in text
    assert "Таллы-өзек" in text or "Мойнақ" in text  # the covered assemblies named
    assert "Жайҳун" in text and "Арал" in text  # … and the missing ones
    assert "7" not in [line.strip() for line in text.splitlines()]
    workbook = load_workbook(io.BytesIO(report_file(report, "xlsx")), read_only=True)
    sheets = workbook.sheetnames
    assert len(sheets) == 5
    rows = list(workbook[sheets[1]].iter_rows(values_only=True))
    by_code = {row[0].split()[0]: row for row in rows[1:]}
    assert by_code["1.1.1"][3] == 2  # two meetings held in the quarter
    facts = {row[0]: row[1] for row in workbook[sheets[0]].iter_rows(values_only=True)}
    assert "=HYPERLINK(1)" in facts.values()  # kept as text (the cell is a string)


def test_report_in_russian_and_english_labels(staff):
    project, q1, *_ = _project(staff)
    me = staff[Role.ME_OFFICER]
    report = report_build(actor=me, report=report_create(actor=me, project=project, period=q1, language="ru"))
    text = _pdf_text(report_file(report, "pdf"))
    assert "Мойнақ" in text or "Муйнак" in text or "Таллы" in text


def test_submit_freezes_and_second_submission_refused(staff):
    project, q1, held, _appeals = _project(staff)
    me = staff[Role.ME_OFFICER]
    report = report_create(actor=me, project=project, period=q1, language="kaa")
    with pytest.raises(GrantError):
        report_submit(actor=me, report=report)  # no files yet
    report = report_build(actor=me, report=report)
    report = report_submit(actor=me, report=report)
    assert report.state == ReportState.SUBMITTED
    assert report.built_at is not None  # the files made again from the frozen values
    current = IndicatorValue.objects.filter(indicator=held, period=q1).order_by("-revision").first()
    assert current.frozen and current.value == 2
    with translation.override("en"):
        with pytest.raises(GrantError, match="already submitted"):
            report_create(actor=me, project=project, period=q1, language="ru")
        other = Report.objects.create(project=project, period=q1, language="ru", created_by=me)
        other.built_at = report.built_at
        other.save()
        with pytest.raises(GrantError, match="already submitted"):
            report_submit(actor=me, report=other)
        with pytest.raises(GrantError):
            narrative_save(actor=me, report=report, narrative={"results": "x"})


def test_pages(staff, client_as, settings):
    project, q1, *_ = _project(staff)
    client = client_as(staff[Role.ME_OFFICER])
    response = client.post(
        reverse("grants:report_create", args=[project.pk]), {"period": q1.pk, "language": "ru"}
    )
    report = Report.objects.get(project=project)
    assert response.status_code == 302
    page = client.get(reverse("grants:report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert client.post(reverse("grants:report_build", args=[report.pk])).status_code == 302
    progress = client.get(reverse("grants:report_progress", args=[report.pk]))
    assert (
        b"every 2s" not in progress.content
        and reverse("grants:report_download", args=[report.pk, "pdf"]).encode() in progress.content
    )
    pdf = client.get(reverse("grants:report_download", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Hostile narrative: too long — said, nothing saved.
    with translation.override("en"):
        response = client.post(
            reverse("grants:report_detail", args=[report.pk]), {"language": "kaa", "results": "x" * 9000}
        )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.language == "ru" and not report.narrative
    # The prevention officer reads, never writes.
    officer = client_as(staff[Role.PREVENTION_OFFICER])
    assert officer.get(reverse("grants:report_detail", args=[report.pk])).status_code == 200
    assert (
        officer.post(reverse("grants:report_detail", args=[report.pk]), {"language": "kaa"}).status_code
        == 404
    )


def test_console_json_and_pdf(staff, tmp_path):
    project, q1, *_ = _project(staff)
    out = tmp_path / "report.json"
    args = ["--project", project.code, "--period", q1.label, "--format", "json", "--output", str(out)]
    call_command("grant-report", *args)
    data = json.loads(out.read_text())
    assert data["project"]["code"] == project.code
    assert len(data["coverage"]["target"]) == 11 and len(data["coverage"]["covered"]) == 2
    assert "Арал" in data["coverage"]["missing"]
    by_code = {row["code"]: row for row in data["indicators"]}
    # 7 appeals (case data) leave a file as "fewer than 11", never as the count.
    assert by_code["1.1.2"]["actual"] is None and "11" in by_code["1.1.2"]["actual_text"]
    assert "7" not in json.dumps(by_code["1.1.2"])
    assert by_code["1.1.1"]["target"] == 2 and by_code["1.1.1"]["actual"] is None  # not computed yet
    call_command("grant-report", *args, "--compute-as", staff[Role.ME_OFFICER].username)
    by_code = {row["code"]: row for row in json.loads(out.read_text())["indicators"]}
    assert by_code["1.1.1"]["actual"] == 2
    pdf = tmp_path / "report.pdf"
    call_command(
        "grant-report", "--period", q1.label, "--language", "ru", "--format", "pdf", "--output", str(pdf)
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_who_may_open_the_report_pages(staff, client_as):
    from isenim.core.access import ROLE_PERMISSIONS, Perm
    from isenim.grants.tests.url_samples import _report_samples

    samples = _report_samples(staff)
    needs = dict.fromkeys(samples, Perm.VIEW_GRANTS)
    needs["grants:report_create"] = Perm.MANAGE_GRANTS
    for role in Role:
        if not staff.get(role):
            continue
        client = client_as(staff[role])
        for name, kwargs in samples.items():
            status = client.get(reverse(name, kwargs=kwargs)).status_code
            allowed = role in ROLE_PERMISSIONS[needs[name]]
            if name in ("grants:report_build", "grants:report_submit"):
                allowed = role in ROLE_PERMISSIONS[Perm.MANAGE_GRANTS]
                assert status == (405 if allowed else 404), (role, name, status)
            else:
                assert status == (200 if allowed else 404), (role, name, status)
