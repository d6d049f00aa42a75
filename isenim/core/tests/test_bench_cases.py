"""A tiny ``isenim bench cases`` run: it makes its data, times the pages and cleans up after itself."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench import cases


def test_bench_cases_runs_on_sqlite_and_prints_one_json_object(tmp_path):
    out, err = StringIO(), StringIO()
    call_command(
        "bench", "cases", "--people", "300", "--cases", "100", "--users", "4", "--repeat", "1", "--json",
        "--scratch-dir", str(tmp_path), stdout=out, stderr=err,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert list(result) == list(cases.RESULT_KEYS)
    assert list(result)[:3] == ["persons", "cases", "database"]
    assert (result["persons"], result["cases"], result["database"]) == (300, 100, "sqlite")
    for page in ("case_list", "my_work", "raw_sql"):
        assert 0 < result[f"p50_ms_{page}"] <= result[f"p95_ms_{page}"] < 5000, page
    # The database's part of a page is a small share of the page.
    assert result["p50_ms_raw_sql"] < result["p50_ms_case_list"]
    # ≤ 17 as the case list's own bound (test_query_counts): the names shown are decrypted and logged
    assert 4 <= result["queries_case_list"] <= 17
    # My work's access event is linked into the audit chain: its head is read and moved (+2 a page); the
    # grants' panel of donor reports coming due (+1).
    assert 4 <= result["queries_my_work"] <= 15
    table = err.getvalue()  # the table goes to stderr
    assert "Case list and My work: 300 people, 100 cases on SQLite" in table
    assert "case list p95 by filter" in table and "district" in table and "my_cases" in table
    assert "director" in table and "lawyer" in table
    # Its own scratch file (bench dedup's is bench-<N>.sqlite3), so both can run at once; gone at the end.
    assert f"Scratch database: {tmp_path / 'bench-cases-100.sqlite3'}" in table
    assert list(tmp_path.iterdir()) == []


def test_bench_cases_refuses_the_configured_database_and_leaves_it_alone(tmp_path, monkeypatch):
    from django.conf import settings

    configured = tmp_path / "bench-cases-50.sqlite3"
    configured.write_text("a real database")
    monkeypatch.setitem(
        settings.DATABASES, "default", {"ENGINE": "django.db.backends.sqlite3", "NAME": str(configured)}
    )
    with pytest.raises(CommandError, match="refusing"):
        call_command("bench", "cases", "--people", "50", "--cases", "50", "--scratch-dir", str(tmp_path))
    assert configured.read_text() == "a real database"
