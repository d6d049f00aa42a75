"""The M&E officer imports a CTDC file in the browser, reads the rejection report and opens the analysis."""

import pytest

from isenim.comparison.tests.helpers import ctdc_rows, write_csv
from isenim.core.access import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_import_a_file_and_read_its_report(tmp_path, staff, as_user, screenshot_dir):
    data = ctdc_rows(120)
    data[5]["gender"] = "F"
    data[9]["typeOfExploitConcatenated"] = "=1+1"
    path = write_csv(tmp_path / "ctdc-2021.csv", data)
    page = as_user(staff[Role.ME_OFFICER])
    page.goto("/en/staff/comparison/")
    form = page.get_by_test_id("comparison-import")
    form.get_by_label("File").set_input_files(str(path))
    form.locator("input[name=name]").fill("ctdc-2021")
    form.locator("input[name=title]").fill("CTDC global dataset (test)")
    form.get_by_role("button", name="Import").click()
    page.wait_for_url("**/staff/comparison/ctdc-2021/")
    assert page.get_by_test_id("rows-imported").inner_text() == "118"
    assert page.get_by_test_id("rows-rejected").inner_text() == "2"
    report = page.get_by_test_id("rejections").inner_text()
    assert "gender is “F”" in report and "formula" in report
    page.screenshot(path=screenshot_dir / "hF-comparison-detail.png", full_page=True)
    page.goto("/en/staff/comparison/")
    page.screenshot(path=screenshot_dir / "hF-comparison-list.png", full_page=True)
    page.goto("/en/staff/comparison/ctdc-2021/")
    page.get_by_test_id("comparison-delete").click()  # the page saying what will be deleted
    page.wait_for_url("**/staff/comparison/ctdc-2021/delete/")
    assert "comparison:ctdc-2021" in page.get_by_test_id("to-delete").inner_text()
    page.screenshot(path=screenshot_dir / "hF2-comparison-delete.png", full_page=True)
    page.get_by_role("button", name="Delete this dataset").click()  # the box not ticked: the browser stops it
    assert page.url.endswith("/staff/comparison/ctdc-2021/delete/")
    page.get_by_label("Yes, delete this dataset").check()
    page.get_by_role("button", name="Delete this dataset").click()
    page.wait_for_url("**/staff/comparison/")
    assert "ctdc-2021 deleted." in page.content()
    assert not page.csp_violations
