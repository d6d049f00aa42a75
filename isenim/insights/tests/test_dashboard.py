"""The dashboards with numbers (insights.dashboards): every figure recomputed here from the rows the test
made, suppression for the M&E officer, links only for roles that may open the list, who sees what, and a
fixed number of queries."""

import statistics
from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.models import Appeal
from isenim.cases.models import Case, ServiceDelivery, ServiceType, Task
from isenim.core.access import Role
from isenim.insights import dashboards, facts
from isenim.people.services import PersonData, person_create
from isenim.prevention.models import AppealSource
from isenim.prevention.tests.campaign_helpers import action, sample_campaign

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
LAST = date(2025, 3, 15)

# (received on, presumed victim, outcome, days to the first action or None)
APPEALS = [
    (date(2026, 3, 1), True, "case_opened", 0),
    (date(2026, 3, 10), False, "advice_given", 1),
    (date(2026, 3, 15), False, "", None),
    (date(2026, 3, 16), False, "", None),  # tomorrow: not counted
    (date(2026, 2, 3), True, "referred", 2),
    (date(2026, 2, 3), False, "advice_given", 5),
    (date(2026, 1, 2), False, "advice_given", 3),
    (date(2026, 1, 20), False, "unreachable", 40),
    (date(2026, 1, 1), True, "case_opened", 1),
    (date(2025, 12, 31), False, "advice_given", 1),  # last year
    (date(2025, 3, 2), True, "advice_given", 1),
    (date(2025, 3, 15), False, "advice_given", 1),
    (date(2025, 3, 16), False, "advice_given", 1),  # after the same day last year
    (date(2025, 1, 5), False, "referred", 1),
    (date(2024, 12, 31), False, "advice_given", 1),  # two years ago: not read
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def registered():
    dashboards.register()
    cache.clear()  # the days to a first action are kept a while


def make_appeals(staff, rows=APPEALS, *, registered_by=None, assigned_to=None):
    owner = assigned_to or staff[Role.CASE_MANAGER]
    made = []
    start = Appeal.objects.count()
    for number, (received, presumed, outcome, days) in enumerate(rows, start=start):
        acted = None
        if days is not None:
            acted = timezone.make_aware(datetime.combine(received + timedelta(days=days), time(12)))
        made.append(
            Appeal(
                code=f"APL-T-{number:05d}",
                received_on=received,
                channel="phone",
                category="presumed_victim" if presumed else "other",
                cause="unknown",
                anonymous=True,
                presumed_victim=presumed,
                registered_by=registered_by or staff[Role.INTAKE_OPERATOR],
                state="closed" if outcome else ("assigned" if days is not None else "new"),
                assigned_to=owner if (outcome or days is not None) else None,
                outcome=outcome,
                first_action_at=acted,
                due_on=received + timedelta(days=2),
            )
        )
    made = Appeal.objects.bulk_create(made)
    facts.refresh_appeals([appeal.pk for appeal in made])  # bulk_create sends no signal
    return made


def in_range(rows, start, end):
    return [row for row in rows if start <= row[0] <= end]


def test_appeals_this_month_and_year_against_last(staff):
    make_appeals(staff)
    periods = dashboards.Periods(TODAY)
    figure = dashboards.appeals_received(staff[Role.DIRECTOR], periods, None)
    month, year = figure.headlines
    assert month.value.value == len(in_range(APPEALS, date(2026, 3, 1), TODAY)) == 3
    assert month.compare.value == len(in_range(APPEALS, date(2025, 3, 1), LAST)) == 2
    assert year.value.value == len(in_range(APPEALS, date(2026, 1, 1), TODAY)) == 8
    assert year.compare.value == len(in_range(APPEALS, date(2025, 1, 1), LAST)) == 3
    assert year.change == round(100 * (8 / 3 - 1))
    # By month, both years whole (last year's March includes the 16th)
    assert figure.table.cell(3, 2025).value == 3 and figure.table.cell(12, 2025).value == 1
    assert figure.table.cell(1, 2026).value == 3 and figure.table.cell(3, 2026).value == 3
    assert figure.table.col_total(2024 + 1).value == 5
    # The months to come are a gap in the chart, not a zero
    this_year = figure.chart.series[1]
    assert this_year.numbers[3:] == (None,) * 9


def test_presumed_victims(staff):
    make_appeals(staff)
    figure = dashboards.presumed_victims(staff[Role.DIRECTOR], dashboards.Periods(TODAY), None)
    month, year = figure.headlines
    presumed = [row for row in APPEALS if row[1]]
    assert month.value.value == len(in_range(presumed, date(2026, 3, 1), TODAY)) == 1
    assert year.value.value == len(in_range(presumed, date(2026, 1, 1), TODAY)) == 3
    assert year.compare.value == len(in_range(presumed, date(2025, 1, 1), LAST)) == 1
    assert "presumed=yes" in year.url and "date_from=2026-01-01" in year.url


def test_outcomes_and_days_to_first_action(staff):
    make_appeals(staff)
    outcomes, first = dashboards.appeals_of_the_year(staff[Role.DIRECTOR], dashboards.Periods(TODAY), None)
    year = in_range(APPEALS, date(2026, 1, 1), TODAY)
    shown = {h.label: h.value.value for h in outcomes.headlines}
    assert shown["Information or advice given"] == sum(1 for row in year if row[2] == "advice_given") == 3
    assert shown["Case opened"] == 2 and shown["Referred to another organisation"] == 1
    assert shown["Waiting for an outcome"] == 1 and shown["Total"] == 8
    days = sorted(row[3] for row in year if row[3] is not None)
    assert days == [0, 1, 1, 2, 3, 5, 40]
    median, p90, acted = first.headlines
    assert median.value == statistics.median_low(days) == 2
    assert p90.value == days[6] == 40  # 90% of 7 is 6.3 appeals: the 7th
    assert acted.value.value == 7
    bins = dict(zip(dashboards.DELAY_BINS, first.table.column(None), strict=True))
    assert bins[(1, 1)].value == 2 and bins[(4, 7)].value == 1 and bins[(31, None)].value == 1


def test_days_to_first_action_in_the_centres_calendar(staff):
    """Acted on at 23:30 in Nukus the day it came (18:30 UTC): the same day, not the next."""
    (appeal,) = make_appeals(staff, [(date(2026, 3, 2), False, "advice_given", 0)])
    zone = timezone.get_current_timezone()
    Appeal.objects.filter(pk=appeal.pk).update(first_action_at=datetime(2026, 3, 2, 23, 30, tzinfo=zone))
    assert list(Appeal.objects.annotate(d=dashboards.DaysToFirstAction()).values_list("d", flat=True)) == [0]
    Appeal.objects.filter(pk=appeal.pk).update(first_action_at=datetime(2026, 3, 3, 0, 30, tzinfo=zone))
    assert list(Appeal.objects.annotate(d=dashboards.DaysToFirstAction()).values_list("d", flat=True)) == [1]


def make_cases(staff, statuses):
    person = person_create(actor=staff[Role.DIRECTOR], data=PersonData(identity={"last_name": "Сапарбаева"}))
    return Case.objects.bulk_create(
        Case(
            number=f"C-T-{n}", person=person, manager=staff[Role.CASE_MANAGER], opened_on=TODAY, status=status
        )
        for n, status in enumerate(statuses)
    )


def test_open_cases_by_status_and_overdue_work(staff):
    statuses = ["open"] * 6 + ["assessment"] * 2 + ["in_service"] * 7 + ["closed"] * 9
    cases = make_cases(staff, statuses)
    manager = staff[Role.CASE_MANAGER]
    for case, due, done in [
        (cases[0], TODAY - timedelta(days=1), None),  # overdue
        (cases[1], TODAY - timedelta(days=9), None),  # overdue
        (cases[2], TODAY, None),  # due today: not overdue
        (cases[3], TODAY - timedelta(days=3), TODAY),  # done
        (cases[-1], TODAY - timedelta(days=3), None),  # on a closed case
    ]:
        Task.objects.create(case=case, assignee=manager, due_on=due, done_on=done, created_by=manager)
    make_appeals(staff)  # the one received today is not overdue; the 16th is not yet received
    make_appeals(staff, [(date(2026, 3, 1), False, "", None), (date(2026, 3, 12), False, "", 1)])
    Appeal.objects.filter(code__in=["APL-T-00016"]).update(due_on=TODAY - timedelta(days=1))

    director = staff[Role.DIRECTOR]
    periods = dashboards.Periods(TODAY)
    figure = dashboards.open_cases(director, periods, None)
    shown = {h.label: h.value.value for h in figure.headlines}
    assert shown == {"Open": 6, "Assessment": 2, "Plan": 0, "In service": 7, "Follow-up": 0, "Total": 15}
    assert figure.headlines[0].url.endswith("?status=open")

    overdue = dashboards.overdue_work(director, periods, None)
    appeals, tasks = overdue.headlines
    expected = [a.code for a in Appeal.objects.all() if a.is_overdue(TODAY)]
    assert (
        appeals.value.value == len(expected) == 2
    )  # without an owner since the 1st; past due since yesterday
    assert tasks.value.value == 2
    assert "triage=overdue" in appeals.url


def test_people_helped_by_kind_of_help(staff):
    cases = make_cases(staff, ["in_service"] * 3)
    # three people: each case its own person
    for n, case in enumerate(cases):
        person = person_create(
            actor=staff[Role.DIRECTOR], data=PersonData(identity={"last_name": f"Адамова {n}"})
        )
        Case.objects.filter(pk=case.pk).update(person=person)
    legal = ServiceType.objects.create(code="t-legal", group="legal", name_kaa="Юридик")
    social = ServiceType.objects.create(code="t-social", group="social", name_kaa="Социаллық")
    worker = staff[Role.CASE_MANAGER]
    for case, kind, on in [
        (cases[0], legal, TODAY),
        (cases[0], legal, TODAY - timedelta(days=3)),  # the same person twice: once
        (cases[0], social, TODAY),
        (cases[1], legal, date(2026, 1, 1)),
        (cases[2], social, date(2025, 12, 31)),  # last year
    ]:
        ServiceDelivery.objects.create(
            case=case, service_type=kind, delivered_on=on, provider_user=worker, recorded_by=worker
        )
    figure = dashboards.people_helped(staff[Role.DIRECTOR], dashboards.Periods(TODAY), None)
    shown = {h.label: h.value.value for h in figure.headlines}
    assert shown["People helped"] == 2
    assert shown["Legal"] == 2 and shown["Social"] == 1 and shown["Medical"] == 0


def test_tool_kits_and_their_sustainability(staff):
    from isenim.grants.tests.measure_helpers import assemblies, resident_case
    from isenim.reintegration.choices import INDICATORS
    from isenim.reintegration.models import FollowUp, Handover
    from isenim.reintegration.tests.helpers import funding, handed_over

    tally, _moynaq, _aral = assemblies()
    source = funding(staff[Role.DIRECTOR])
    # (handed over on, 12-month follow-up: done on, works in the trade, every answer)
    kits = [
        (date(2026, 2, 1), None),
        (date(2025, 3, 1), (date(2026, 3, 1), "yes", 3)),  # 0.75: sustainable
        (date(2025, 1, 10), (date(2026, 1, 12), "partly", 2)),  # 0.5: working, not sustainable
        (date(2024, 10, 1), (date(2025, 10, 3), "no", 4)),  # 1.0
        (date(2024, 2, 1), (date(2025, 2, 2), "yes", 4)),  # more than 12 months ago: not counted
    ]
    for number, (on, follow_up) in enumerate(kits):
        aid = handed_over(resident_case(staff, tally, last_name=f"Жумабаева {number}"), staff, source)
        Handover.objects.filter(request=aid).update(handed_over_on=on)
        if follow_up:
            done_on, worked, answer = follow_up
            answers = {item.field: answer for item in INDICATORS}
            FollowUp.objects.create(
                request=aid,
                months=12,
                done_on=done_on,
                done_by=staff[Role.CASE_MANAGER],
                trade_worked=worked,
                remigration="none",
                **answers,
            )
    figure = dashboards.tool_kits(staff[Role.DIRECTOR], dashboards.Periods(TODAY), None)
    handed, followed, working, sustainable = figure.headlines
    assert handed.value.value == sum(1 for on, _f in kits if date(2026, 1, 1) <= on <= TODAY) == 1
    assert handed.compare.value == sum(1 for on, _f in kits if date(2025, 1, 1) <= on <= LAST) == 2
    recent = [f for _on, f in kits if f and LAST < f[0] <= TODAY]
    assert followed.value.value == len(recent) == 3
    assert working.value.value == sum(1 for f in recent if f[1] in ("yes", "partly")) == 2
    assert sustainable.value.value == sum(1 for f in recent if f[2] * 9 / 36 >= 0.6) == 2
    assert working.compare == "67%"
    me = dashboards.tool_kits(staff[Role.ME_OFFICER], dashboards.Periods(TODAY), 5)
    assert me.headlines[2].value.value is None and me.headlines[2].compare == "—"


def test_prevention_reach_and_campaign_appeals(staff):
    campaign = sample_campaign(staff, name="Spring", starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31))
    action(staff, campaign, on=date(2026, 3, 15), reach=30)
    action(staff, campaign, on=date(2026, 1, 4), reach=12)
    action(staff, campaign, on=date(2026, 3, 20), reach=50)  # after today
    action(staff, campaign, on=date(2025, 2, 1), reach=7)  # last year, within the same days
    action(staff, campaign, on=date(2025, 6, 1), reach=100)  # last year, after the same day
    action(staff, campaign, on=date(2026, 2, 1), counted=False)  # no tally: not held
    figure = dashboards.prevention_reach(staff[Role.DIRECTOR], dashboards.Periods(TODAY))
    people, actions, _copies = figure.headlines
    assert (people.value, people.compare) == (42, 7)
    assert (actions.value, actions.compare) == (2, 1)
    assert figure.chart.series[0].numbers[:3] == (12, 0, 30)

    appeals = make_appeals(staff)
    for appeal in appeals[:9]:  # up to 2026-01-01
        AppealSource.objects.create(appeal=appeal, campaign=campaign, received_on=appeal.received_on)
    figure = dashboards.campaign_appeals(staff[Role.DIRECTOR], dashboards.Periods(TODAY), None)
    expected = len(in_range(APPEALS[:9], date(2026, 1, 1), TODAY))
    assert figure.headlines[0].label == "Spring" and figure.headlines[0].value.value == expected == 8
    me = dashboards.campaign_appeals(staff[Role.ME_OFFICER], dashboards.Periods(TODAY), 5)
    assert me.headlines[0].value.value == 8


