"""The campaign comparison: the monthly counts of the campaign's districts and of the others, counted
independently here; the estimate on a constructed demo-like panel; suppressed months left out; the page
for every role (the administrator and caseworkers get 404)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.insights.campaigns import compare, month_key
from isenim.prevention.tests.campaign_helpers import sample_campaign


@pytest.fixture(autouse=True)
def _in_english():
    """The messages asserted here are the English ones; services answer in the active language."""
    from django.utils import translation

    with translation.override("en"):
        yield


START = date(2025, 7, 1)
TODAY = date(2026, 9, 15)
CODES = ["1735201", "1735202", "1735203", "1735204", "1735205", "1735401"]


def districts():
    region, _ = AdminUnit.objects.get_or_create(code="1735", defaults={"level": "region", "name_kaa": "ҚР"})
    return [
        AdminUnit.objects.get_or_create(
            code=code, defaults={"level": "district", "name_kaa": f"Район {n}", "parent": region}
        )[0]
        for n, code in enumerate(CODES)
    ]


def add_months(day: date, months: int) -> date:
    key = month_key(day) + months
    return date(key // 12, key % 12 + 1, 10)


def fill(units, *, base, effect, treated, months=range(-12, 12), presumed_every=0):
    """``base[i]`` appeals a month in unit i, a month effect of (t mod 3), and ``effect`` more in the
    treated units from the start."""
    rows, n = [], 0
    for i, unit in enumerate(units):
        for t in months:
            count = base[i] + (t % 3) + (effect if unit in treated and t >= 0 else 0)
            for _ in range(count):
                n += 1
                rows.append(
                    Appeal(
                        code=f"T-{n}",
                        received_on=add_months(START, t),
                        channel="phone",
                        category="other",
                        anonymous=True,
                        home_district=unit,
                        presumed_victim=bool(presumed_every) and n % presumed_every == 0,
                    )
                )
    Appeal.objects.bulk_create(rows)


@pytest.fixture
def campaign(staff):
    units = districts()
    return sample_campaign(
        staff, starts_on=START, ends_on=date(2025, 12, 31), target_districts=units[:2]
    ), units


def test_the_counts_and_the_estimate(campaign):
    campaign, units = campaign
    fill(units, base=[6, 9, 7, 12, 5, 8], effect=4, treated=units[:2])
    result = compare(campaign, k=5, today=TODAY)
    assert [u.code for u in result.campaign_districts] == CODES[:2]
    assert [u.code for u in result.other_districts] == CODES[2:]
    assert len(result.rows) == 24 and sum(r.post for r in result.rows) == 12
    # Counted independently from the appeals.
    for row in result.rows:
        ours = Appeal.objects.filter(
            received_on__year=row.month.year, received_on__month=row.month.month, home_district__in=units[:2]
        ).count()
        theirs = Appeal.objects.filter(
            received_on__year=row.month.year, received_on__month=row.month.month, home_district__in=units[2:]
        ).count()
        assert (row.campaign.value, row.others.value) == (ours, theirs)
    assert result.estimate.effect == pytest.approx(4.0)
    assert result.estimate.low == pytest.approx(4.0) and not result.left_out
    assert result.chart.kind == "line" and len(result.chart.series) == 2


def test_no_effect_gives_zero(campaign):
    campaign, units = campaign
    fill(units, base=[6, 9, 7, 12, 5, 8], effect=0, treated=units[:2])
    result = compare(campaign, k=5, today=TODAY)
    assert result.estimate.effect == pytest.approx(0.0, abs=1e-9)


def test_presumed_victims_and_the_window(campaign):
    campaign, units = campaign
    fill(units, base=[6, 9, 7, 12, 5, 8], effect=4, treated=units[:2], presumed_every=2)
    result = compare(campaign, k=None, measure="presumed_victims", before=3, after=2, today=TODAY)
    assert [r.month for r in result.rows] == [
        date(2025, 4, 1),
        date(2025, 5, 1),
        date(2025, 6, 1),
        date(2025, 7, 1),
        date(2025, 8, 1),
    ]
    first = result.rows[0]
    assert (
        first.campaign.value
        == Appeal.objects.filter(
            presumed_victim=True, received_on__month=4, received_on__year=2025, home_district__in=units[:2]
        ).count()
    )


def test_a_month_with_a_suppressed_cell_is_left_out_of_the_estimate(campaign):
    campaign, units = campaign
    fill(units, base=[6, 9, 7, 12, 5, 8], effect=4, treated=units[:2])
    # In one month before the start, the campaign districts had only 2 appeals.
    month = add_months(START, -5)
    Appeal.objects.filter(home_district__in=units[:2], received_on=month).exclude(
        pk__in=Appeal.objects.filter(home_district=units[0], received_on=month).values("pk")[:2]
    ).delete()
    result = compare(campaign, k=5, today=TODAY)
    row = next(r for r in result.rows if r.month == date(month.year, month.month, 1))
    assert row.campaign.suppressed and not row.used
    # Secondary suppression may hide another month too: every month left out has a hidden cell.
    assert row.month in result.left_out
    for left in result.rows:
        assert left.used == (not left.campaign.suppressed and not left.others.suppressed)
    assert result.estimate.pre_periods == 12 - sum(1 for r in result.rows if not r.used and not r.post)
    # Unchanged by the month it could not use: the effect is still exactly 4 on the other months.
    assert result.estimate.effect == pytest.approx(4.0)
    # The case team (k None) sees every month and the estimate uses them all.
    assert not compare(campaign, k=None, today=TODAY).left_out


def test_months_not_over_are_not_counted(campaign):
    campaign, _units = campaign
    result = compare(campaign, k=5, today=date(2025, 9, 20))
    assert result.rows[-1].month == date(2025, 8, 1)
    assert result.future_months == 10


def test_a_campaign_without_districts_says_so(staff):
    districts()
    campaign = sample_campaign(staff, starts_on=START, ends_on=date(2025, 12, 31), target_districts=[])
    result = compare(campaign, k=5, today=TODAY)
    assert result.estimate is None and result.why_no_estimate


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.DIRECTOR, 200),
        (Role.ME_OFFICER, 200),
        (Role.PREVENTION_OFFICER, 200),
        (Role.ADMINISTRATOR, 404),
        (Role.CASE_MANAGER, 404),
        (Role.INTAKE_OPERATOR, 404),
    ],
)
def test_the_page_for_each_role(client, staff, campaign, role, status):
    campaign, units = campaign
    fill(units, base=[6, 9, 7, 12, 5, 8], effect=4, treated=units[:2])
    client.force_login(staff[role])
    with translation.override("en"):
        url = reverse("insights:campaign_compare", args=[campaign.pk])
        listing = reverse("insights:campaign_list")
    response = client.get(url + "?before=6&after=6")
    assert response.status_code == status
    assert client.get(listing).status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Appeals measure help-seeking, not how many people are harmed." in html
        assert 'data-testid="estimate-value"' in html
        assert 'data-testid="compare-table"' in html
        assert "<svg" in html or "data:image/svg" in html


def test_bad_options_fall_back_to_the_defaults(client, staff, campaign):
    campaign, _units = campaign
    client.force_login(staff[Role.ME_OFFICER])
    with translation.override("en"):
        url = reverse("insights:campaign_compare", args=[campaign.pk])
    response = client.get(url + "?before=abc&after=999&measure=nonsense")
    assert response.status_code == 200
    assert response.context["options"] == {"measure": "appeals", "before": 12, "after": 12}
    assert client.get(url.replace(str(campaign.pk), "999999")).status_code == 404


def test_too_few_counted_months_give_no_estimate(campaign):
    campaign, units = campaign
    fill(units, base=[0, 1, 7, 12, 5, 8], effect=0, treated=units[:2], months=range(-3, 3))
    result = compare(campaign, k=5, before=3, after=3, today=TODAY)
    assert result.estimate is None
    assert "Too few months" in result.why_no_estimate
    assert compare(campaign, k=None, before=3, after=3, today=TODAY).estimate is not None
