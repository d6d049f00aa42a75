"""A tiny ``isenim bench grants`` run: it makes its data, measures and cleans up (no timing asserted)."""

import json
from io import StringIO

from django.core.management import call_command

from bench import grants


def test_bench_grants_runs_on_sqlite_and_prints_its_figures(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "bench", "grants", "--scale", "0.002", "--repeat", "1", "--pdf-repeat", "1", "--json",
        "--scratch-dir", str(tmp_path), stdout=out, stderr=err,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert list(result) == list(grants.RESULT_KEYS)
    assert (result["indicators"], result["periods"]) == (30, 12)
    assert (result["appeals"], result["cases"], result["actions"]) == (2000, 600, 100)
    assert result["database"] == "sqlite" and result["queries_table"] > 0
    table = err.getvalue()
    assert "Grants: 30 indicators × 12 quarters over 2,000 appeals, 600 cases, 100 actions on SQLite" in table
    assert "table" in table and "report" in table
    assert list(tmp_path.iterdir()) == []  # removed at the end