def test_the_me_officer_reads_fewer_than_5(staff):
    make_appeals(staff)
    board = dashboards.dashboard(staff[Role.ME_OFFICER], TODAY)
    assert board.k == 5
    appeals = board.figure("appeals")
    month, year = appeals.headlines
    assert month.value.value is None and str(month.value) == "fewer than 5"
    assert year.value.value == 8
    assert year.compare.value is None and year.change is None  # no rate from a hidden count
    assert appeals.table.cell(3, 2026).value is None  # 4 in March
    # no hidden cell can be worked out from the totals: another cell of its row and its column is hidden
    assert sum(1 for cell in appeals.table.column(2026) if cell.value is None) >= 2
    median, _p90, acted = board.figure("first_action").headlines
    assert acted.value.value == 7 and median.value == 2
    director = dashboards.dashboard(staff[Role.DIRECTOR], TODAY)
    assert director.k is None and director.figure("appeals").headlines[0].value.value == 3


def test_the_median_of_fewer_than_k_is_not_shown(staff):
    make_appeals(staff, [(date(2026, 3, 1), False, "advice_given", 4)] * 3)
    board = dashboards.dashboard(staff[Role.ME_OFFICER], TODAY)
    median, p90, acted = board.figure("first_action").headlines
    assert acted.value.value is None and median.value == "—" and p90.value == "—"


