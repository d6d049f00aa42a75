"""Materials and stock in a real browser: the prevention officer on a phone (390 px) adds a flyer, drafts
two editions (a design file that is not what its name says is refused, what was typed kept), the director
at her desk approves them, and the officer records a print run, copies left at a hospital (more than is
there is refused) and a write-off that brings the low-stock warning."""

import re

import pytest

from conftest import make_staff, sign_in
from isenim.core.access import Role
from isenim.prevention.choices import ReviewState
from isenim.prevention.models import Edition, Material
from isenim.prevention.tests.materials_helpers import SAMPLE_PDF, SAMPLE_PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "Шет елде жумыс: алдын ала билиң"


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shot(page, folder, name):
    page.screenshot(path=folder / f"prevention-materials-{name}.png", full_page=True)


def upload(page, name: str, content: bytes, mime: str) -> None:
    page.locator("#id_design").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": content}])


def submit(page):
    page.locator("main form[method=post] button[type=submit]").first.click()


def test_a_flyer_in_two_editions_approved_printed_and_handed_out(page, as_user, screenshot_dir):
    officer = make_staff(Role.PREVENTION_OFFICER, "erlan")
    director = make_staff(Role.DIRECTOR, "dilnoza")
    page.set_viewport_size(PHONE)
    sign_in(page, officer)

    # 1. The flyer.
    page.goto("/en/staff/prevention/materials/new/")
    page.locator("#id_kind").select_option("flyer")
    page.locator("#id_title").fill(TITLE)
    submit(page)
    page.wait_for_url(re.compile(r"/staff/prevention/materials/\d+/$"))
    flyer = Material.objects.get()
    assert fits_the_screen(page)

    # 2. Its Karakalpak edition: a PNG named .pdf is refused, the threshold typed is kept.
    page.get_by_role("button", name="Draft a new edition").click()
    page.locator("#id_language").select_option("kaa")
    page.locator("#id_low_stock_threshold").fill("300")
    upload(page, "flyer-kaa.pdf", SAMPLE_PNG, "application/pdf")
    submit(page)
    assert "named .pdf but it is a PNG file" in page.locator("main").inner_text()
    assert page.locator("#id_low_stock_threshold").input_value() == "300"
    assert not Edition.objects.exists()
    shot(page, screenshot_dir, "1-refused")
    upload(page, "flyer-kaa.pdf", SAMPLE_PDF, "application/pdf")
    submit(page)
    page.wait_for_url(re.compile(r"/staff/prevention/editions/\d+/$"))
    kaa = Edition.objects.get()
    assert page.get_by_test_id("edition-state").inner_text() == "Draft"
    assert page.get_by_role("button", name="Review and approve").count() == 0  # never one's own draft
    assert fits_the_screen(page)

    # 3. The Russian edition.
    page.goto(f"/en/staff/prevention/materials/{flyer.pk}/editions/new/")
    page.locator("#id_language").select_option("ru")
    upload(page, "flyer-ru.pdf", SAMPLE_PDF, "application/pdf")
    submit(page)
    page.wait_for_url(re.compile(r"/staff/prevention/editions/\d+/$"))

    # 4. The director approves both, from the list of what waits.
    desk = as_user(director)
    for _edition in range(2):
        desk.goto("/en/staff/prevention/editions/waiting/")
        desk.get_by_test_id("waiting").get_by_role("link", name=TITLE).first.click()
        desk.wait_for_url(re.compile(r"/review/$"))
        desk.get_by_role("button", name="Approve this version").click()
        desk.wait_for_url(re.compile(r"/staff/prevention/editions/\d+/$"))
    assert set(Edition.objects.values_list("state", flat=True)) == {ReviewState.APPROVED}
    assert not desk.csp_violations

    # 5. A print run of the Karakalpak edition.
    page.goto(f"/en/staff/prevention/editions/{kaa.pk}/")
    page.get_by_role("button", name="Record a print run").click()
    page.locator("#id_printer").fill("Qaraqalpaqstan baspasi")
    page.locator("#id_quantity").fill("1000")
    page.locator("#id_unit_cost_uzs").fill("700")
    submit(page)
    page.wait_for_url(re.compile(r"/staff/prevention/editions/\d+/$"))
    assert page.get_by_test_id("on-hand").inner_text().startswith("1000 copies on hand")

    # 6. Copies left at a hospital: more than there is is refused, saying how many there are.
    page.get_by_role("button", name="Copies out, written off or returned").click()
    page.locator("#id_kind").select_option("to_point")
    page.locator("#id_quantity").fill("1200")
    page.locator("#id_distribution_point").fill("Нөкис қалалық емханасы")
    submit(page)
    assert "Only 1000 copies of" in page.locator("main").inner_text()
    assert page.locator("#id_distribution_point").input_value() == "Нөкис қалалық емханасы"
    shot(page, screenshot_dir, "2-too-many")
    page.locator("#id_quantity").fill("400")
    submit(page)
    page.wait_for_url(re.compile(r"/staff/prevention/editions/\d+/$"))

    # 7. A write-off (with its reason) takes the stock below the threshold: the stock page warns.
    page.get_by_role("button", name="Copies out, written off or returned").click()
    page.locator("#id_kind").select_option("write_off")
    page.locator("#id_quantity").fill("350")
    page.locator("#id_note").fill("Жаўында ығаллы болды")
    submit(page)
    page.wait_for_url(re.compile(r"/staff/prevention/editions/\d+/$"))
    page.goto("/en/staff/prevention/stock/")
    assert TITLE in page.get_by_test_id("low-stock").inner_text()
    assert "1,750" in page.get_by_test_id("balances").inner_text() or "1750" in page.get_by_test_id(
        "balances"
    ).inner_text().replace("\u00a0", "")
    assert fits_the_screen(page)
    shot(page, screenshot_dir, "3-stock")
    kaa.refresh_from_db()
    assert kaa.on_hand == 250
    assert not page.csp_violations
