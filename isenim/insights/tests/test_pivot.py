"""The pivot engine over the appeals: counts recomputed here from the Appeal rows (never from AppealFact),
suppression that totals cannot undo, filters, periods from a fixed day, percentages, comparison with a year
earlier, and what each role counts (docs/insights.md, "Pivot")."""

import itertools
from collections import Counter
from datetime import date

import pytest
from django.http import QueryDict
from django.utils import translation

from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.core.disclosure import FILE_K, SCREEN_K
from isenim.geo.models import AdminUnit, Country
from isenim.insights.models import AppealFact
from isenim.insights.pivot import PivotError, PivotSpec, dimensions_for, run_pivot

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def appeal(received_on=date(2026, 3, 10), **fields):
    values = {"channel": "phone", "category": "other", "cause": "unknown", "anonymous": True}
    values.update(fields)
    return Appeal.objects.create(code=f"T{next(_codes):06d}", received_on=received_on, **values)


def many(n, **fields):
    return [appeal(**fields) for _ in range(n)]


def expected(rows, cols=None, *, starts_on=None, ends_on=None, where=lambda a: True):
    """Counts from the Appeal rows, computed the plain way."""
    counts = Counter()
    for a in Appeal.objects.all():
        if (starts_on and a.received_on < starts_on) or (ends_on and a.received_on > ends_on) or not where(a):
            continue
        key = (str(getattr(a, rows)), str(getattr(a, cols)) if cols else None)
        counts[key] += 1
    return counts


def test_counts_equal_the_appeals_cell_by_cell_raw_and_published():
    causes = ["job_deception", "debt_bondage", "no_legal_knowledge"]
    for i, (cause, channel) in enumerate(itertools.product(causes, ["phone", "walk_in", "telegram"])):
        many(i * 3 + 1, cause=cause, channel=channel)
    spec = PivotSpec(rows="cause", cols="channel", period="all")
    raw = run_pivot(spec, k=None, today=TODAY)
    truth = expected("cause", "channel")
    for r in raw.table.row_keys:
        for c in raw.table.col_keys:
            assert raw.table.cell(r, c).value == truth.get((r, c), 0)
    assert raw.table.total.value == sum(truth.values()) == Appeal.objects.count()
    published = run_pivot(spec, k=SCREEN_K, today=TODAY)
    for r in published.table.row_keys:
        for c in published.table.col_keys:
            cell, n = published.table.cell(r, c), truth.get((r, c), 0)
            if 0 < n < SCREEN_K:
                assert cell.value is None and cell.small
            elif cell.value is not None:
                assert cell.value == n
    assert set(raw.row_labels.values()) >= {"Deception about the job", "Debt bondage"}
    data = published.as_json()
    assert data["rows"] == "cause" and data["cols"] == "channel" and data["k"] == SCREEN_K
    assert {"row": "job_deception", "col": "phone", "count": None} in data["cells"]  # 1 appeal


def _lines_with_one_hidden(table):
    """Rows and columns of the extended grid (totals included) with exactly one hidden entry: each gives
    that entry away as the total minus the others."""
    leaks = []
    for row in table.rows:
        entries = [*row.cells, row.total]
        if sum(e.value is None for e in entries) == 1:
            leaks.append(row.key)
    for c in table.col_keys:
        entries = [*table.column(c), table.col_total(c)]
        if sum(e.value is None for e in entries) == 1:
            leaks.append(c)
    return leaks


def test_a_small_cell_cannot_be_recovered_from_the_totals():
    # A naive suppression hides only (debt_bondage, F) = 2: the row total minus the other cell gives it back.
    many(20, cause="job_deception", person=None)
    many(2, cause="debt_bondage", channel="walk_in")
    many(30, cause="debt_bondage", channel="phone")
    many(25, cause="job_deception", channel="walk_in")
    result = run_pivot(PivotSpec(rows="cause", cols="channel", period="all"), k=SCREEN_K, today=TODAY)
    assert result.table.cell("debt_bondage", "walk_in").value is None
    assert _lines_with_one_hidden(result.table) == []
    hidden = [e for e in result.table.entries() if e.value is None]
    assert len(hidden) >= 4  # a cycle: the small cell needs three more


def test_filters_narrow_with_or_within_and_across():
    many(6, cause="debt_bondage", channel="phone", heard_about="tv")
    many(7, cause="debt_bondage", channel="walk_in", heard_about="")
    many(8, cause="job_deception", channel="telegram", heard_about="tv")
    spec = PivotSpec(rows="cause", filters={"channel": ("phone", "walk_in")}, period="all")
    table = run_pivot(spec, k=None, today=TODAY).table
    assert table.cell("debt_bondage", None).value == 13 and "job_deception" not in table.row_keys
    spec = PivotSpec(
        rows="cause", filters={"heard_about": ("none",), "cause": ("debt_bondage",)}, period="all"
    )
    assert run_pivot(spec, k=None, today=TODAY).table.total.value == 7
    with pytest.raises(PivotError, match="Unknown value for channel: pigeon"):
        run_pivot(PivotSpec(rows="cause", filters={"channel": ("pigeon",)}), k=None, today=TODAY)
    with pytest.raises(PivotError, match="Unknown value for home_district: 99999"):
        run_pivot(PivotSpec(rows="cause", filters={"home_district": ("99999",)}), k=None, today=TODAY)
    with pytest.raises(PivotError, match="Unknown value for action: 12x"):
        run_pivot(PivotSpec(rows="cause", filters={"action": ("12x",)}), k=None, today=TODAY)
    with pytest.raises(PivotError, match="Unknown dimension: colour"):
        run_pivot(PivotSpec(rows="cause", filters={"colour": ("red",)}), k=None, today=TODAY)