def test_own_figures(staff):
    manager, intake = staff[Role.CASE_MANAGER], staff[Role.INTAKE_OPERATOR]
    make_appeals(staff, APPEALS, registered_by=intake, assigned_to=manager)
    make_appeals(staff, [(date(2026, 3, 2), False, "", None)] * 2, registered_by=manager)
    cases = make_cases(staff, ["open", "closed", "plan"])
    Case.objects.filter(pk=cases[1].pk).update(opened_on=date(2026, 1, 5))
    Case.objects.filter(pk=cases[2].pk).update(opened_on=date(2025, 12, 5))
    from isenim.cases.models import CaseMember

    for case in cases:
        CaseMember.objects.create(case=case, user=manager)
    mine = dashboards.own_figures(manager, TODAY)
    rows = {row.label: (row.month.value, row.year.value) for row in mine["rows"]}
    owned = [row for row in APPEALS if row[2] or row[3] is not None]
    assert rows["Appeals I registered"] == (2, 2)
    assert (
        rows["Appeals I own"]
        == (
            len(in_range(owned, date(2026, 3, 1), TODAY)),
            len(in_range(owned, date(2026, 1, 1), TODAY)),
        )
        == (2, 7)
    )
    assert rows["Cases of my teams opened"] == (1, 2)
    assert mine["open_cases"].value == 2
    assert mine["k"] is None
    # The intake operator sees no cases, and their own counts under 5 suppressed (outside the case team)
    theirs = dashboards.own_figures(intake, TODAY)
    assert [row.label for row in theirs["rows"]] == ["Appeals I registered", "Appeals I own"]
    assert theirs["rows"][0].month.value is None and theirs["rows"][0].year.value == 8
    assert theirs["open_cases"] is None


