"""The M&E officer makes a release in a real browser: the form, then the release's page with its risk
report while the file downloads by itself."""

import re

import pytest

from conftest import TEST_PASSWORD, make_staff, sign_in
from isenim.core.access import Role
from isenim.exchange.models import Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def test_the_officer_makes_a_release_and_reads_its_risk_report(page, screenshot_dir):
    from isenim.exchange.tests.world import make_cases

    officer = make_staff(Role.ME_OFFICER, "olga")
    manager = make_staff(Role.CASE_MANAGER, "gulnara")
    make_cases({Role.CASE_MANAGER: manager}, [(2025, "F", 2000, "UZ", "RU", {"ind_debt_control": True})] * 12)
    make_cases({Role.CASE_MANAGER: manager}, [(2024, "M", 1980, "UZ", "KZ", {})] * 3)
    sign_in(page, officer)
    page.goto("/en/staff/exchange/")
    # Releasing the cases asks for the password again, as every export does.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/staff/exchange/$"))
    page.locator("#id_recipient").fill("IOM Counter Trafficking Data Collaborative")
    page.locator("#id_purpose").fill("Yearly contribution")
    page.locator("#id_k").fill("5")
    page.get_by_role("button", name="Make the file").click()
    assert "at least 11" in page.locator("main").inner_text()
    assert page.locator("#id_recipient").input_value() == "IOM Counter Trafficking Data Collaborative"
    page.screenshot(path=screenshot_dir / "hE-exchange-refused.png", full_page=True)

    page.locator("#id_k").fill("11")
    with page.expect_download() as download:
        page.get_by_role("button", name="Make the file").click()
        page.wait_for_url(re.compile(r"/staff/exchange/\d+/\?made=1$"))
    release = Release.objects.get()
    assert download.value.suggested_filename.endswith(f"-{release.pk}.csv")
    report = page.get_by_test_id("risk-report").inner_text()
    assert "Smallest group\t12" in report and "Cases left out (their group stayed under k)\t3" in report
    page.screenshot(path=screenshot_dir / "hE-exchange-release.png", full_page=True)
    page.goto("/en/staff/exchange/")
    assert "IOM Counter Trafficking" in page.get_by_test_id("releases").inner_text()
    page.screenshot(path=screenshot_dir / "hE-exchange-list.png", full_page=True)
    assert page.csp_violations == []
