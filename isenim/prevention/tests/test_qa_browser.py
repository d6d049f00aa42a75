"""At a desktop, a word or a sum in a prevention table is never cut in the middle (QA found "Approve|d" in
the stock table's review column and "48000|00", "Chan|ge" in the placements table)."""

import pytest

from conftest import make_staff, sign_in
from isenim.core.access import Role
from isenim.prevention.tests.campaign_helpers import flyer, sample_campaign, sample_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The lines an element's text takes: a text that wraps has more than one box.
LINES = (
    "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
)


def test_words_and_sums_in_prevention_tables_stay_whole(page):
    officer = make_staff(Role.PREVENTION_OFFICER, "qa-aygul")
    staff = {Role.PREVENTION_OFFICER: officer, Role.DIRECTOR: make_staff(Role.DIRECTOR, "qa-dilnoza")}
    campaign = sample_campaign(staff)
    for number in range(3):
        sample_placement(
            staff,
            campaign,
            operator=f"Nukus city buses and trolleybuses, depot {number}",
            programme_or_route="Routes 12, 27, 31 and 44 through the central bazaar and the railway station",
            cost_uzs=4_800_000,
            stated_reach=60_000,
        )
    flyer(staff, copies=1000)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, officer)

    page.goto("/en/staff/prevention/placements/")
    row = page.get_by_test_id("placement-row").first
    assert row.locator("td.number").first.inner_text() == "4\u00a0800\u00a0000"
    assert row.locator("td.number").first.evaluate(LINES) == 1
    assert row.get_by_role("link", name="Change").evaluate(LINES) == 1

    page.goto("/en/staff/prevention/stock/")
    state = page.locator("main table tbody tr").first.locator("strong")
    assert state.inner_text() == "Approved"
    assert state.evaluate(LINES) == 1
