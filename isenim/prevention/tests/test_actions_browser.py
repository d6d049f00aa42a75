"""An outreach action in a real browser on a phone (390 px wide), as the prevention officer: the action at
a bazaar is planned, its sheet downloaded, the count entered from the sheet (an implausible crowd asks for a
confirmation first), flyers drawn from stock, and a walk-in at the action registered as an appeal linked
to it."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import make_staff, sign_in
from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.prevention.models import AppealSource, OutreachAction
from isenim.prevention.tests.action_helpers import EDITION_TITLE, edition_in_stock, places

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
BAZAAR = "Шымбай орайлық базары"


def shot(page, folder, name):
    page.screenshot(path=folder / f"prevention-action-{name}.png", full_page=True)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_action_at_a_bazaar_on_a_phone(page, screenshot_dir):
    officer = make_staff(Role.PREVENTION_OFFICER, "erlan")
    director = make_staff(Role.DIRECTOR, "dilnoza")
    district, assembly, *_others = places()
    flyer = edition_in_stock({Role.PREVENTION_OFFICER: officer, Role.DIRECTOR: director}, quantity=400)
    yesterday = timezone.localdate() - timedelta(days=1)

    page.set_viewport_size(PHONE)
    sign_in(page, officer)

    # 1. The action is planned: a bazaar in Shymbay, its assembly chosen once the district is.
    page.goto("/en/staff/prevention/actions/new/")
    page.locator("#id_place_type").select_option("bazaar")
    page.locator("#id_place_name").fill(BAZAAR)
    page.locator("#id_district").select_option(str(district.pk))
    page.wait_for_selector(f"#id_assembly option[value='{assembly.pk}']", state="attached")
    page.locator("#id_assembly").select_option(str(assembly.pk))
    page.locator("#id_day").fill(yesterday.isoformat())
    page.locator("#id_starts").fill("10:00")
    page.locator("#id_ends").fill("09:00")
    page.locator("main form button[type=submit]").click()
    # An end before the start: refused, with what was typed kept.
    assert "cannot end before it starts" in page.locator("main").inner_text()
    assert page.locator("#id_place_name").input_value() == BAZAAR
    page.locator("#id_ends").fill("13:00")
    shot(page, screenshot_dir, "1-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/prevention/actions/\d+/$"))
    action = OutreachAction.objects.get()
    assert (action.district, action.assembly, list(action.staff.all())) == (district, assembly, [officer])
    assert fits_the_screen(page)
    shot(page, screenshot_dir, "2-page")

    # 2. The sheet is downloaded to print.
    with page.expect_download() as download_info:
        page.get_by_test_id("sheet").click()
    content = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Outreach action sheet" in text and BAZAAR in text

    # 3. The count is entered from the sheet: too large a crowd first asks for a confirmation.
    page.get_by_test_id("enter-tally").click()
    page.wait_for_url(re.compile(r"/tally/$"))
    assert fits_the_screen(page)
    page.locator("#id_f_18_29").fill("2500")
    page.locator("#id_m_18_29").fill("900")
    page.locator("#id_consultations").fill("6")
    page.locator("main form button[type=submit]").click()
    confirm = page.get_by_test_id("confirm-large")
    assert "more than one action usually reaches" in confirm.inner_text()
    assert page.locator("#id_f_18_29").input_value() == "2500"
    page.locator("#id_f_18_29").fill("25")  # the sheet says 25: an extra zero was typed
    page.locator("#id_m_30_49").fill("17")
    shot(page, screenshot_dir, "3-tally")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/prevention/actions/\d+/$"))
    assert page.get_by_test_id("reach-total").inner_text().startswith("942")
    action.refresh_from_db()
    assert (action.reach_total, action.consultations) == (942, 6)

    # 4. Flyers drawn from stock for the action.
    page.get_by_test_id("draw-materials").click()
    page.locator("#id_edition_0").select_option(str(flyer.pk))
    page.locator("#id_quantity_0").fill("150")
    shot(page, screenshot_dir, "4-materials")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/prevention/actions/\d+/$"))
    assert EDITION_TITLE in page.get_by_test_id("materials").inner_text()
    flyer.refresh_from_db()
    assert flyer.on_hand == 250

    # 5. Someone who asked for help at the bazaar: an anonymous appeal linked to the action.
    page.get_by_test_id("register-appeal").click()
    page.wait_for_url(re.compile(rf"/staff/appeals/new/\?action={action.pk}$"))
    assert page.locator("#id_channel").input_value() == "outreach"
    assert page.locator("#id_heard_through").input_value() == f"action:{action.pk}"
    page.locator("input[name=appellant][value=anonymous]").check()
    page.locator("#id_category").select_option("pre_departure")
    shot(page, screenshot_dir, "5-appeal")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/staff/appeals/new/$"))
    appeal = Appeal.objects.get()
    source = AppealSource.objects.get()
    assert (source.appeal, source.action) == (appeal, action) and appeal.channel == "outreach"

    # The action page counts it without showing it: one appeal is "fewer than 5".
    page.goto(f"/en/staff/prevention/actions/{action.pk}/")
    assert page.get_by_test_id("appeals-brought").inner_text() == "fewer than 5"
    assert appeal.code not in page.locator("main").inner_text()
    shot(page, screenshot_dir, "6-done")

    # The list and the calendar fit a phone: the month is a day-by-day list there, a grid on a desktop.
    page.goto("/en/staff/prevention/actions/")
    assert BAZAAR in page.get_by_test_id("actions").inner_text() and fits_the_screen(page)
    page.goto(f"/en/staff/prevention/actions/calendar/?month={yesterday:%Y-%m}")
    assert page.get_by_test_id("calendar-days").is_visible()
    assert not page.get_by_test_id("calendar-grid").is_visible()
    assert BAZAAR in page.get_by_test_id("calendar-days").inner_text() and fits_the_screen(page)
    shot(page, screenshot_dir, "7-calendar-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.get_by_test_id("calendar-grid").is_visible()
    assert not page.get_by_test_id("calendar-days").is_visible()
    shot(page, screenshot_dir, "8-calendar-desktop")
    assert not page.csp_violations