def test_relative_periods_from_a_fixed_day_and_months_in_order():
    appeal(received_on=date(2025, 6, 30))  # just before the last 12 months
    many(2, received_on=date(2025, 7, 1))
    many(3, received_on=date(2026, 6, 15))
    appeal(received_on=date(2026, 4, 1))
    result = run_pivot(PivotSpec(rows="month", period="last_12_months"), k=None, today=TODAY)
    assert (result.starts_on, result.ends_on) == (date(2025, 7, 1), TODAY)
    assert list(result.table.row_keys) == [f"2025-{m:02d}" for m in range(7, 13)] + [
        f"2026-{m:02d}" for m in range(1, 7)
    ]
    assert result.table.cell("2025-07", None).value == 2 and result.table.cell("2025-08", None).value == 0
    assert result.table.total.value == 6
    quarter = run_pivot(PivotSpec(rows="quarter", period="this_quarter"), k=None, today=TODAY)
    assert list(quarter.table.row_keys) == ["2026-Q2"] and quarter.table.total.value == 4
    year = run_pivot(PivotSpec(rows="year", period="last_year"), k=None, today=TODAY)
    assert list(year.table.row_keys) == ["2025"] and year.table.total.value == 3
    custom = PivotSpec(rows="year", period="custom", starts_on=date(2025, 6, 30), ends_on=date(2025, 7, 1))
    assert run_pivot(custom, k=None, today=TODAY).table.total.value == 3
    assert run_pivot(PivotSpec(rows="month", period="all"), k=None, today=TODAY).table.total.value == 7
    with pytest.raises(PivotError, match="ends before it starts"):
        run_pivot(
            PivotSpec(rows="year", period="custom", starts_on=TODAY, ends_on=date(2026, 1, 1)),
            k=None,
            today=TODAY,
        )
    with pytest.raises(PivotError, match="Unknown period"):
        run_pivot(PivotSpec(rows="year", period="yesterday"), k=None, today=TODAY)


def test_percent_of_the_row_and_of_the_column_from_published_cells():
    many(10, cause="debt_bondage", channel="phone")
    many(30, cause="debt_bondage", channel="walk_in")
    many(20, cause="job_deception", channel="phone")
    many(20, cause="job_deception", channel="walk_in")
    by_row = run_pivot(PivotSpec(rows="cause", cols="channel", period="all", percent="row"), k=5, today=TODAY)
    assert by_row.percent_of("debt_bondage", "phone") == pytest.approx(25.0)
    assert by_row.percent_of("debt_bondage", None) == pytest.approx(100.0)
    by_col = run_pivot(PivotSpec(rows="cause", cols="channel", period="all", percent="col"), k=5, today=TODAY)
    assert by_col.percent_of("debt_bondage", "phone") == pytest.approx(100 / 3)
    assert by_col.percent_of(None, "walk_in") == pytest.approx(100.0)
    assert by_col.percent_of("job_deception", None) == pytest.approx(50.0)
    many(2, cause="other", channel="phone")  # small: no percentage from it or its row
    by_row = run_pivot(PivotSpec(rows="cause", cols="channel", period="all", percent="row"), k=5, today=TODAY)
    assert by_row.percent_of("other", "phone") is None
    plain = run_pivot(PivotSpec(rows="cause", cols="channel", period="all"), k=5, today=TODAY)
    assert plain.percent_of("debt_bondage", "phone") is None


def test_the_same_period_a_year_earlier_on_the_same_grid():
    many(6, cause="debt_bondage", received_on=date(2026, 4, 2))
    many(9, cause="debt_bondage", received_on=date(2025, 5, 2))
    many(5, cause="job_deception", received_on=date(2025, 6, 14))
    many(5, cause="job_deception", received_on=date(2025, 6, 16))  # after the same day last year
    spec = PivotSpec(rows="cause", period="this_quarter", compare="previous_year")
    result = run_pivot(spec, k=None, today=TODAY)
    previous = result.comparison
    assert (previous.starts_on, previous.ends_on) == (date(2025, 4, 1), date(2025, 6, 15))
    assert result.table.row_keys == previous.table.row_keys == ("job_deception", "debt_bondage")
    assert result.table.cell("debt_bondage", None).value == 6
    assert previous.table.cell("debt_bondage", None).value == 9
    assert previous.table.cell("job_deception", None).value == 5
    assert result.table.cell("job_deception", None).value == 0
    months = run_pivot(
        PivotSpec(rows="month", period="this_quarter", compare="previous_year"), k=None, today=TODAY
    )
    assert months.table.row_keys == ("2026-04", "2026-05", "2026-06")
    assert months.comparison.table.row_keys == ("2025-04", "2025-05", "2025-06")
    chart = result.chart()
    assert len(chart.series) == 2 and chart.labels == ("Deception about the job", "Debt bondage")
    assert "comparison" in result.as_json()


