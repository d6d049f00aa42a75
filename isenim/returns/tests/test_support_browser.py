"""Two journeys in a real browser: a pre-departure consultation with its memo printed in the person's
language; a return home with a certificate of return that expires too soon, then handed over."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import sign_in
from isenim.cases.models import IdentityDocument
from isenim.core.access import Role
from isenim.core.models import AccessEvent
from isenim.guide.models import Consultation
from isenim.returns.models import DocumentApplication, ReturnStep
from isenim.returns.tests.helpers import GUIDE_BODY, UNVERIFIED_ADDRESS, case_of, guide_for, kazakhstan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _iso(day) -> str:
    return day.isoformat()


def test_a_caseworker_records_a_consultation_and_prints_the_memo(page, staff, screenshot_dir, tmp_path):
    case = case_of(staff)
    country = kazakhstan()
    guide_for(country)
    manager = staff[Role.CASE_MANAGER]
    sign_in(page, manager)
    page.goto(f"/en/staff/cases/{case.number}/#consultations")
    page.get_by_role("button", name="Record a pre-departure consultation").click()
    page.locator("#id_destination").select_option(str(country.pk))
    page.locator("#id_consulted_on").fill(_iso(timezone.localdate() - timedelta(days=1)))
    page.locator("#id_offer_source").select_option("agency")
    page.locator("#id_job_offered").fill("Construction site in Astana, 600 USD a month")
    page.locator("#id_offered_by").fill("Agency Sapar Tour")
    for box in ("contract_seen", "employer_checked", "registration_explained", "contacts_saved"):
        page.locator(f"#id_{box}").check()
    page.get_by_label("Registration deadlines").check()
    page.get_by_label("Common deceptions").check()
    page.screenshot(path=screenshot_dir / "support-consultation-1-form.png", full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))
    consultation = Consultation.objects.get()
    assert consultation.topics == ["registration", "deceptions"] and consultation.service.service_type.code
    section = page.locator("#consultations")
    assert "Construction site in Astana" in section.inner_text()
    section.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "support-consultation-2-recorded.png", full_page=True)

    section.locator("select[name=lang]").select_option("ru")
    with page.expect_download() as download_info:
        section.get_by_test_id("memo-print").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.name.endswith("-ru.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages).split()
    )
    assert GUIDE_BODY["ru"] in text and "Жумабаева" in text and UNVERIFIED_ADDRESS not in text
    assert AccessEvent.objects.filter(kind="download", detail__startswith="consultation memo").exists()
    page.screenshot(path=screenshot_dir / "support-consultation-3-memo-printed.png", full_page=True)
    assert page.csp_violations == []


def test_a_return_with_a_certificate_of_return(page, staff, screenshot_dir):
    from isenim.guide.models import Mission

    case = case_of(staff)
    country = kazakhstan()
    mission = Mission.objects.create(country=country, kind="embassy", name_kaa="Астана", name_en="Astana")
    lawyer = staff[Role.LAWYER]
    today = timezone.localdate()
    sign_in(page, lawyer)
    page.goto(f"/en/staff/cases/{case.number}/#return")
    page.locator("#return").get_by_role("link", name="Plan the return").click()
    page.locator("#id_from_country").select_option(str(country.pk))
    page.locator("#id_planned_travel_on").fill(_iso(today + timedelta(days=20)))
    page.screenshot(path=screenshot_dir / "support-return-1-plan.png", full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))

    page.get_by_role("button", name="Record a return step").click()
    page.locator("#id_kind").select_option("consulate_contact")
    page.locator("#id_done_on").fill(_iso(today - timedelta(days=3)))
    page.locator("#id_cost_uzs").fill("50000")
    page.locator("#id_note").fill("Called the embassy hotline; appointment given")
    page.screenshot(path=screenshot_dir / "support-return-2-step.png", full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))
    assert ReturnStep.objects.filter(case=case, kind="consulate_contact").exists()

    page.get_by_role("button", name="Apply for a document").click()
    page.locator("#id_doc_type").select_option("return_certificate")
    page.locator("#id_mission").select_option(str(mission.pk))
    page.locator("#id_applied_on").fill(_iso(today - timedelta(days=2)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))
    application = DocumentApplication.objects.get()
    assert application.status == "submitted"

    page.get_by_test_id("application-move").click()
    page.locator("#id_to_status").select_option("issued")
    page.locator("#id_on").fill(_iso(today - timedelta(days=1)))
    page.locator("#id_number").fill("RC 0042917")
    page.locator("#id_valid_from").fill(_iso(today - timedelta(days=1)))
    page.locator("#id_valid_until").fill(_iso(today + timedelta(days=10)))  # before the planned travel
    page.screenshot(path=screenshot_dir / "support-return-3-issued-form.png", full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))
    warning = page.get_by_test_id("expiry-warning")
    assert warning.is_visible() and "may expire before the person crosses the border" in warning.inner_text()
    page.locator("#document-applications").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "support-return-4-expiry-warning.png", full_page=True)

    page.get_by_test_id("application-hand-over").click()
    page.locator("#id_on").fill(_iso(today))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.number}/"))
    assert (
        IdentityDocument.objects.get(person=case.person, doc_type="return_certificate").status == "restored"
    )
    assert "Restored" in page.get_by_test_id("identity-return_certificate").inner_text()
    page.screenshot(path=screenshot_dir / "support-return-5-handed-over.png", full_page=True)
    assert page.csp_violations == []
