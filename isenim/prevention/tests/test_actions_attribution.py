"""Where appeals come from: the appeal form's optional "heard of us through" (a campaign, an action, a
placement or a material), saved as prevention's AppealSource inside the appeal's transaction through the
appeals floor's extension hook; "register an appeal from this action"; the action page's count of the
appeals it brought, through the disclosure layer only."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.choices import Channel
from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.prevention.models import AppealSource, Campaign, Placement
from isenim.prevention.services.attribution import set_appeal_source
from isenim.prevention.tests.action_helpers import edition_in_stock, sample_action

pytestmark = pytest.mark.django_db


def shown(response) -> str:
    return html.unescape(response.content.decode())


def create_url(**query) -> str:
    with translation.override("en"):
        address = reverse("appeals:appeal_create")
    return address + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def anonymous_appeal(**changes) -> dict:
    values = {
        "received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "channel": Channel.OUTREACH,
        "appellant": "anonymous",
        "sex": "U",
        "category": "pre_departure",
        "heard_about": "outreach_action",
        "heard_about_note": "",
        "narrative": "",
    }
    values.update(changes)
    return values


@pytest.fixture
def drive(staff):
    today = timezone.localdate()
    return Campaign.objects.create(
        name="Жазғы мигрантлар",
        kind="pre_departure",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
        created_by=staff[Role.PREVENTION_OFFICER],
    )


def test_the_action_page_opens_the_intake_form_with_the_channel_and_the_action(client, staff, drive):
    action = sample_action(staff, campaign=drive)
    client.force_login(staff[Role.PREVENTION_OFFICER])
    with translation.override("en"):
        page = shown(client.get(reverse("prevention:action_detail", kwargs={"pk": action.pk})))
    assert f"?action={action.pk}" in page and "Register an appeal from this action" in page
    form = shown(client.get(create_url(action=action.pk)))
    assert '<option value="outreach" selected>' in form
    assert f'<option value="action:{action.pk}" selected>' in form
    # A malformed or unknown action is ignored: the form opens as usual.
    for hostile in ("abc", "99999999999999999999999", "-1", str(action.pk + 1000)):
        response = client.get(create_url(action=hostile))
        assert response.status_code == 200 and "selected>Outreach" not in shown(response)


def test_an_appeal_registered_from_an_action_is_linked_to_it_and_its_campaign(client, staff, drive):
    action = sample_action(staff, campaign=drive)
    client.force_login(staff[Role.PREVENTION_OFFICER])
    response = client.post(create_url(), anonymous_appeal(heard_through=f"action:{action.pk}"))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    source = AppealSource.objects.get()
    assert (source.appeal, source.action, source.campaign) == (appeal, action, drive)
    assert source.received_on == appeal.received_on and appeal.anonymous
    event = AuditEvent.objects.get(action="appeal_source.set")
    assert event.after == {
        "campaign_id": drive.pk,
        "action_id": action.pk,
        "placement_id": None,
        "edition_id": None,
    }
    # A caseworker reading the appeal sees where it was heard of.
    client.force_login(staff[Role.DIRECTOR])
    with translation.override("en"):
        page = shown(client.get(reverse("appeals:appeal_detail", kwargs={"code": appeal.code})))
    assert "Heard of us through" in page and "Outreach action:" in page and action.place_name in page
    assert "campaign Жазғы мигрантлар" in page


def test_the_choice_is_optional_and_nothing_is_recorded_without_it(client, staff):
    client.force_login(staff[Role.INTAKE_OPERATOR])
    assert client.post(create_url(), anonymous_appeal(channel="walk_in")).status_code == 302
    assert Appeal.objects.count() == 1 and not AppealSource.objects.exists()


def test_a_placement_or_a_material_brings_its_campaign(staff, drive):
    officer = staff[Role.PREVENTION_OFFICER]
    today = timezone.localdate()
    bus = Placement.objects.create(
        campaign=drive,
        kind="transport_poster",
        operator="Нөкис автобус паркі",
        starts_on=today,
        ends_on=today,
        created_by=officer,
    )
    flyer = edition_in_stock(staff)
    flyer.material.campaign = drive
    flyer.material.save()
    first, second = (
        Appeal.objects.create(
            code=f"APL-T-{n}", received_on=today, channel="phone", category="other", anonymous=True
        )
        for n in (1, 2)
    )
    assert set_appeal_source(actor=officer, appeal=first, placement=bus).campaign == drive
    assert set_appeal_source(actor=officer, appeal=second, edition=flyer).campaign == drive
    # Changed to nothing: the row goes, and the trail says so.
    assert set_appeal_source(actor=officer, appeal=first) is None
    assert list(AppealSource.objects.values_list("appeal", flat=True)) == [second.pk]
    assert AuditEvent.objects.filter(action="appeal_source.set").count() == 3


def test_an_unknown_or_malformed_choice_is_refused_and_nothing_saved(client, staff):
    client.force_login(staff[Role.INTAKE_OPERATOR])
    for hostile in ("action:99999999999999999999", "action:0", "campaign:abc", "nothing:1", "action:1\x00"):
        with translation.override("en"):
            response = client.post(create_url(), anonymous_appeal(heard_through=hostile))
        assert response.status_code in (200, 400), hostile
        if response.status_code == 200:
            assert "Select a valid choice" in shown(response)
    assert not Appeal.objects.exists() and not AppealSource.objects.exists()


def test_correcting_the_appeal_changes_or_removes_where_it_was_heard_of(client, staff, drive):
    action = sample_action(staff, campaign=drive)
    client.force_login(staff[Role.PREVENTION_OFFICER])
    client.post(create_url(), anonymous_appeal(heard_through=f"action:{action.pk}"))
    appeal = Appeal.objects.get()
    client.force_login(staff[Role.DIRECTOR])
    with translation.override("en"):
        edit = reverse("appeals:appeal_edit", kwargs={"code": appeal.code})
    assert f'<option value="action:{action.pk}" selected>' in shown(client.get(edit))
    assert client.post(edit, anonymous_appeal(heard_through=f"campaign:{drive.pk}")).status_code == 302
    source = AppealSource.objects.get()
    assert (source.action, source.campaign) == (None, drive)
    assert client.post(edit, anonymous_appeal(heard_through="")).status_code == 302
    assert not AppealSource.objects.exists()


def test_the_action_page_counts_its_appeals_through_the_disclosure_layer(client, staff, drive):
    action = sample_action(staff, campaign=drive)
    officer = staff[Role.PREVENTION_OFFICER]
    today = timezone.localdate()
    for n in range(3):
        appeal = Appeal.objects.create(
            code=f"APL-C-{n}", received_on=today, channel="outreach", category="other", anonymous=True
        )
        set_appeal_source(actor=officer, appeal=appeal, action=action)
    with translation.override("en"):  # the URL's prefix sets the page's language
        address = reverse("prevention:action_detail", kwargs={"pk": action.pk})
    client.force_login(officer)
    with translation.override("en"):
        page = shown(client.get(address))
    assert 'data-testid="appeals-brought">fewer than 5<' in page  # the officer sees no small count
    assert "APL-C-0" not in page  # nor any appeal itself
    for n in range(3, 6):
        appeal = Appeal.objects.create(
            code=f"APL-C-{n}", received_on=today, channel="outreach", category="other", anonymous=True
        )
        set_appeal_source(actor=officer, appeal=appeal, action=action)
    with translation.override("en"):
        page = shown(client.get(address))
    assert 'data-testid="appeals-brought">6<' in page
