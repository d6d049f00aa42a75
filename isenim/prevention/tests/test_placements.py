"""Media placements: the form's rules, the list and its filters, the operator's reach kept as an estimate."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.prevention.choices import ReviewState
from isenim.prevention.models import AppealSource, Placement
from isenim.prevention.services import PreventionError
from isenim.prevention.services.placements import PlacementData, placement_save
from isenim.prevention.tests.campaign_helpers import district, flyer, sample_campaign, sample_placement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _data(**overrides):
    today = timezone.localdate()
    data = {
        "kind": "transport_poster",
        "operator": "Nukus bus company",
        "programme_or_route": "Route 12",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
        "vehicles": "20",
        "cost_uzs": "2500000",
        "stated_reach": "50000",
    }
    data.update(overrides)
    return data


def test_add_a_bus_placement_to_a_campaign(staff, client_as):
    campaign = sample_campaign(staff)
    nukus = district()
    edition = flyer(staff, campaign=campaign)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    form = client.get(reverse("prevention:placement_create"), {"campaign": campaign.pk}).content.decode()
    assert f'<option value="{campaign.pk}" selected>' in form
    response = client.post(
        reverse("prevention:placement_create"),
        _data(campaign=str(campaign.pk), district=str(nukus.pk), edition=str(edition.pk)),
    )
    assert response.status_code == 302
    assert response.url == reverse("prevention:campaign_detail", args=[campaign.pk])
    placement = Placement.objects.get()
    assert (placement.vehicles, placement.cost_uzs, placement.stated_reach) == (20, 2_500_000, 50_000)
    assert placement.edition == edition and placement.district == nukus
    assert AuditEvent.objects.filter(action="placement.add", target_id=str(placement.pk)).exists()


def test_an_end_before_the_start_and_absurd_numbers_are_refused(staff, client_as):
    client = client_as(staff[Role.PREVENTION_OFFICER])
    today = timezone.localdate()
    response = client.post(
        reverse("prevention:placement_create"),
        _data(operator="Typed operator", ends_on=(today - timedelta(days=1)).isoformat(), airings="-3"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The placement cannot end before it starts." in page
    assert "greater than or equal to 0" in page
    assert 'value="Typed operator"' in page
    assert not Placement.objects.exists()
    with pytest.raises(PreventionError, match="more than"):
        placement_save(
            actor=staff[Role.DIRECTOR],
            data=PlacementData(kind="tv_spot", operator="TV", starts_on=today, ends_on=today, airings=10**7),
        )
    assert not Placement.objects.exists()


def test_a_draft_edition_does_not_go_on_air(staff):
    edition = flyer(staff)
    edition.state = ReviewState.DRAFT
    edition.save()
    today = timezone.localdate()
    with pytest.raises(PreventionError, match="is a draft"):
        placement_save(
            actor=staff[Role.DIRECTOR],
            data=PlacementData(
                kind="billboard", operator="Ads", starts_on=today, ends_on=today, edition=edition
            ),
        )


def test_moving_a_placement_to_another_campaign_moves_its_appeals(staff):
    from isenim.people.tests.reach_helpers import appeal_from

    first, second = sample_campaign(staff, name="First"), sample_campaign(staff, name="Second")
    placement = sample_placement(staff, first)
    appeal = appeal_from(staff[Role.INTAKE_OPERATOR])
    source = AppealSource.objects.create(
        appeal=appeal, placement=placement, campaign=first, received_on=appeal.received_on
    )
    data = PlacementData(
        kind=placement.kind,
        operator=placement.operator,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        campaign=second,
        cost_uzs=placement.cost_uzs,
    )
    placement_save(actor=staff[Role.PREVENTION_OFFICER], placement=placement, data=data)
    source.refresh_from_db()
    assert source.campaign == second
    event = AuditEvent.objects.get(action="placement.update")
    assert event.after["campaign_id"] == second.pk


def test_the_list_filters_and_labels_the_stated_reach_an_estimate(staff, client_as):
    campaign = sample_campaign(staff)
    sample_placement(staff, campaign, operator="Bus company")
    sample_placement(staff, None, kind="tv_spot", operator="Karakalpakstan TV", airings=30, vehicles=None)
    client = client_as(staff[Role.ME_OFFICER])
    url = reverse("prevention:placement_list")
    page = client.get(url).content.decode()
    assert "Bus company" in page and "Karakalpakstan TV" in page
    assert "(estimate)" in page
    assert "Add a media placement" not in page  # the M&E officer reads only
    page = client.get(url, {"kind": "tv_spot"}).content.decode()
    assert "Karakalpakstan TV" in page and "Bus company" not in page
    page = client.get(url, {"campaign": str(campaign.pk)}).content.decode()
    assert "Bus company" in page and "Karakalpakstan TV" not in page
    page = client.get(url, {"q": "karakalpak"}).content.decode()
    assert "Karakalpakstan TV" in page and "Bus company" not in page
    assert client.get(url, {"campaign": "1" * 30, "when": "x"}).status_code == 200
    assert (
        client_as(staff[Role.ME_OFFICER]).post(reverse("prevention:placement_create"), _data()).status_code
        == 404
    )
    assert client_as(staff[Role.CASE_MANAGER]).get(url).status_code == 404
