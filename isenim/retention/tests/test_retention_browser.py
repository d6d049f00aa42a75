"""The director's retention pages in a browser: the list due, the confirmation, the run, an erasure."""

import re

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from isenim.core.access import Role
from isenim.retention.models import Anonymisation, ErasureRequest
from isenim.retention.tests.helpers import LAST_NAME, closed_case, person_with_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_confirms_and_runs_then_decides_an_erasure(
    as_user, staff, settings, tmp_path, screenshot_dir
):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    settings.ISENIM_BACKUP_DIR = str(tmp_path / "backups")
    (tmp_path / "backups").mkdir()
    director = staff[Role.DIRECTOR]
    case, _consent, document = closed_case(staff)
    person, _ = person_with_form(director, last_name="Орынбаева")
    page = as_user(director)

    page.goto("/en/staff/retention/")
    page.screenshot(path=screenshot_dir / "hG-overview.png", full_page=True)
    page.get_by_role("link", name="Review and confirm").first.click()
    assert case.number in page.content() and LAST_NAME not in page.content()
    page.get_by_label("I understand").check()
    page.screenshot(path=screenshot_dir / "hG-due.png", full_page=True)
    page.get_by_role("button", name="Confirm the ticked records").click()
    page.wait_for_url(re.compile(r"/staff/retention/$"))
    page.get_by_role("button", name="Anonymise the confirmed records now").click()
    page.wait_for_url(re.compile(r"/staff/retention/$"))
    assert "Anonymised: 1." in page.content()
    assert Anonymisation.objects.get(record_type="cases.case").state == "done"
    assert not (tmp_path / "vault" / document.vault_name).exists()

    page.get_by_role("button", name="Record a request").click()
    page.get_by_label("Code of the person's record").fill(person.code)
    page.get_by_label("Request received on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record", exact=True).click()
    # Deciding what is destroyed asks for the password again (docs/retention.md).
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/requests/\d+/$"))
    page.get_by_label("Refuse").check()
    page.get_by_label("Ground").select_option("legal_duty")
    page.get_by_label("Why").fill("Criminal proceedings are open.")
    page.screenshot(path=screenshot_dir / "hG-request.png", full_page=True)
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(re.compile(r"/requests/\d+/$"))
    page.screenshot(path=screenshot_dir / "hG-request-decided.png", full_page=True)
    assert ErasureRequest.objects.get().state == "refused"
    assert page.csp_violations == []
