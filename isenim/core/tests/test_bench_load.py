"""``isenim bench load``: its figures (per page, per window, the saturation point) from made-up samples; the
run itself starts the whole layout and is run by hand (docs/performance.md)."""

import pytest
from django.core.management import CommandError, call_command

from bench.load import GOAL_MS, summarise


def test_the_summary_gives_percentiles_per_page_errors_and_where_p95_passes_the_goal():
    samples = []
    for second in range(60):
        fast = second < 30  # the first half well under the goal, then saturated
        for i in range(2 if fast else 8):
            samples.append((second + i / 10, "my_work", 50.0 if fast else GOAL_MS * 2, True))
    samples.append((5.0, "case_page", None, False))  # no answer
    samples.append((6.0, "case_page", 80.0, False))  # an error page
    result = summarise(samples, 60)
    assert result["pages"]["my_work"]["requests"] == 30 * 2 + 30 * 8
    assert result["pages"]["my_work"]["p50_ms"] == GOAL_MS * 2
    assert result["pages"]["case_page"]["errors"] == 2
    assert result["errors"] == 2
    assert [w["rps"] for w in result["windows"]][:3] == [2.1, 2.0, 2.0]
    assert result["saturation_rps"] == 8.0
    assert result["max_window_rps"] == 8.0


def test_it_runs_on_postgresql_only():
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("bench", "load", "--database", "sqlite", "--minutes", "0.1")