# --- pages ----------------------------------------------------------------------------------------------


def _url(name="insights:dashboard"):
    with translation.override("en"):
        return reverse(name)


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.DIRECTOR, 200),
        (Role.ME_OFFICER, 200),
        (Role.CASE_MANAGER, 404),
        (Role.INTAKE_OPERATOR, 404),
        (Role.PREVENTION_OFFICER, 404),
        (Role.ADMINISTRATOR, 404),
    ],
)
def test_who_opens_the_dashboard(staff, client_as, role, status):
    assert client_as(staff[role]).get(_url()).status_code == status


def test_the_page_links_lists_only_for_those_who_may_open_them(staff, client_as):
    make_appeals(staff)
    make_cases(staff, ["open"] * 5)
    appeal_list = _url("appeals:appeal_list")
    case_list = _url("cases:case_list")
    page = client_as(staff[Role.DIRECTOR]).get(_url()).content.decode()
    assert f'href="{appeal_list}?' in page and f'href="{case_list}?status=open"' in page
    assert "fewer than 5" not in page
    page = client_as(staff[Role.ME_OFFICER]).get(_url()).content.decode()
    assert f'href="{appeal_list}?' not in page and f'href="{case_list}?' not in page
    assert "fewer than 5" in page and "Numbers from 1 to 4 are not shown" in page
    for key in ("appeals", "presumed", "cases", "overdue", "first_action", "outcomes", "helped", "toolkits"):
        assert f'data-testid="figure-{key}"' in page


