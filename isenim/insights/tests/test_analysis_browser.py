"""The M&E officer in the browser: builds "main cause × home district, last 12 months", reads a small
count as "fewer than 5", saves the analysis, opens it again from the saved list, downloads it as XLSX (the
numbers at k=11); the page at 1366 and 390 px wide, never scrolling sideways on the phone."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_staff, sign_in
from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.insights.models import SavedView

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def districts():
    region = AdminUnit.objects.create(code="1735", level="region", name_kaa="Қарақалпақстан", name_en="QR")

    def district(code, kaa, en):
        return AdminUnit.objects.create(code=code, level="district", name_kaa=kaa, name_en=en, parent=region)

    return (
        district("1735222", "Мойнақ районы", "Moynaq district"),
        district("1735401", "Нөкис районы", "Nukus district"),
        district("1735215", "Қоңырат районы", "Kungrad district"),
    )


def appeals(n, *, cause, district, days_ago=30):
    day = timezone.localdate() - timedelta(days=days_ago)
    start = Appeal.objects.count()
    for i in range(n):
        Appeal.objects.create(
            code=f"B{start + i:06d}",
            received_on=day,
            channel="phone",
            category="other",
            cause=cause,
            anonymous=True,
            home_district=district,
        )


def width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_officer_builds_saves_reopens_and_exports_cause_by_district(page, screenshot_dir):
    officer = make_staff(Role.ME_OFFICER, "olga")
    moynaq, nukus, kungrad = districts()
    appeals(12, cause="no_legal_knowledge", district=moynaq)
    appeals(15, cause="no_legal_knowledge", district=nukus)
    appeals(6, cause="no_legal_knowledge", district=kungrad)
    appeals(14, cause="debt_bondage", district=moynaq)
    appeals(20, cause="debt_bondage", district=nukus)
    appeals(2, cause="debt_bondage", district=kungrad)  # fewer than 5
    appeals(9, cause="job_deception", district=kungrad)
    appeals(3, cause="job_deception", district=nukus, days_ago=500)  # before the last 12 months

    # 1. Build the analysis through the form (a GET: the address is the analysis).
    sign_in(page, officer)
    page.set_viewport_size(DESKTOP)
    page.goto("/en/staff/insights/analysis/")
    form = page.get_by_test_id("analysis-form")
    form.locator("#id_source").select_option("appeals")
    form.locator("#id_rows").select_option("cause")
    form.locator("#id_cols").select_option("home_district")
    form.locator("#id_period").select_option("last_12_months")
    page.get_by_test_id("analysis-show").click()
    page.wait_for_url(re.compile(r"rows=cause"))
    assert "cols=home_district" in page.url and "period=last_12_months" in page.url
    table = page.get_by_test_id("pivot-table")
    text = table.inner_text()
    assert "Lack of legal knowledge" in text and "Nukus district" in text
    assert "fewer than 5" in text  # debt bondage in Kungrad: 2
    row = table.locator("tbody tr", has_text="Lack of legal knowledge")
    assert "33" in row.inner_text()  # 12 + 15 + 6
    assert "Numbers from 1 to 4 are not shown" in page.locator("main").inner_text()
    assert page.locator("figure.chart img.chart-image").count() == 1
    page.screenshot(path=screenshot_dir / "insights-analysis-1366.png", full_page=True)
    assert width(page) <= DESKTOP["width"]

    # 2. Save it under a name; the same name again is refused with a message and kept.
    page.locator("#id_name").fill("Cause × district, last 12 months")
    page.get_by_test_id("save-analysis").click()
    page.wait_for_url(re.compile(r"/staff/insights/analysis/\?"))
    assert "saved" in page.locator("main").inner_text()
    page.locator("#id_name").fill("cause × district, LAST 12 months")
    page.get_by_test_id("save-analysis").click()
    assert "You already have a saved analysis named" in page.locator("main").inner_text()
    assert page.locator("#id_name").input_value() == "cause × district, LAST 12 months"
    assert SavedView.objects.filter(owner=officer).count() == 1

    # 3. Open it again from the list of saved analyses.
    page.goto("/en/staff/insights/saved/")
    page.get_by_role("link", name="Cause × district, last 12 months").click()
    page.wait_for_url(re.compile(r"rows=cause"))
    assert page.locator("#id_cols").input_value() == "home_district"
    assert "fewer than 5" in page.get_by_test_id("pivot-table").inner_text()

    # 4. Download the spreadsheet: counts under 11 are not shown in the file.
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).worksheets[0]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    legal = next(r for r in cells if r and r[0] == "Lack of legal knowledge")
    assert 15 in legal and "fewer than 11" in legal  # Nukus's 15 is shown, Kungrad's 6 is not
    numbers = [v for r in cells if r and r[0] in ("Lack of legal knowledge", "Debt bondage") for v in r]
    assert not [v for v in numbers if isinstance(v, int) and 0 < v < 11]
    assert any(r and r[0] == "Smallest count shown (k)" and r[1] == "11" for r in cells)

    # 5. The phone: the page does not scroll sideways; the table scrolls inside its own box.
    page.set_viewport_size(PHONE)
    page.reload()
    page.screenshot(path=screenshot_dir / "insights-analysis-390.png", full_page=True)
    assert width(page) <= PHONE["width"]
    box = page.locator(".pivot-scroll").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.csp_violations == []
