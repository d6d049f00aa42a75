"""The prevention officer at a desktop: plans a campaign with targets, adds a bus placement to it, and
reads the campaign page — targets against actuals (from actions and stock made here with the ORM and
move_stock) and the month-by-month chart — then the prevention dashboard."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff, sign_in
from isenim.core.access import Role
from isenim.prevention.models import Campaign, Placement
from isenim.prevention.tests.campaign_helpers import action, district, flyer, hand_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, folder, name):
    page.screenshot(path=folder / f"prevention-campaign-{name}.png", full_page=True)


def test_a_campaign_with_targets_a_bus_placement_and_its_page(page, screenshot_dir):
    officer = make_staff(Role.PREVENTION_OFFICER, "aygul")
    director = make_staff(Role.DIRECTOR, "dilnoza")
    staff = {Role.PREVENTION_OFFICER: officer, Role.DIRECTOR: director}
    district()
    today = timezone.localdate()
    start = today - timedelta(days=45)

    # 1. The campaign, with its targets; first with the end before the start (refused, kept as typed).
    sign_in(page, officer)
    page.goto("/en/staff/prevention/campaigns/")
    page.get_by_role("button", name="Plan a campaign").click()
    page.locator("#id_name").fill("Safe migration before the season")
    page.locator("#id_kind").select_option("pre_departure")
    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_ends_on").fill((start - timedelta(days=1)).isoformat())
    page.get_by_label("Нөкис районы").check()
    page.get_by_label("Labour migrants", exact=True).check()
    page.locator("#id_target_materials").fill("1000")
    page.locator("#id_target_people").fill("400")
    page.locator("#id_target_actions").fill("8")
    page.locator("#id_target_placements").fill("2")
    page.locator("main form button[type=submit]").click()
    assert "The campaign cannot end before it starts." in page.locator("main").inner_text()
    assert page.locator("#id_name").input_value() == "Safe migration before the season"
    assert page.locator("#id_target_people").input_value() == "400"
    page.locator("#id_ends_on").fill((today + timedelta(days=90)).isoformat())
    shot(page, screenshot_dir, "1-form")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/prevention/campaigns/\d+/$"))
    campaign = Campaign.objects.get()
    assert campaign.target_people == 400

    # 2. A bus placement from the campaign page.
    page.get_by_role("button", name="Add a media placement").click()
    page.locator("#id_kind").select_option("transport_poster")
    assert page.locator("#id_campaign").input_value() == str(campaign.pk)
    page.locator("#id_operator").fill("Nukus city buses")
    page.locator("#id_programme_or_route").fill("Route 12 and 27")
    page.locator("#id_starts_on").fill((today - timedelta(days=10)).isoformat())
    page.locator("#id_ends_on").fill((today + timedelta(days=20)).isoformat())
    page.locator("#id_vehicles").fill("24")
    page.locator("#id_cost_uzs").fill("4800000")
    page.locator("#id_stated_reach").fill("60000")
    shot(page, screenshot_dir, "2-placement")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/prevention/campaigns/{campaign.pk}/$"))
    assert Placement.objects.get().vehicles == 24

    # 3. Work done in the field (made here directly): two actions counted, copies handed out.
    edition = flyer(staff, campaign=campaign, copies=2000, unit_cost=700)
    first = action(staff, campaign, on=today - timedelta(days=35), reach=150)
    second = action(staff, campaign, on=today - timedelta(days=3), reach=50)
    hand_out(staff, edition, first, 300, today - timedelta(days=35))
    hand_out(staff, edition, second, 100, today - timedelta(days=3))

    # 4. The campaign page: targets against actuals, the chart and its figures, the placement.
    page.reload()
    assert page.get_by_test_id("actual-people").inner_text() == "200"
    assert page.get_by_test_id("percent-people").inner_text() == "50%"
    assert page.get_by_test_id("actual-materials").inner_text() == "400"
    assert page.get_by_test_id("percent-materials").inner_text() == "40%"
    assert page.get_by_test_id("actual-actions").inner_text() == "2"
    assert page.get_by_test_id("actual-placements").inner_text() == "1"
    assert "not counted in the people reached" in page.get_by_test_id("stated-reach").inner_text()
    chart = page.get_by_test_id("campaign-chart")
    assert chart.locator("img.chart-image").is_visible()
    # The image decodes (an SVG in a data: address, allowed by the CSP): it gets a width of its own
    page.wait_for_function("() => document.querySelector('img.chart-image').naturalWidth > 0")
    assert "150" in chart.locator("table").inner_text()  # the month of the first action: 150 people
    assert "Nukus city buses" in page.get_by_test_id("campaign-placements").inner_text()
    assert page.get_by_test_id("cost-per-person").inner_text() != "—"
    shot(page, screenshot_dir, "3-page")
    assert page.csp_violations == []

    # 5. The dashboard shows the running campaign against its targets.
    page.goto("/en/staff/prevention/")
    assert "Safe migration before the season" in page.get_by_test_id("running-campaigns").inner_text()
    shot(page, screenshot_dir, "4-dashboard")
    assert page.csp_violations == []
