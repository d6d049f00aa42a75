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
