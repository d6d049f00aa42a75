"""A tiny ``isenim bench prevention`` run: it makes its data, measures and cleans up (no timing asserted)."""

import json
from io import StringIO

from django.core.management import call_command

from bench import prevention


def test_bench_prevention_runs_on_sqlite_and_prints_its_figures(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "bench", "prevention", "--scale", "0.002", "--repeat", "1", "--json", "--scratch-dir", str(tmp_path),
        stdout=out, stderr=err,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert list(result) == list(prevention.RESULT_KEYS)
    assert (result["actions"], result["print_runs"], result["appeals"]) == (100, 10, 2000)
    assert result["database"] == "sqlite" and 0 < result["movements"] <= 1000
    assert set(result["measured"]) == {"dashboard", "campaign", "balances"}
    for page in ("dashboard", "campaign", "balances"):
        assert f"p95_ms_{page}" in result
    table = err.getvalue()  # the table goes to stderr
    assert "Prevention: 100 actions, 10 print runs" in table and "2,000 appeals on SQLite" in table
    for name in ("dashboard", "campaign", "balances", "queries per page"):
        assert name in table
    assert f"Scratch database: {tmp_path / 'bench-prevention-100.sqlite3'}" in table
    assert list(tmp_path.iterdir()) == []  # removed at the end
