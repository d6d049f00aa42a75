"""Campaigns: the form's rules (dates, targets, parent, places), who sees the list and the page, and the
campaign page's figures (targets against actuals, by month, cost, the appeals it brought)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.prevention.models import AppealSource, Campaign
from isenim.prevention.selectors.campaigns import campaign_figures
from isenim.prevention.services import PreventionError
from isenim.prevention.services.campaigns import CampaignData, campaign_save
from isenim.prevention.tests.campaign_helpers import (
    action,
    assembly,
    district,
    flyer,
    hand_out,
    sample_campaign,
    sample_placement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _post(client, url, **overrides):
    today = timezone.localdate()
    data = {
        "name": "Bazaar season",
        "kind": "awareness",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=90)).isoformat(),
        "target_people": "500",
    }
    data.update(overrides)
    return client.post(url, data)


# --- The form and the service's rules ------------------------------------------------------------------


def test_create_a_campaign_with_targets_places_and_groups(staff, client_as):
    nukus = district()
    mahalla = assembly(nukus, "1735401001", "Жипек жолы")
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = _post(
        client,
        reverse("prevention:campaign_create"),
        target_districts=[str(nukus.pk)],
        target_assemblies=[str(mahalla.pk)],
        target_groups=["labour_migrants", "deportees"],
        target_materials="2000",
        target_actions="12",
        target_placements="3",
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("prevention:campaign_detail", args=[campaign.pk])
    assert (campaign.target_people, campaign.target_materials, campaign.target_actions) == (500, 2000, 12)
    assert list(campaign.target_districts.all()) == [nukus]
    assert list(campaign.target_assemblies.all()) == [mahalla]
    assert campaign.target_groups == ["labour_migrants", "deportees"]
    event = AuditEvent.objects.get(action="campaign.add")
    assert event.after["target_districts"] == [nukus.pk]


def test_an_end_before_the_start_is_refused_and_what_was_typed_is_kept(staff, client_as):
    client = client_as(staff[Role.PREVENTION_OFFICER])
    today = timezone.localdate()
    response = _post(
        client,
        reverse("prevention:campaign_create"),
        name="Typed name",
        ends_on=(today - timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 200
    assert "The campaign cannot end before it starts." in response.content.decode()
    assert 'value="Typed name"' in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "greater than or equal to 0"),
        ("99999999999", "less than or equal to 10000000"),
        ("abc", "whole number"),
    ],
)
def test_negative_or_absurd_targets_are_refused(staff, client_as, value, message):
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = _post(client, reverse("prevention:campaign_create"), target_people=value)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_service_refuses_absurd_targets_too(staff):
    today = timezone.localdate()
    with pytest.raises(PreventionError, match="more than any campaign"):
        campaign_save(
            actor=staff[Role.DIRECTOR],
            data=CampaignData(
                name="x", kind="awareness", starts_on=today, ends_on=today, target_materials=10**9
            ),
        )
    with pytest.raises(PreventionError, match="cannot be negative"):
        campaign_save(
            actor=staff[Role.DIRECTOR],
            data=CampaignData(name="x", kind="awareness", starts_on=today, ends_on=today, target_actions=-1),
        )
    assert not Campaign.objects.exists()


def test_an_assembly_outside_the_chosen_districts_is_refused(staff, client_as):
    nukus = district()
    other = district("1735404", "Шымбай районы")
    outside = assembly(other, "1735404001", "Қызыл-Өзек")
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = _post(
        client,
        reverse("prevention:campaign_create"),
        target_districts=[str(nukus.pk)],
        target_assemblies=[str(outside.pk)],
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not in any of the chosen districts: Қызыл-Өзек" in page
    assert not Campaign.objects.exists()
    with pytest.raises(PreventionError, match="not in any of the chosen districts"):
        sample_campaign(staff, target_districts=[nukus], target_assemblies=[outside])


def test_a_parent_that_makes_a_cycle_is_refused(staff, client_as):
    grant = sample_campaign(staff, name="Grant project")
    today = timezone.localdate()
    season = sample_campaign(
        staff,
        name="Season",
        parent=grant,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=10),
    )
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = _post(
        client,
        reverse("prevention:campaign_edit", args=[grant.pk]),
        name="Grant project",
        parent=str(season.pk),
        starts_on=grant.starts_on.isoformat(),
        ends_on=grant.ends_on.isoformat(),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is this campaign or one of its own sub-campaigns" in page
    grant.refresh_from_db()
    assert grant.parent is None
    # Not itself either (the form does not even offer it; the service refuses it)
    with pytest.raises(PreventionError, match="own sub-campaigns"):
        campaign_save(
            actor=staff[Role.DIRECTOR],
            campaign=grant,
            data=CampaignData(
                name="g", kind="awareness", starts_on=grant.starts_on, ends_on=grant.ends_on, parent=grant
            ),
        )


def test_a_sub_campaign_runs_within_its_parents_dates(staff):
    grant = sample_campaign(staff, name="Grant project")
    with pytest.raises(PreventionError, match="within its parent's dates"):
        sample_campaign(staff, name="Season", parent=grant, ends_on=grant.ends_on + timedelta(days=1))
    child = sample_campaign(
        staff, name="Season", parent=grant, starts_on=grant.starts_on, ends_on=grant.ends_on
    )
    # Shortening the parent so the child would run outside it is refused too
    with pytest.raises(PreventionError, match="would run outside these dates"):
        campaign_save(
            actor=staff[Role.DIRECTOR],
            campaign=grant,
            data=CampaignData(
                name=grant.name,
                kind=grant.kind,
                starts_on=grant.starts_on,
                ends_on=grant.ends_on - timedelta(days=1),
            ),
        )
    assert Campaign.objects.get(pk=child.pk).parent_id == grant.pk


def test_a_change_is_audited_with_what_changed(staff):
    campaign = sample_campaign(staff)
    data = CampaignData(
        name=campaign.name,
        kind=campaign.kind,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        target_districts=[],
        target_groups=campaign.target_groups,
        target_people=900,
    )
    campaign_save(actor=staff[Role.DIRECTOR], campaign=campaign, data=data)
    event = AuditEvent.objects.get(action="campaign.update")
    assert event.before["target_people"] == 500 and event.after["target_people"] == 900
    assert event.after["target_districts"] == []


# --- Who sees what ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.INTAKE_OPERATOR, Role.LAWYER, Role.PSYCHOLOGIST])
def test_caseworkers_see_the_list_without_numbers_or_links(staff, client_as, role):
    campaign = sample_campaign(staff)
    action(staff, campaign, on=timezone.localdate(), reach=321)
    client = client_as(staff[role])
    page = client.get(reverse("prevention:campaign_list")).content.decode()
    assert campaign.name in page
    assert "Нөкис районы" in page and "Labour migrants" in page
    assert "321" not in page
    assert reverse("prevention:campaign_detail", args=[campaign.pk]) not in page
    assert client.get(reverse("prevention:campaign_detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("prevention:dashboard")).status_code == 404


def test_the_menu_offers_campaigns_to_caseworkers_and_the_dashboard_to_prevention(staff, client_as):
    client = client_as(staff[Role.CASE_MANAGER])
    page = client.get(reverse("prevention:campaign_list")).content.decode()
    assert f'href="{reverse("prevention:campaign_list")}"' in page
    assert f'href="{reverse("prevention:dashboard")}"' not in page
    client = client_as(staff[Role.ME_OFFICER])
    page = client.get(reverse("prevention:campaign_list")).content.decode()
    assert f'href="{reverse("prevention:dashboard")}"' in page
    client = client_as(staff[Role.ADMINISTRATOR])
    assert client.get(reverse("prevention:campaign_list")).status_code == 404


def test_the_list_filters(staff, client_as):
    today = timezone.localdate()
    sample_campaign(staff, name="Running one")
    sample_campaign(
        staff,
        name="Past one",
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=300),
        target_groups=["deportees"],
        target_districts=[],
    )
    client = client_as(staff[Role.ME_OFFICER])
    url = reverse("prevention:campaign_list")
    page = client.get(url, {"when": "past"}).content.decode()
    assert "Past one" in page and "Running one" not in page
    page = client.get(url, {"group": "young_graduates"}).content.decode()
    assert "Running one" in page and "Past one" not in page
    page = client.get(url, {"district": str(district().pk)}).content.decode()
    assert "Running one" in page and "Past one" not in page
    # Nonsense in the filters shows everything rather than failing
    assert client.get(url, {"district": "99999999999999999999999", "when": "<x>"}).status_code == 200


# --- The campaign page ----------------------------------------------------------------------------------


def _world(staff):
    """A running campaign with a sub-campaign: actions counted and not, copies handed out at actions and
    left at a point, a placement aired and one coming, and appeals heard of through it."""
    from isenim.people.tests.reach_helpers import appeal_from

    today = timezone.localdate()
    campaign = sample_campaign(
        staff, target_materials=1000, target_people=500, target_actions=4, target_placements=2
    )
    child = sample_campaign(
        staff,
        name="Bazaars",
        parent=campaign,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        target_districts=[],
    )
    edition = flyer(staff, campaign=campaign, copies=1000, unit_cost=600)
    other = flyer(staff, copies=500, unit_cost=400)  # not the campaign's own material
    first = action(staff, campaign, on=today - timedelta(days=40), reach=120)
    second = action(staff, child, on=today - timedelta(days=5), reach=80)
    action(staff, campaign, on=today + timedelta(days=3), counted=False)
    hand_out(staff, edition, first, 150, today - timedelta(days=40))
    hand_out(staff, other, second, 50, today - timedelta(days=5))
    hand_out(
        staff, edition, "Нөкис емлеўханасы", 100, today - timedelta(days=20)
    )  # its material, in its dates
    hand_out(staff, other, "Колледж", 70, today - timedelta(days=20))  # not its material: not counted
    hand_out(staff, edition, "Мектеп", 30, campaign.starts_on - timedelta(days=1))  # before it: not counted
    sample_placement(staff, campaign, cost_uzs=3_000_000)
    sample_placement(staff, child, starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=9))
    intake = staff[Role.INTAKE_OPERATOR]
    for number in range(7):
        appeal = appeal_from(intake, received_on=today - timedelta(days=3))
        AppealSource.objects.create(
            appeal=appeal, campaign=campaign if number < 5 else child, received_on=appeal.received_on
        )
    return campaign, child


def test_campaign_figures_count_targets_against_actuals(staff):
    campaign, child = _world(staff)
    figures = campaign_figures(campaign, staff[Role.PREVENTION_OFFICER])
    actual = {row.key: row.actual for row in figures.targets}
    assert actual == {"materials": 150 + 50 + 100, "people": 200, "actions": 2, "placements": 1}
    percent = {row.key: row.percent for row in figures.targets}
    assert percent == {"materials": 30, "people": 40, "actions": 50, "placements": 50}
    # The operator's estimate is kept apart from the counted reach
    assert figures.actuals.stated_reach == 80_000
    assert figures.actuals.people == 200
    # Per month: all reach and copies land in some month of the chart
    assert sum(figures.reach_by_month) == 200
    assert sum(figures.materials_by_month) == 300
    assert figures.chart is not None
    # Cost: 250 copies of the campaign's flyer at 600 and 50 of the other at 400, plus the placements
    assert figures.cost.materials_cost == 250 * 600 + 50 * 400
    assert figures.cost.placement_cost == 6_000_000
    assert figures.cost.per_person == round((250 * 600 + 50 * 400 + 6_000_000) / 200)
    assert [sub.pk for sub in figures.children] == [child.pk]
    # The sub-campaign's own figures are its own
    own = {row.key: row.actual for row in campaign_figures(child, staff[Role.PREVENTION_OFFICER]).targets}
    assert own == {"materials": 50, "people": 80, "actions": 1, "placements": 0}


def test_appeals_it_brought_go_through_the_disclosure_control(staff):
    campaign, child = _world(staff)
    officer_view = campaign_figures(campaign, staff[Role.PREVENTION_OFFICER]).appeals
    assert officer_view.k == 5
    assert officer_view.total.value == 7
    assert officer_view.col_total("victims").value == 0
    # The sub-campaign alone brought 2: fewer than 5, not shown to the prevention officer
    child_view = campaign_figures(child, staff[Role.PREVENTION_OFFICER]).appeals
    assert child_view.total.value is None


def test_the_campaign_page_shows_it_all(staff, client_as, django_assert_max_num_queries):
    campaign, _child = _world(staff)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    url = reverse("prevention:campaign_detail", args=[campaign.pk])
    client.get(url)  # warm the session and the menu
    with django_assert_max_num_queries(30):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="percent-people">40%' in page
    assert "their estimate, not counted in the people reached" in page
    assert "Bazaars" in page  # its sub-campaign
    assert "Нөкис автобус паркі" in page
    assert 'data-testid="appeals-total"' in page
    # The chart: an image under the strict CSP (a data: address) and the same figures as a table
    assert 'class="chart-image" src="data:image/svg+xml' in page
    assert "People reached and materials handed out, by month" in page


def test_a_campaign_with_many_rows_costs_no_more_queries(staff, client_as, django_assert_max_num_queries):
    """No query per action, placement, movement or appeal: the page's count stays the same as rows grow."""
    campaign, child = _world(staff)
    today = timezone.localdate()
    edition = flyer(staff, campaign=campaign, copies=5000)
    for day in range(30):
        held = action(staff, child, on=today - timedelta(days=day), reach=3)
        hand_out(staff, edition, held, 2, today - timedelta(days=day))
        sample_placement(staff, child, operator=f"TV {day}")
    client = client_as(staff[Role.PREVENTION_OFFICER])
    url = reverse("prevention:campaign_detail", args=[campaign.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
