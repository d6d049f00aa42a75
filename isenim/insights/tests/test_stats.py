"""``isenim stats``: the same published cells as the screen, as a table or JSON; k never below FILE_K; a
clear message (no traceback, non-zero exit) for a dimension, filter or period that cannot be used."""

import itertools
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from isenim.appeals.models import Appeal
from isenim.core.disclosure import FILE_K
from isenim.insights.pivot import PivotSpec, run_pivot

pytestmark = pytest.mark.django_db
_codes = itertools.count(1)


def many(n, received_on=date(2026, 3, 10), **fields):
    values = {"channel": "phone", "category": "other", "cause": "unknown", "anonymous": True, **fields}
    for _ in range(n):
        Appeal.objects.create(code=f"S{next(_codes):06d}", received_on=received_on, **values)


def stats(*args) -> str:
    out = StringIO()
    call_command("stats", *args, "--language", "en", stdout=out)
    return out.getvalue()


@pytest.fixture
def appeals():
    many(30, cause="debt_bondage", channel="phone")
    many(12, cause="debt_bondage", channel="walk_in")
    many(3, cause="job_deception", channel="phone")  # under FILE_K
    many(25, cause="job_deception", channel="walk_in")
    many(14, cause="job_deception", channel="telegram", received_on=date(2025, 3, 1))


def test_json_has_the_cells_of_the_pivot_with_null_where_suppressed(appeals):
    data = json.loads(stats("--source", "appeals", "--rows", "cause", "--cols", "channel", "--json"))
    assert data["rows"] == "cause" and data["cols"] == "channel" and data["k"] == FILE_K
    cells = {(c["row"], c["col"]): c["count"] for c in data["cells"]}
    truth = {
        ("debt_bondage", "phone"): 30,
        ("debt_bondage", "walk_in"): 12,
        ("job_deception", "phone"): 3,
        ("job_deception", "walk_in"): 25,
        ("job_deception", "telegram"): 14,
    }
    assert cells[("job_deception", "phone")] is None  # 3 < 11
    assert all(count == truth.get(key, 0) for key, count in cells.items() if count is not None)
    assert any(count is not None for count in cells.values())
    assert set(cells) == {
        (r, c) for r in ("job_deception", "debt_bondage") for c in ("phone", "walk_in", "telegram")
    }
    # the same cells the engine publishes for a file
    same = run_pivot(PivotSpec(rows="cause", cols="channel", period="all"), k=FILE_K).as_json()
    assert data["cells"] == same["cells"] and data["total"] == same["total"]
    # no row or column (totals included) has exactly one hidden entry: nothing is given back by a total
    for row in ("job_deception", "debt_bondage"):
        line = [cells[(row, c)] for c in ("phone", "walk_in", "telegram")]
        line.append(next(t["count"] for t in data["row_totals"] if t["row"] == row))
        assert line.count(None) != 1
    for col in ("phone", "walk_in", "telegram"):
        line = [cells[(r, col)] for r in ("job_deception", "debt_bondage")]
        line.append(next(t["count"] for t in data["col_totals"] if t["col"] == col))
        assert line.count(None) != 1


def test_one_dimension_json_has_no_col_and_filters_and_periods_apply(appeals):
    data = json.loads(
        stats(
            "--rows",
            "channel",
            "--filter",
            "cause=job_deception",
            "--period",
            "this_year",
            "--today",
            "2026-06-15",
            "--json",
        )
    )
    assert all(set(c) == {"row", "count"} for c in data["cells"])
    # phone is 3, under k; walk_in (25) is hidden too, or the total (28) would give the 3 away
    assert {c["row"]: c["count"] for c in data["cells"]} == {"walk_in": None, "phone": None}
    assert data["total"] == 28
    assert data["period"] == {"name": "this_year", "starts_on": "2026-01-01", "ends_on": "2026-06-15"}
    several = json.loads(stats("--rows", "cause", "--filter", "channel=phone,walk_in", "--json"))
    assert several["total"] == 70
    custom = json.loads(
        stats("--rows", "year", "--period", "custom", "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    )
    assert custom["cells"] == [{"row": "2025", "count": 14}]


def test_the_text_table_shows_labels_totals_and_the_note(appeals):
    text = stats("--rows", "cause", "--cols", "channel")
    assert "Debt bondage" in text and "Walk-in" in text and "Total" in text
    assert "fewer than 11" in text
    assert "Counts from 1 to 10 are not shown" in text
    assert "84" in text  # the grand total of 2026 and 2025 (all time)
    listing = stats("--list-dimensions")
    assert "home_district" in listing and "Home district" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "cause", "--k", "5"], "--k must be at least 11"),
        (["--rows", "colour"], "Unknown dimension: colour"),
        (["--rows", "cause", "--cols", "shoe_size"], "Unknown dimension: shoe_size"),
        (["--rows", "cause", "--filter", "channel=pigeon"], "Unknown value for channel: pigeon"),
        (["--rows", "cause", "--filter", "channel"], "--filter takes DIMENSION=VALUE"),
        (["--rows", "month", "--filter", "month=2026-13"], "Unknown value for month: 2026-13"),
        (["--rows", "cause", "--period", "custom"], "Give both the first and the last day"),
        (
            ["--rows", "cause", "--period", "custom", "--from", "2026-02-30", "--to", "2026-03-01"],
            "--from takes",
        ),
        (["--rows", "cause", "--source", "comparison:missing"], "Unknown data source"),
        ([], "--rows is required"),
    ],
)
def test_bad_input_is_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        stats(*args)


def test_bad_input_on_the_real_console_exits_non_zero_without_a_traceback(capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["isenim", "stats", "--rows", "colour", "--language", "en"]).execute()
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "Unknown dimension: colour" in err and "Traceback" not in err
