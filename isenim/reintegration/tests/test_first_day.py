"""Issue 18 in reintegration and on the director's decision pages: the decision pages link to the case and
show why the trade was chosen."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from isenim.cases.services.cases import approval_request
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent
from isenim.reintegration.services.profile import ProfileData, profile_save
from isenim.reintegration.tests.helpers import carpenter, requested


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(staff):
    return sample_case(staff)


def test_the_tool_kit_decision_links_to_the_case_and_shows_the_trades_reason(client_as, staff, case):
    profile_save(
        actor=staff[Role.CASE_MANAGER],
        case=case,
        data=ProfileData(trade=carpenter(), trade_reason="Worked as a joiner in Almaty for three years"),
    )
    aid = requested(case, staff)
    page = client_as(staff[Role.DIRECTOR]).get(reverse("reintegration:request_decide", args=[aid.pk]))
    html = page.content.decode()
    assert f'href="{reverse("cases:case_detail", args=[case.number])}" data-testid="case-link"' in html
    assert "Worked as a joiner in Almaty for three years" in html
    assert AccessEvent.objects.filter(target_type="reintegration.vocationalprofile").exists()


def test_the_tool_kit_decision_says_when_no_reason_was_given(client_as, staff, case):
    aid = requested(case, staff)
    html = client_as(staff[Role.DIRECTOR]).get(reverse("reintegration:request_decide", args=[aid.pk]))
    assert "The vocational profile gives no reason." in html.content.decode()


def test_the_closure_decision_links_to_the_case(client_as, staff, case):
    approval = approval_request(
        actor=staff[Role.CASE_MANAGER], case=case, kind="closure", closure_reason="goals_met", summary="Done."
    )
    html = client_as(staff[Role.DIRECTOR]).get(reverse("cases:approval_decide", args=[approval.pk]))
    assert (
        f'href="{reverse("cases:case_detail", args=[case.number])}" data-testid="case-link"'
        in html.content.decode()
    )


def test_the_public_home_page_links_to_the_guide_and_to_ask_us(db):
    html = Client().get("/en/").content.decode()
    assert f'href="{reverse("public_guide:guide_index")}" data-testid="home-guide"' in html
    assert f'href="{reverse("public_guide:ask")}" role="button" data-testid="home-ask"' in html


def test_make_run_points_the_site_url_at_the_host_and_port_it_serves():
    root = Path(django_settings.BASE_DIR)
    out = subprocess.run(
        ["make", "-n", "-W", ".venv/.installed", "run", "HOST=127.0.0.1", "PORT=8123"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ISENIM_SITE_URL=http://127.0.0.1:8123 .venv/bin/isenim runserver 127.0.0.1:8123" in out


def test_a_tool_kit_request_without_a_funding_source_says_who_creates_one(client_as, staff, case):
    trade = carpenter()
    address = reverse("reintegration:request_create", args=[case.number]) + f"?trade={trade.pk}"
    page = client_as(staff[Role.CASE_MANAGER]).get(address).content.decode()
    assert (
        'data-testid="no-funding"' in page
        and "A director or an M&amp;E officer creates one" in page.replace("M&E", "M&amp;E")
    )
    assert reverse("reintegration:funding_create") not in page  # a case manager cannot create one
    page = client_as(staff[Role.DIRECTOR]).get(address).content.decode()
    assert reverse("reintegration:funding_create") in page


def test_the_follow_up_before_its_date_needs_a_reason(client_as, staff, case):
    from django.utils import timezone

    from isenim.reintegration.choices import INDICATOR_FIELDS
    from isenim.reintegration.models import FollowUp
    from isenim.reintegration.tests.helpers import handed_over

    aid = handed_over(case, staff)  # today: the 3-month follow-up falls due in three months
    client = client_as(staff[Role.CASE_MANAGER])
    address = reverse("reintegration:follow_up_create", args=[case.number])
    form = {
        "request": aid.pk,
        "months": "3",
        "done_on": timezone.localdate().isoformat(),
        "trade_worked": "yes",
        "remigration": "none",
        "notes": "Works at the bazaar",
        **dict.fromkeys(INDICATOR_FIELDS, "2"),
    }
    refused = client.post(address, form)
    assert refused.status_code == 200 and "say why it is recorded early" in refused.content.decode()
    assert "Works at the bazaar" in refused.content.decode() and not FollowUp.objects.exists()
    assert client.post(address, {**form, "early_reason": "Leaves for Kazakhstan"}).status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.notes == "Works at the bazaar\n\nRecorded before its date: Leaves for Kazakhstan"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+998 90 123-45-67", "+998901234567"),
        ("90 123 45 67", "+998901234567"),
        ("998 (61) 222 01 01", "+998612220101"),
        ("+7 701 234 56 78", "+77012345678"),
        ("0049 30 1234 5678", "+493012345678"),
    ],
)
def test_the_centre_contacts_store_phones_normalised(client_as, staff, typed, stored):
    from isenim.core.models import CentreContacts

    client = client_as(staff[Role.DIRECTOR])
    response = client.post(reverse("portal:contacts_edit"), {"phone": typed, "hotline": "1146", "email": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    contacts = CentreContacts.current()
    assert (contacts.phone, contacts.hotline) == (stored, "1146")


@pytest.mark.parametrize("typed", ["12345", "+998 90 abc 45 67", "1" * 16, "call me"])
def test_a_staff_form_refuses_what_is_not_a_phone_and_keeps_it(client_as, staff, typed):
    client = client_as(staff[Role.DIRECTOR])
    response = client.post(reverse("portal:contacts_edit"), {"phone": typed, "hotline": "", "email": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "9 to 15 digits" in page and typed.replace("+", "+") in page


def test_the_intake_and_the_hotline_forms_check_phones_as_ask_does(client_as, staff):
    from isenim.appeals.forms import AppellantForm
    from isenim.guide.forms.items import HotlineForm

    form = HotlineForm(data={"name_kaa": "Полиция", "phone": "10 2", "source": "x", "order": 0})
    assert not form.is_valid() and "a short number of 3 to 6 digits" in str(form.errors["phone"])
    form = HotlineForm(data={"name_kaa": "Полиция", "phone": "102", "source": "x", "order": 0})
    form.is_valid()
    assert "phone" not in form.errors and form.cleaned_data["phone"] == "102"
    form = AppellantForm(data={"phone": "91 234 56 78"}, user=staff[Role.INTAKE_OPERATOR])
    form.is_valid()
    assert form.cleaned_data.get("phone") == "+998912345678"
    form = AppellantForm(data={"phone": "phone me"}, user=staff[Role.INTAKE_OPERATOR])
    assert not form.is_valid() and "9 to 15 digits" in str(form.errors["phone"])
