"""The donor report's pages in a real browser at 1366 px, as the M&E officer, on a project built like the
demo's (a year from about ten months ago, 11 target assemblies, meetings in 9 of them in the last quarter
that has ended, a logframe computing meetings, residents and assemblies covered):

coverage 9/11 with Арал and Жайҳун named → a meeting recorded in Арал → 10/11 → the quarter's report made in
Karakalpak and in Russian (the background task: the immediate backend of the tests runs it in the request,
as in the other grants tests), its PDF and XLSX downloaded and read back (the numbers, Karakalpak letters)
→ submitted → a meeting entered late changes the frozen quarter's data → the correction made on the
indicator's page shows as revision 2, beside the frozen revision 1, and on the results table."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import STAFF_NAMES, _note_csp_violation, make_staff, sign_in
from isenim.core.access import Role
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.models import Indicator, IndicatorValue, Meeting, Report, ReportingPeriod
from isenim.grants.services.meetings import MeetingData, attendance_enter, meeting_create
from isenim.grants.tests.helpers import sample_project, unit
from isenim.grants.tests.logframe_helpers import indicator, logframe
from isenim.prevention.choices import TALLY_FIELDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARAL, JAYHUN = "23050001", "23050003"
WIDTH = 1366


@pytest.fixture
def wide_page(browser, live_server, settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: _note_csp_violation(page, msg.text))
    # Making the report's files runs in the request here (the tests' immediate task backend): on a busy
    # machine the PDF with its chart can take longer than Playwright's 30 s default.
    page.set_default_timeout(120_000)
    page.set_default_navigation_timeout(120_000)
    yield page
    context.close()


def shot(page, folder, name):
    page.screenshot(path=folder / f"grants-report-{name}.png", full_page=True)


def _demo_like(staff):
    """The project, its last ended quarter with a meeting (21 residents) in each of the 9 assemblies of the
    seed, and three computed indicators with the quarter's targets."""
    today = timezone.localdate()
    starts_on = (today - timedelta(days=300)).replace(day=1)
    project = sample_project(
        staff, code="demo-like", starts_on=starts_on, ends_on=starts_on + timedelta(days=364)
    )
    quarter = (
        ReportingPeriod.objects.filter(project=project, kind="quarter", ends_on__lt=today)
        .order_by("-starts_on")
        .first()
    )
    officer = staff[Role.PREVENTION_OFFICER]
    for i, code in enumerate(STATE_GRANT_MET):
        meeting = meeting_create(
            actor=officer,
            project=project,
            data=MeetingData(
                held_on=quarter.starts_on + timedelta(days=2 + i), assembly=unit(code), venue="Клуб"
            ),
        )
        counts = {**dict.fromkeys(TALLY_FIELDS, 0), "f_18_29": 12, "m_30_49": 9}
        attendance_enter(actor=officer, meeting=meeting, counts=counts, total=21)
    _goal, _outcome, output = logframe(staff, project)
    indicator(staff, output, "1.1.1", measure="grants.meetings_held", life_target=24, targets={quarter: 12})
    indicator(
        staff, output, "1.1.2", measure="grants.people_at_meetings", life_target=600, targets={quarter: 150}
    )
    indicator(
        staff,
        output,
        "1.1.3",
        measure="grants.assemblies_covered",
        measure_params={"to_date": True},
        life_target=11,
        targets={quarter: 9},
    )
    return project, quarter


def _download(page, test_id) -> bytes:
    with page.expect_download() as download_info:
        page.get_by_test_id(test_id).click()
    return Path(download_info.value.path()).read_bytes()


def _pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _make_report(page, project, quarter, language_label) -> Report:
    page.goto(f"/en/staff/grants/{project.pk}/")
    page.get_by_role("link", name="Donor reports").click()
    page.get_by_test_id("report-new").click()
    page.locator("#id_period").select_option(str(quarter.pk))
    page.locator("#id_language").select_option(label=language_label)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/grants/reports/\d+/$"))
    report = Report.objects.order_by("-pk").first()
    # "Make the PDF and XLSX" queues the background task; the page shows its progress, then the two files.
    page.get_by_test_id("report-build").click()
    page.get_by_test_id("report-pdf").wait_for()
    return report