def test_what_each_role_counts(staff):
    manager, officer = staff[Role.CASE_MANAGER], staff[Role.PREVENTION_OFFICER]
    mine = many(3, registered_by=manager)
    many(4, registered_by=staff[Role.INTAKE_OPERATOR])
    from isenim.prevention.services.attribution import set_appeal_source
    from isenim.prevention.tests.campaign_helpers import sample_campaign

    campaign = sample_campaign(staff)
    for a in many(5, registered_by=staff[Role.INTAKE_OPERATOR]):
        set_appeal_source(actor=officer, appeal=a, campaign=campaign)
    spec = PivotSpec(rows="cause", period="all")
    totals = {
        role: run_pivot(spec, user=staff[role], k=None, today=TODAY).table.total.value
        for role in (Role.DIRECTOR, Role.ME_OFFICER, Role.CASE_MANAGER, Role.PREVENTION_OFFICER)
    }
    assert totals == {
        Role.DIRECTOR: 12,
        Role.ME_OFFICER: 12,
        Role.CASE_MANAGER: 3,
        Role.PREVENTION_OFFICER: 5,
    }
    assert len(mine) == 3
    assert dimensions_for("appeals", staff[Role.ADMINISTRATOR]) == []
    with pytest.raises(PivotError):
        run_pivot(spec, user=staff[Role.ADMINISTRATOR], k=SCREEN_K, today=TODAY)
    with pytest.raises(ValueError):
        run_pivot(spec, k=2, today=TODAY)


def test_places_and_regions_are_named_for_the_reader():
    region = AdminUnit.objects.create(code="1735", level="region", name_kaa="QR")
    nukus = AdminUnit.objects.create(
        code="1735401", level="district", name_kaa="Нөкис районы", name_en="Nukus district", parent=region
    )
    ru = Country.objects.create(iso2="RU", iso3="RUS", name_kaa="Россия", name_en="Russia")
    many(6, home_district=nukus, destination=ru)
    many(5)
    result = run_pivot(
        PivotSpec(rows="home_district", cols="destination_region", period="all"), k=5, today=TODAY
    )
    assert result.row_labels == {str(nukus.pk): "Nukus district", "none": "Not recorded"}
    assert result.col_labels["Eastern Europe"] == "Eastern Europe"
    with translation.override("kaa"):
        kaa = run_pivot(PivotSpec(rows="destination", period="all"), k=5, today=TODAY)
    assert kaa.row_labels[str(ru.pk)] == "Россия"
    assert AppealFact.objects.filter(destination_region="Eastern Europe").count() == 6


def test_the_spec_travels_in_the_address_and_in_a_saved_view():
    spec = PivotSpec(
        rows="cause",
        cols="home_district",
        filters={"sex": ("F", "M"), "presumed_victim": ("yes",)},
        period="custom",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        compare="previous_year",
        percent="col",
    )
    assert PivotSpec.from_query(QueryDict(spec.to_query())) == spec
    assert PivotSpec.from_dict(spec.as_dict()) == spec
    for bad, message in [
        ({"rows": "cause", "cols": "cause"}, "two different"),
        ({"rows": "cause", "period": "custom", "starts_on": "2026-13-01"}, "not a date"),
        ({"rows": "cause", "percent": "col"}, "needs a dimension in the columns"),
        ({"rows": "cause", "compare": "last_week"}, "Unknown comparison"),
        ({"rows": ""}, "Choose the dimension"),
    ]:
        with pytest.raises(PivotError, match=message):
            PivotSpec.from_query(bad)
    with pytest.raises(PivotError, match="cannot be read"):
        PivotSpec.from_dict(["not", "a", "dict"])
    with pytest.raises(PivotError, match="Unknown data source"):
        run_pivot(PivotSpec(rows="cause", source="comparison:nothing"), k=None, today=TODAY)


def test_cases_opened_by_status_and_sex(staff):
    from isenim.cases.models import Case
    from isenim.people.models import Person

    manager = staff[Role.CASE_MANAGER]
    for i in range(7):
        person = Person.objects.create(sex="F" if i % 2 else "M", birth_year=1990, code=f"P{i:05d}")
        Case.objects.create(
            number=f"C{i:05d}", person=person, manager=manager, opened_on=date(2026, 2, 1), status="open"
        )
    result = run_pivot(
        PivotSpec(source="cases", rows="sex", cols="age_band", period="all"), k=None, today=TODAY
    )
    assert result.table.cell("F", "35-44").value == 3 and result.table.cell("M", "35-44").value == 4
    months = run_pivot(PivotSpec(source="cases", rows="month", period="this_year"), k=None, today=TODAY)
    assert months.table.cell("2026-02", None).value == 7
    assert FILE_K > SCREEN_K