def test_the_dashboard_costs_a_fixed_number_of_queries(staff, client_as, django_assert_max_num_queries):
    make_appeals(staff)
    make_cases(staff, ["open", "plan"] * 4)
    client = client_as(staff[Role.DIRECTOR])
    client.get(_url())  # the session and the charts' cache warmed
    # session, user, second factor (3); the figures: 15 aggregate queries; the menu and the session (≤ 4)
    with django_assert_max_num_queries(22):
        assert client.get(_url()).status_code == 200
    make_appeals(staff, [(date(2026, 3, 3), True, "referred", 2)] * 30)
    with django_assert_max_num_queries(22):
        client.get(_url())


def test_staff_dashboard_panels(staff, client_as):
    make_appeals(staff)
    home = _url("portal:dashboard")
    director = client_as(staff[Role.DIRECTOR]).get(home).content.decode()
    assert 'data-testid="insights-panel"' in director and 'data-testid="own-figures"' not in director
    assert 'data-testid="prevention-figures"' not in director
    manager = client_as(staff[Role.CASE_MANAGER]).get(home).content.decode()
    assert 'data-testid="own-figures"' in manager and 'data-testid="insights-panel"' not in manager
    officer = client_as(staff[Role.PREVENTION_OFFICER]).get(home).content.decode()
    assert 'data-testid="prevention-figures"' in officer and 'data-testid="own-figures"' not in officer
    assert "Appeals heard of through a campaign" in officer
    admin = client_as(staff[Role.ADMINISTRATOR]).get(home).content.decode()
    for panel in ("insights-panel", "own-figures", "prevention-figures"):
        assert f'data-testid="{panel}"' not in admin


