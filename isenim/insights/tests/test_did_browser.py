"""The M&E officer in the browser: compares a campaign's districts with the others (the estimate, the
chart, the table under disclosure control), then enters an official figure (a bad value first, kept as
typed) and imports a file with bad rows, and reads the figures beside the centre's series."""

from datetime import date

import pytest

from conftest import make_staff, sign_in
from isenim.core.access import Role
from isenim.insights.tests.test_did_campaign import START, districts, fill
from isenim.prevention.tests.campaign_helpers import sample_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_me_officer_compares_a_campaign_and_keeps_official_figures(page, screenshot_dir, tmp_path):
    me = make_staff(Role.ME_OFFICER, "olga")
    officer = make_staff(Role.PREVENTION_OFFICER, "aygul")
    units = districts()
    campaign = sample_campaign(
        {Role.PREVENTION_OFFICER: officer},
        name="Safe migration before the season",
        starts_on=START,
        ends_on=date(2025, 12, 31),
        target_districts=units[:2],
    )
    fill(units, base=[6, 9, 7, 12, 5, 8], effect=4, treated=units[:2], presumed_every=3)

    sign_in(page, me)
    page.goto("/en/staff/insights/campaigns/")
    page.get_by_role("link", name="Safe migration before the season").click()
    page.wait_for_url(f"**/campaigns/{campaign.pk}/")
    assert "Appeals measure help-seeking" in page.locator("[data-testid=help-seeking-note]").inner_text()
    estimate = page.locator("[data-testid=estimate-value]").inner_text()
    assert "4.00" in estimate and "95% interval" in estimate
    assert page.locator("[data-testid=compare-chart] img, [data-testid=compare-chart] svg").count() >= 1
    page.screenshot(path=screenshot_dir / "hD-campaign-compare.png", full_page=True)

    page.locator("#id_measure").select_option("presumed_victims")
    page.locator("#id_before").fill("6")
    page.locator("#id_after").fill("6")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**measure=presumed_victims**")
    assert page.locator("[data-testid=compare-table] tbody tr").count() == 12
    page.screenshot(path=screenshot_dir / "hD-campaign-compare-victims.png", full_page=True)

    # An official figure: a value that is not a number is refused and what was typed is kept.
    page.goto("/en/staff/insights/figures/")
    page.get_by_role("button", name="Enter a figure").click()
    page.locator("#id_region").select_option(label="ҚР")
    page.locator("#id_year").fill("2025")
    page.locator("#id_measure").select_option("victims_identified")
    page.locator("#id_value").fill("-4")
    page.locator("#id_source").fill("Regional prosecutor's annual report")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#id_source").input_value() == "Regional prosecutor's annual report"
    page.screenshot(path=screenshot_dir / "hD-figure-form-error.png", full_page=True)
    page.locator("#id_value").fill("17")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/staff/insights/figures/")

    csv = tmp_path / "figures.csv"
    csv.write_text(
        "region,year,measure,value,source\n1735,2024,victims_identified,12,Report\nAtlantis,2024,returned,3,Report\n",
        encoding="utf-8",
    )
    page.goto("/en/staff/insights/figures/import/")
    page.locator("#id_file").set_input_files(str(csv))
    page.get_by_role("button", name="Import").click()
    assert "Atlantis" in page.locator("[data-testid=rejected-rows]").inner_text()
    page.screenshot(path=screenshot_dir / "hD-figure-import.png", full_page=True)

    page.goto("/en/staff/insights/figures/?measure=victims_identified")
    table = page.locator("[data-testid=figures-by-region]").inner_text()
    assert "17" in table and "12" in table
    assert page.locator("[data-testid=centre-series]").count() == 1
    page.screenshot(path=screenshot_dir / "hD-figures.png", full_page=True)
    assert not page.csp_violations
