"""The prevention dashboard: this month against targets, stock alerts, next actions, appeals attributed per
campaign, per action and per 1,000 copies (disclosure-controlled), the menu and the officer's panel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.core.access import Role
from isenim.prevention.models import AppealSource
from isenim.prevention.selectors.dashboard import dashboard_figures
from isenim.prevention.tests.campaign_helpers import action, flyer, hand_out, sample_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _world(staff, appeals: int = 4, ended_appeals: int = 2):
    from isenim.people.tests.reach_helpers import appeal_from

    today = timezone.localdate()
    running = sample_campaign(staff, name="Running", target_people=100)
    ended = sample_campaign(
        staff,
        name="Ended in spring",
        starts_on=today - timedelta(days=200),
        ends_on=today - timedelta(days=100),
        target_people=None,
    )
    long_ago = sample_campaign(
        staff, name="Long ago", starts_on=today - timedelta(days=900), ends_on=today - timedelta(days=800)
    )
    edition = flyer(staff, campaign=running, copies=2000)
    held = action(staff, running, on=today, reach=30)
    hand_out(staff, edition, held, 1200, today)
    action(staff, ended, on=today - timedelta(days=150), reach=10)
    action(staff, running, on=today + timedelta(days=5), counted=False)
    action(staff, running, on=today + timedelta(days=20), counted=False)  # beyond the 14 days
    low = flyer(staff, copies=10, threshold=50)
    flyer(staff, copies=10, threshold=0)  # no threshold: never an alert
    intake = staff[Role.INTAKE_OPERATOR]
    for number in range(appeals + ended_appeals):
        appeal = appeal_from(intake)
        AppealSource.objects.create(
            appeal=appeal, campaign=running if number < appeals else ended, received_on=appeal.received_on
        )
    return running, ended, long_ago, low


def test_dashboard_figures(staff):
    running, ended, _long_ago, low = _world(staff)
    figures = dashboard_figures(staff[Role.PREVENTION_OFFICER], timezone.localdate())
    assert [item.campaign for item in figures.running] == [running]
    people = next(row for row in figures.running[0].targets if row.key == "people")
    assert (people.target, people.actual, people.month, people.percent) == (100, 30, 30, 30)
    assert [edition.pk for edition in figures.low_stock] == [low.pk]
    # Today's and the one in five days; not the one in twenty
    assert [item.campaign_id for item in figures.next_actions] == [running.pk, running.pk]
    assert figures.next_actions[1].starts_at.date() == timezone.localdate() + timedelta(days=5)
    rows = {row.campaign.pk: row for row in figures.attribution}
    assert set(rows) == {running.pk, ended.pk}  # the one that ended two years ago is not weighed
    # 4 and 2 are both fewer than 5 for the prevention officer: neither shown, nor their rates
    assert rows[running.pk].appeals.value is None and rows[running.pk].per_action is None
    assert rows[ended.pk].appeals.value is None
    assert figures.appeals.total.value == 6


def test_attribution_rates_when_the_counts_may_be_shown(staff):
    running, ended, _long_ago, _low = _world(staff, appeals=10, ended_appeals=6)
    figures = dashboard_figures(staff[Role.ME_OFFICER], timezone.localdate())
    rows = {row.campaign.pk: row for row in figures.attribution}
    assert rows[running.pk].appeals.value == 10
    assert rows[running.pk].actions == 1
    assert rows[running.pk].per_action == 10
    assert rows[running.pk].materials == 1200
    assert rows[running.pk].per_thousand == round(10 * 1000 / 1200, 2)
    assert rows[ended.pk].appeals.value == 6
    assert rows[ended.pk].per_action == 6
    assert rows[ended.pk].per_thousand is None  # it handed out nothing
    assert figures.appeals.total.value == 16


def test_a_count_that_would_give_a_small_one_away_is_hidden(staff):
    running, ended, _long_ago, _low = _world(staff, appeals=10, ended_appeals=2)
    rows = {row.campaign.pk: row for row in dashboard_figures(staff[Role.ME_OFFICER]).attribution}
    assert rows[ended.pk].appeals.small
    # 10 with the total 12 would give the 2 away: hidden too, and so its rates
    assert rows[running.pk].appeals.value is None and rows[running.pk].per_thousand is None


def test_the_dashboard_page_in_a_constant_number_of_queries(staff, client_as, django_assert_max_num_queries):
    _world(staff)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    url = reverse("prevention:dashboard")
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Running" in page and "fewer than 5" in page
    assert 'data-testid="stock-alerts"' in page and "10 in stock, below 50" in page
    # More of everything: the same number of queries
    running = sample_campaign(staff, name="Another")
    today = timezone.localdate()
    for day in range(10):
        action(staff, running, on=today + timedelta(days=day % 14), counted=False)
        flyer(staff, copies=5, threshold=10)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PREVENTION_OFFICER, 200),
        (Role.DIRECTOR, 200),
        (Role.ME_OFFICER, 200),
        (Role.CASE_MANAGER, 404),
        (Role.ADMINISTRATOR, 404),
    ],
)
def test_who_opens_the_dashboard(staff, client_as, role, status):
    assert client_as(staff[role]).get(reverse("prevention:dashboard")).status_code == status


def test_the_prevention_officer_has_a_panel_on_the_staff_dashboard(staff, client_as):
    _world(staff)
    page = client_as(staff[Role.PREVENTION_OFFICER]).get(reverse("portal:dashboard")).content.decode()
    assert 'data-testid="prevention-panel"' in page
    page = client_as(staff[Role.ME_OFFICER]).get(reverse("portal:dashboard")).content.decode()
    assert 'data-testid="prevention-panel"' not in page