def test_every_analysis_link_opens_the_same_numbers(staff, client_as):
    """Each figure's "Analyse these numbers" opens the analysis page without an error, for both roles."""
    import html
    import re

    make_appeals(staff)
    for role in (Role.ME_OFFICER, Role.DIRECTOR):
        client = client_as(staff[role])
        page = client.get(_url()).content.decode()
        links = re.findall(r'href="([^"]*/insights/analysis/\?[^"]*)"', page)
        assert len(links) >= 4
        for link in links:
            answer = client.get(html.unescape(link))
            assert answer.status_code == 200, link
            assert 'data-testid="analysis-error"' not in answer.content.decode(), link
    # The prevention officer's panel opens the analysis at the prevention officer's address
    client = client_as(staff[Role.PREVENTION_OFFICER])
    page = client.get(_url("portal:dashboard")).content.decode()
    (link,) = re.findall(r'href="([^"]*/insights/analysis/prevention/\?[^"]*)"', page)
    answer = client.get(html.unescape(link))
    assert answer.status_code == 200 and 'data-testid="analysis-error"' not in answer.content.decode()


def test_the_year_counts_are_kept_and_recomputed_in_the_background_when_stale(staff):
    from isenim.core.daily import DAILY_TASKS

    make_appeals(staff)
    periods = dashboards.Periods(TODAY)
    first = dashboards.year_counts(periods)
    assert sum(first.appeals_by_day.values()) == len(in_range(APPEALS, date(2025, 1, 1), TODAY))
    assert dashboards.year_counts(periods).computed_at == first.computed_at  # kept, not recomputed
    # Older than their freshness: the page gets the kept counts at once, the worker recomputes them (the
    # tests' task backend runs a task as soon as it is queued)
    make_appeals(staff, [(date(2026, 3, 2), False, "", None)])
    stale = dashboards.YearCounts(
        computed_at=timezone.now() - timedelta(seconds=dashboards.YEAR_COUNTS_FRESH + 1),
        appeals_by_day=dict(first.appeals_by_day),
        presumed_by_day=first.presumed_by_day,
        by_outcome=first.by_outcome,
        days_to_first_action=first.days_to_first_action,
    )
    cache.set(dashboards._year_counts_key(TODAY), stale, 60)
    shown = dashboards.year_counts(periods)
    assert shown is not None and shown.computed_at == stale.computed_at
    fresh = dashboards.year_counts(periods)
    assert fresh.computed_at > stale.computed_at
    assert sum(fresh.appeals_by_day.values()) == sum(first.appeals_by_day.values()) + 1
    # The daily job computes the day's counts before its first visit.
    cache.clear()
    assert DAILY_TASKS["dashboard-year-counts"].call() == timezone.localdate().isoformat()
    assert cache.get(dashboards._year_counts_key(timezone.localdate())) is not None
