"""The analysis page: who may open it, the table as core.disclosure publishes it, percentages, the
comparison, the chart, and bad requests in the address shown as messages beside the form."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from isenim.core.access import Role
from isenim.core.disclosure import SCREEN_K, safe_table
from isenim.insights.tests.test_analysis_fakes import NAME, expected, fake_source  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_source")]


def url(query: str = "", name: str = "analysis") -> str:
    with translation.override("en"):
        base = reverse(f"insights:{name}")
    return f"{base}?{query}" if query else base


SCOPE = {
    Role.ME_OFFICER: "analysis",
    Role.DIRECTOR: "analysis",
    Role.CASE_MANAGER: "analysis_own",
    Role.INTAKE_OPERATOR: "analysis_own",
    Role.PREVENTION_OFFICER: "analysis_prevention",
}


def test_roles_that_analyse_open_the_page_the_administrator_gets_404(client, staff):
    for role, name in SCOPE.items():
        client.force_login(staff[role])
        response = client.get(url(f"source={NAME}&rows=cause&period=all", name))
        assert response.status_code == 200, role
        assert f'action="{url(name=name)}"' in response.content.decode()  # the form stays on its address
    client.force_login(staff[Role.CASE_MANAGER])
    assert client.get(url()).status_code == 404
    client.force_login(staff[Role.PREVENTION_OFFICER])
    assert client.get(url(name="analysis_own")).status_code == 404
    client.force_login(staff[Role.ADMINISTRATOR])
    for name in ("analysis", "analysis_own", "analysis_prevention"):
        assert client.get(url(f"source={NAME}&rows=cause", name)).status_code == 404
    client.logout()
    assert client.get(url()).status_code == 302  # to sign-in


def _safe(rows, cols, k, **filters):
    """The table recomputed from the records, published through core.disclosure directly."""
    grid = {}
    for (r, c), n in expected(rows, cols, **filters).items():
        grid.setdefault(r, {})[c] = n
    return safe_table(grid, k)


def test_the_table_shows_counts_totals_and_fewer_than_k(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    response = client.get(url(f"source={NAME}&rows=cause&cols=district&period=all"))
    assert response.status_code == 200
    html = response.content.decode()
    grid = response.context["grid"]
    assert [row.label for row in grid.rows] == ["Ҳуқықый билим жетиспеўшилиги", "Қарыз", "Басқа (әғқңөүўҳ)"]
    assert grid.col_labels == ("Мойнақ", "Нөкис", "Қоңырат")
    independent = _safe("cause", "district", SCREEN_K)
    for row in grid.rows:
        for col, cell in zip(("moynaq", "nukus", "kungrad"), row.cells, strict=True):
            assert cell.count == independent.cell(row.key, col)
        assert row.total.count == independent.row_total(row.key)
    assert [c.count for c in grid.col_totals] == independent.col_totals
    assert grid.total.count.value == 111
    legal = grid.rows[0]
    assert legal.cells[0].count.value == 32  # Мойнақ: shown as it is
    assert legal.cells[2].count.small  # Қоңырат's 3: fewer than 5
    assert "fewer than 5" in html and "hidden" in html
    # no suppressed entry can be worked out: no line with exactly one hidden entry
    table = response.context["result"].table
    assert table.k == SCREEN_K
    for row in table.rows:
        assert sum(1 for p in (*row.cells, row.total) if p.value is None) != 1
    assert "Numbers from 1 to 4 are not shown" in html
    assert 'class="chart-image"' in html  # the chart of the same numbers
    assert 'data-testid="export-xlsx"' in html and 'data-testid="save-form"' in html


def test_filters_are_kept_in_the_address_and_in_the_form(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    response = client.get(
        url(f"source={NAME}&rows=cause&f_sex=f&f_district=moynaq&f_district=nukus&period=all")
    )
    grid = response.context["grid"]
    raw = expected("cause", sex={"f"}, district={"moynaq", "nukus"})
    assert grid.rows[0].total.count.value == raw[("legal", None)] == 29
    form = response.context["form"]
    assert form["f_district"].value() == ["moynaq", "nukus"]
    assert form["f_sex"].value() == ["f"]
    assert "f_district=moynaq" in response.context["spec_query"]
    assert "Home district: Мойнақ, Нөкис" in response.content.decode()


def test_percent_of_the_row_and_of_the_column(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    # district × sex is published whole at k=5: Мойнақ f 34, m 14 (48); column f 53 of 111
    grid = client.get(url(f"source={NAME}&rows=district&cols=sex&percent=row&period=all")).context["grid"]
    moynaq = grid.rows[0]
    assert moynaq.cells[0].percent == pytest.approx(100 * 34 / 48)
    assert moynaq.total.percent == pytest.approx(100)
    assert grid.col_totals[0].percent == pytest.approx(100 * 53 / 111)
    response = client.get(url(f"source={NAME}&rows=district&cols=sex&percent=col&period=all"))
    grid = response.context["grid"]
    assert grid.rows[0].cells[0].percent == pytest.approx(100 * 34 / 53)
    assert grid.rows[0].total.percent == pytest.approx(100 * 48 / 111)
    assert number_format(100 * 34 / 53, 1) + " %" in response.content.decode()
    # a hidden cell has no percentage, and no percentage is worked out from a hidden total
    grid = client.get(url(f"source={NAME}&rows=cause&cols=sex&percent=row&period=all")).context["grid"]
    for row in grid.rows:
        for cell in row.cells:
            if cell.count.value is None or row.total.count.value is None:
                assert cell.percent is None
            else:
                assert cell.percent == pytest.approx(100 * cell.count.value / row.total.count.value)


def test_one_dimension_percent_is_of_the_total(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    grid = client.get(url(f"source={NAME}&rows=district&percent=row&period=all")).context["grid"]
    assert not grid.two_way and grid.col_labels == ()
    total = sum(expected("district").values())
    moynaq = grid.rows[0]
    assert moynaq.total.count.value == 48
    assert moynaq.total.percent == pytest.approx(100 * 48 / total)


def test_the_same_period_a_year_earlier_is_shown_when_asked(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    response = client.get(url(f"source={NAME}&rows=cause&period=this_year&compare=previous_year"))
    assert response.status_code == 200
    assert response.context["comparison_grid"] is not None
    assert 'data-testid="comparison-table"' in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("rows=nonsense", "Unknown dimension: nonsense"),
        ("rows=cause&cols=nonsense", "Unknown dimension: nonsense"),
        ("rows=cause&f_nonsense=1", "Unknown dimension: nonsense"),
        ("rows=cause&f_sex=x", "Unknown value for sex: x"),
        ("rows=cause&period=someday", "Unknown period: someday"),
        ("rows=cause&period=custom&starts_on=2026-13-01&ends_on=2026-01-01", "is not a date"),
        ("rows=cause&period=custom&starts_on=2026-05-01&ends_on=2026-01-01", "ends before it starts"),
        ("rows=cause&cols=cause", "two different dimensions"),
        ("rows=cause&percent=col", "needs a dimension in the columns"),
    ],
)
def test_a_bad_address_shows_the_message_and_the_form(client, staff, query, message):
    client.force_login(staff[Role.ME_OFFICER])
    response = client.get(url(f"source={NAME}&{query}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'data-testid="analysis-form"' in html
    assert response.context["result"] is None


def test_an_unknown_source_is_a_message(client, staff):
    client.force_login(staff[Role.ME_OFFICER])
    response = client.get(url("source=comparison:nowhere&rows=cause"))
    assert response.status_code == 200
    assert "Unknown data source: comparison:nowhere" in response.content.decode()


def test_a_caseworker_analyses_but_keeps_no_saved_views(client, staff):
    client.force_login(staff[Role.CASE_MANAGER])
    response = client.get(url(f"source={NAME}&rows=cause&period=all", "analysis_own"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="pivot-table"' in html
    assert f'href="{url(name="analysis_own_xlsx")}?' in html
    assert 'data-testid="save-form"' not in html
    with translation.override("en"):
        assert client.get(reverse("insights:saved_list")).status_code == 404