def test_the_quarter_report_from_coverage_to_a_revision(wide_page, screenshot_dir):
    page = wide_page
    staff = {
        role: make_staff(role, STAFF_NAMES[role])
        for role in (Role.DIRECTOR, Role.ME_OFFICER, Role.PREVENTION_OFFICER)
    }
    project, quarter = _demo_like(staff)
    officer = staff[Role.ME_OFFICER]

    # The project: 9/11, Арал and Жайҳун named.
    sign_in(page, officer)
    page.get_by_role("link", name="Grant projects").first.click()
    page.get_by_role("link", name=project.title).click()
    page.wait_for_url(re.compile(rf"/staff/grants/{project.pk}/$"))
    assert page.get_by_test_id("coverage-figure").inner_text() == "9/11"
    missing = page.get_by_test_id("coverage-missing").inner_text()
    assert "Aral" in missing and "Jayhun" in missing
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    shot(page, screenshot_dir, "1-nine-of-eleven")

    # A meeting in Арал, the tenth assembly, in the quarter to report.
    aral = unit(ARAL)
    page.get_by_test_id("meeting-create").first.click()
    page.locator("#id_held_on").fill((quarter.starts_on + timedelta(days=20)).isoformat())
    page.locator("#id_district").select_option(str(aral.parent_id))
    page.wait_for_selector(f"#id_assembly option[value='{aral.pk}']", state="attached")
    page.locator("#id_assembly").select_option(str(aral.pk))
    page.locator("#id_venue").fill("Арал МПЖ имараты")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/grants/meetings/\d+/$"))
    assert Meeting.objects.filter(project=project, assembly=aral).count() == 1
    page.goto(f"/en/staff/grants/{project.pk}/")
    assert page.get_by_test_id("coverage-figure").inner_text() == "10/11"
    missing = page.get_by_test_id("coverage-missing").inner_text()
    assert "Jayhun" in missing and "Aral" not in missing
    shot(page, screenshot_dir, "2-ten-of-eleven")

    # The quarter's report in Karakalpak: PDF and XLSX read back.
    kaa = _make_report(page, project, quarter, "Karakalpak")
    assert page.get_by_test_id("report-language").inner_text() == "Karakalpak"
    shot(page, screenshot_dir, "3-report-built")
    text = _pdf_text(_download(page, "report-pdf"))
    assert "ў" in text and ("Ә" in text or "ә" in text)  # Karakalpak letters drawn, not dropped
    assert "Арал" in text and "Жайҳун" in text  # covered now, and the one still missing
    assert quarter.label in text
    lines = [line.strip() for line in text.splitlines()]
    assert any(re.search(r"\b10\b", line) for line in lines)  # meetings held: 10
    workbook = load_workbook(io.BytesIO(_download(page, "report-xlsx")), read_only=True)
    sheets = workbook.sheetnames
    by_code = {
        str(row[0]).split()[0]: row
        for row in list(workbook[sheets[1]].iter_rows(values_only=True))[1:]
        if row[0]
    }
    assert by_code["1.1.1"][3] == 10  # meetings held in the quarter
    assert by_code["1.1.2"][3] == 9 * 21  # residents at them (the Арал meeting has no attendance yet)
    assert by_code["1.1.3"][3] == 10  # assemblies covered so far
    coverage = " ".join(str(cell) for row in workbook[sheets[2]].iter_rows(values_only=True) for cell in row)
    assert "Арал" in coverage and "Жайҳун" in coverage

    # The same quarter in Russian.
    ru = _make_report(page, project, quarter, "Russian")
    assert page.get_by_test_id("report-language").inner_text() == "Russian"
    ru_text = _pdf_text(_download(page, "report-pdf"))
    assert quarter.label in ru_text and re.search("[А-Яа-я]{4}", ru_text), ru_text[:500]
    assert ru.pk != kaa.pk

    # Submit the Karakalpak report: the quarter's values are frozen.
    page.goto(f"/en/staff/grants/reports/{kaa.pk}/")
    page.get_by_test_id("report-submit").click()
    page.wait_for_url(re.compile(rf"/staff/grants/reports/{kaa.pk}/$"))
    assert page.get_by_test_id("report-state").inner_text().startswith("Submitted")
    meetings = Indicator.objects.get(node__project=project, code="1.1.1")
    frozen = IndicatorValue.objects.get(indicator=meetings, period=quarter)
    assert frozen.frozen and frozen.value == 10 and frozen.revision == 1

    # A meeting of the quarter entered late (Мойнақ again): the data now give 11, the report said 10.
    meeting_create(
        actor=staff[Role.PREVENTION_OFFICER],
        project=project,
        data=MeetingData(
            held_on=quarter.starts_on + timedelta(days=30), assembly=unit(STATE_GRANT_MET[1]), venue="Мектеп"
        ),
    )
    page.goto(f"/en/staff/grants/indicators/{meetings.pk}/")
    page.get_by_test_id("value-correct").click()
    page.locator("#id_period").select_option(str(quarter.pk))
    page.locator("#id_reason").fill("Ушырасыў кеш киргизилди (late entry)")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/grants/indicators/{meetings.pk}/$"))
    first = page.get_by_test_id(f"value-{quarter.label}-r1").inner_text()
    second = page.get_by_test_id(f"value-{quarter.label}-r2").inner_text()
    assert "10" in first and "11" in second and "late entry" in second
    shot(page, screenshot_dir, "4-revision")
    page.get_by_role("link", name="Targets and actuals").click()
    row = page.get_by_test_id("result-1.1.1").inner_text()
    assert "11" in row and "revision 2" in row
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    shot(page, screenshot_dir, "5-results")
    assert page.csp_violations == []
