"""Targets against actuals (selectors.results): bands, "down" indicators, the life-of-project target as its
own number, cumulative indicators, counts of case data under the threshold, filters."""

from decimal import Decimal

import pytest
from django.utils import translation

from isenim.core.access import Role
from isenim.core.disclosure import Published
from isenim.grants.models import IndicatorValue
from isenim.grants.selectors.results import ABOVE, BELOW, ON_TRACK, band_of, results_chart, results_table
from isenim.grants.services.logframe import node_create
from isenim.grants.tests.logframe_helpers import indicator, last_year_project, logframe, quarters

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        (100, 100, "up", (ON_TRACK, True)),
        (115, 100, "up", (ON_TRACK, True)),
        (85, 100, "up", (ON_TRACK, True)),
        (116, 100, "up", (ABOVE, True)),
        (84, 100, "up", (BELOW, False)),
        (84, 100, "down", (BELOW, True)),
        (120, 100, "down", (ABOVE, False)),
        (0, 0, "up", (ON_TRACK, True)),
        (None, 100, "up", (None, None)),
    ],
)
def test_band(actual, target, direction, expected):
    amount = None if actual is None else Decimal(actual)
    assert band_of(amount, Decimal(target), direction) == expected


def value(ind, period, amount, staff, **extra):
    return IndicatorValue.objects.create(
        indicator=ind,
        period=period,
        value=amount,
        source="computed",
        entered_by=staff[Role.DIRECTOR],
        **extra,
    )


def test_table_life_target_cumulative_and_down(staff):
    project = last_year_project(staff)
    goal, outcome, output = logframe(staff, project)
    q1, q2, q3, q4 = quarters(project)
    people = indicator(
        staff,
        output,
        "1.1.1",
        measure="grants.people_at_meetings",
        life_target=500,
        cumulative=True,
        targets={q1: 100, q2: 100, q3: 100, q4: 100},
    )
    share = indicator(
        staff, output, "1.1.2", unit="percent", life_target=30, direction="down", targets={q1: 40}
    )
    value(people, q1, 90, staff)
    value(people, q2, 150, staff)
    value(
        share,
        q1,
        20,
        staff,
    )
    IndicatorValue.objects.filter(indicator=share).update(source="manual", approved_by=staff[Role.DIRECTOR])
    other = node_create(
        actor=staff[Role.ME_OFFICER], project=project, level="outcome", parent=goal, text="Жумыс"
    )
    indicator(staff, other, "2.1")
    rows = results_table(project, [q1, q2], staff[Role.DIRECTOR])
    by_code = {row.indicator.code: row for row in rows}
    first, second = by_code["1.1.1"].cells
    assert (first.actual, first.target, first.percent, first.band) == (90, 100, 90, ON_TRACK)
    assert (second.actual, second.percent, second.band, second.good) == (150, 150, ABOVE, True)
    life = by_code["1.1.1"].life
    # Its own 500, never 4 × 100; the actual adds the periods up (cumulative).
    assert (life.target, life.actual, life.percent) == (500, 240, 48)
    down = by_code["1.1.2"].cells[0]
    assert (down.band, down.good) == (BELOW, True)
    assert by_code["1.1.2"].life.actual == 20  # not cumulative: the latest period's
    only = results_table(project, [q1, q2], staff[Role.DIRECTOR], outcome=outcome.pk)
    assert [row.indicator.code for row in only] == ["1.1.1", "1.1.2"]
    chart = results_chart(rows, [q1, q2])
    assert chart.labels == ("1.1.1", "1.1.2", "2.1") and chart.series[0].numbers[0] == 90.0


def test_counts_of_case_data_go_through_disclosure(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    q1 = quarters(project)[0]
    appeals = indicator(
        staff,
        output,
        "1.1.3",
        measure="appeals.received",
        life_target=20,
        targets={q1: 5},
        disaggregation=["assembly"],
    )
    value(appeals, q1, 3, staff, breakdown={"assembly": {"1": 2, "2": 1}})
    with translation.override("en"):
        seen_by_director = results_table(project, [q1], staff[Role.DIRECTOR])[0].cells[0]
        seen_by_officer = results_table(
            project, [q1], staff[Role.PREVENTION_OFFICER], disaggregation="assembly"
        )[0]
        assert int(seen_by_director.shown) == 3 and seen_by_director.percent == 60
        cell = seen_by_officer.cells[0]
        assert isinstance(cell.shown, Published) and str(cell.shown) == "fewer than 5"
        assert cell.percent is None and cell.actual is None
        assert all(str(n) == "fewer than 5" for _key, shown in seen_by_officer.breakdown for n in shown)


def test_manual_value_waiting_for_approval_does_not_count(staff):
    project = last_year_project(staff)
    _goal, _outcome, output = logframe(staff, project)
    q1 = quarters(project)[0]
    survey = indicator(staff, output, "1.1.4", targets={q1: 10})
    IndicatorValue.objects.create(
        indicator=survey, period=q1, value=7, source="manual", entered_by=staff[Role.ME_OFFICER]
    )
    cell = results_table(project, [q1], staff[Role.DIRECTOR])[0].cells[0]
    assert cell.actual is None and cell.pending


def test_a_small_count_in_a_breakdown_cannot_be_worked_out_from_the_periods_value():
    """Women 3, men 9 (total 12 shown): hiding only the 3 would leave 12 − 9 = 3 on the page."""
    from isenim.core.disclosure import SCREEN_K, safe_count
    from isenim.grants.selectors.results import Cell, _breakdown_rows

    cells = [Cell(shown=safe_count(12, SCREEN_K), breakdown={"sex": {"f": 3, "m": 9}})]
    with translation.override("en"):
        rows = dict(_breakdown_rows(cells, "sex", True, SCREEN_K))
    assert rows["f"] == ["fewer than 5"]
    assert rows["m"] != ["9"]  # the other cell of the column is hidden too
    # a count that is not case data is shown as it is
    assert dict(_breakdown_rows(cells, "sex", False, SCREEN_K)) == {"f": ["3"], "m": ["9"]}
