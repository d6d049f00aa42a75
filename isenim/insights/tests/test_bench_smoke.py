"""A tiny ``isenim bench insights`` run: it makes its data, times the pivots, the dashboards, the export and
the import, prints its figures and removes its scratch file (no timing asserted)."""

import json
import random
from io import StringIO

from django.core.management import call_command

from bench import insights


def test_bench_insights_runs_on_sqlite_and_prints_its_figures(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "bench", "insights", "--appeals", "2000", "--cases", "300", "--repeat", "1", "--import-rows", "400",
        "--json", "--scratch-dir", str(tmp_path), stdout=out, stderr=err,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert list(result) == list(insights.RESULT_KEYS)
    assert (result["appeals"], result["cases"], result["database"]) == (2000, 300, "sqlite")
    for figure in ("pivot", "dashboard", "dashboard_warm"):
        assert 0 < result[f"p50_ms_{figure}"] <= result[f"p95_ms_{figure}"], figure
    assert result["export_s"] >= 0 and result["export_mb"] > 0
    assert 0 < result["export_rows"] <= 300  # k-anonymised: some cases may be left out, never more rows
    assert result["import_rows"] == 400 and result["import_per_s"] > 0
    table = err.getvalue()  # the table goes to stderr
    assert "Insights: 2,000 appeals, 300 cases on SQLite" in table
    for name in ("pivot", "dashboard cold", "dashboard warm", "export k=11", "import", "goal"):
        assert name in table
    assert f"Scratch database: {tmp_path / 'bench-insights-2000.sqlite3'}" in table
    assert list(tmp_path.iterdir()) == []  # removed at the end


def test_random_pivots_are_two_dimensions_over_a_year_with_one_or_two_filters():
    names = ["cause", "home_district", "sex", "month", "outcome"]
    values = {"cause": ["a", "b"], "home_district": ["1"], "sex": ["f", "m"], "outcome": ["x"]}
    rng = random.Random(3)
    for _ in range(50):
        spec = insights.random_spec(rng, names, values)
        assert spec.rows in names and spec.cols in names and spec.rows != spec.cols
        assert 1 <= len(spec.filters) <= 2
        assert not set(spec.filters) & {spec.rows, spec.cols}
        assert all(len(v) == 1 and v[0] in values[name] for name, v in spec.filters.items())
        assert spec.period in {"last_12_months", "last_year", "this_year"}
