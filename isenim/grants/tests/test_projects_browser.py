"""The state-grant project in a real browser, as the M&E officer: the menu leads to the project, whose page
shows coverage 9/11 with Арал and Жайҳун named; a meeting recorded in Арал (attendance from the printed
sheet: cells that do not add up to its total refused, what was typed kept) moves coverage to 10/11."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import STAFF_NAMES, make_staff, sign_in
from isenim.core.access import Role
from isenim.grants.communities import STATE_GRANT_MET
from isenim.grants.models import Meeting
from isenim.grants.services.meetings import MeetingData, meeting_create
from isenim.grants.tests.helpers import sample_project, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, folder, name):
    page.screenshot(path=folder / f"grants-project-{name}.png", full_page=True)


def test_coverage_moves_from_nine_to_ten_of_eleven(page, screenshot_dir):
    staff = {
        role: make_staff(role, STAFF_NAMES[role])
        for role in (Role.DIRECTOR, Role.ME_OFFICER, Role.PREVENTION_OFFICER)
    }
    officer = staff[Role.ME_OFFICER]
    project = sample_project(staff)
    day = max(project.starts_on, timezone.localdate() - timedelta(days=5))
    for code in STATE_GRANT_MET:
        meeting_create(
            actor=staff[Role.PREVENTION_OFFICER],
            project=project,
            data=MeetingData(held_on=day, assembly=unit(code), venue="Клуб"),
        )
    aral = unit("23050001")

    sign_in(page, officer)
    page.get_by_role("link", name="Grant projects").first.click()
    page.get_by_role("link", name=project.title).click()
    page.wait_for_url(re.compile(rf"/staff/grants/{project.pk}/$"))
    assert page.get_by_test_id("coverage-figure").inner_text() == "9/11"
    missing = page.get_by_test_id("coverage-missing").inner_text()
    assert "Aral" in missing and "Jayhun" in missing  # the reference data's names in the reader's language
    shot(page, screenshot_dir, "1-nine-of-eleven")

    # A meeting in Арал, the tenth assembly.
    page.get_by_test_id("meeting-create").first.click()
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.locator("#id_district").select_option(str(aral.parent_id))
    page.wait_for_selector(f"#id_assembly option[value='{aral.pk}']", state="attached")
    page.locator("#id_assembly").select_option(str(aral.pk))
    page.locator("#id_venue").fill("Арал МПЖ имараты")
    page.get_by_label("Қәўипсиз миграция").check()
    page.locator("#id_questions_raised").fill("Шартнаманы қалай тексериў керек?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/grants/meetings/\d+/$"))
    meeting = Meeting.objects.get(assembly=aral)
    assert [t.name for t in meeting.topics.all()] == ["Қәўипсиз миграция"]

    # The sheet to print.
    with page.expect_download() as download_info:
        page.get_by_test_id("sheet").click()
    text = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes())).pages[0].extract_text()
    assert "Aral" in text and "Attendance sheet" in text

    # The attendance from the sheet: a total that the cells do not add up to is refused, the cells kept.
    page.get_by_test_id("enter-attendance").click()
    page.locator("#id_f_18_29").fill("12")
    page.locator("#id_m_30_49").fill("9")
    page.locator("#id_total").fill("20")
    page.locator("main form button[type=submit]").click()
    assert "add up to 21, not 20" in page.locator("main").inner_text()
    assert page.locator("#id_f_18_29").input_value() == "12"
    page.locator("#id_total").fill("21")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/grants/meetings/{meeting.pk}/$"))
    assert page.get_by_test_id("attendance-total").inner_text().startswith("21")

    # Coverage 10/11: only Жайҳун is missing.
    page.goto(f"/en/staff/grants/{project.pk}/")
    assert page.get_by_test_id("coverage-figure").inner_text() == "10/11"
    missing = page.get_by_test_id("coverage-missing").inner_text()
    assert "Jayhun" in missing and "Aral" not in missing
    # In Karakalpak, the default language, the same with the Karakalpak names.
    page.goto(f"/staff/grants/{project.pk}/")
    assert page.get_by_test_id("coverage-figure").inner_text() == "10/11"
    assert "Жайҳун" in page.get_by_test_id("coverage-missing").inner_text()
    shot(page, screenshot_dir, "2-ten-of-eleven")
    assert page.csp_violations == []
