"""``isenim bench insights``: the pivot, the dashboards, the CTDC export and the comparison import at
1,000,000 appeals and 300,000 cases (issue 17, "Numbers it must reach": pivot and dashboards p95 ≤ 300 ms,
the k-anonymised export streamed in ≤ 60 s and ≤ 500 MB, a comparison dataset imported at ≥ 5,000 rows/s).

Two processes, as the other benchmarks (``bench/scratch.py``): a scratch database
(``bench-insights-<appeals>.sqlite3`` or the PostgreSQL database ``isenim_bench_insights``), ``python -m
bench.insights`` run against it, removed afterwards unless ``--keep`` (``--reuse`` measures again in it).

The child:

1. migrates, loads the reference data, makes ten years of prevention work and ``--appeals`` appeals with
   ``bench.prevention``'s generator (its other sizes scaled to the appeals) and ``--cases`` cases of
   synthetic people with ``bench.grants.make_cases``, fast (``bulk_create``); then fills the insights
   facts with ``insights.facts.rebuild`` (timed apart: ``facts_s``);
2. times, as the M&E officer, ``insights.pivot.run_pivot`` with k = 5 (suppression included) of random
   pairs of the appeals' dimensions over a year (the last 12 months, last year or this year), with one or
   two filters of a random value each — ``10 × --repeat`` pivots after 5 untimed ones (a pivot the engine
   refuses as too big is drawn again and counted in ``pivots_refused``);
3. times the dashboard page (``insights.views.dashboard.dashboard`` with a ``RequestFactory`` request
   through the session, messages and CSP middleware, rendered) as the director and as the M&E officer,
   ``--repeat`` times each, **cold** (the year's counts the page keeps are deleted first: the first visit
   after a restart emptied the cache, before the daily job or the task worker computed them) and **warm**
   (kept: every other visit, since the task worker recomputes stale counts while the page shows the kept
   ones); both are checked against the goal;
4. runs ``exchange.export.export_ctdc`` of every case at k = 11 (what ``isenim export-anonymised --k 11
   --no-record`` runs) in a process of its own, streamed to a file: seconds of the export, and the peak
   memory (VmHWM) of that whole process, Django included;
5. writes a CTDC-shaped CSV of ``--import-rows`` (50,000) rows with the comparison demo's generator and
   times ``comparison.services.import_dataset`` of it (rows/s).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import analyze, prepare_database
from bench.scratch import (
    ROOT,
    ScratchError,
    add_scratch_arguments,
    child_main,
    database_label,
    measure_in_scratch,
    percentile,
    report,
    say,
)

RESULT_KEYS = (
    "appeals",
    "cases",
    "database",
    "facts_s",
    "p50_ms_pivot",
    "p95_ms_pivot",
    "p50_ms_dashboard",
    "p95_ms_dashboard",
    "p50_ms_dashboard_warm",
    "p95_ms_dashboard_warm",
    "export_s",
    "export_mb",
    "export_rows",
    "import_rows",
    "import_per_s",
    "import_xlsx_per_s",
)
PG_SCRATCH_NAME = "isenim_bench_insights"
GOAL_PIVOT_MS = 300
GOAL_DASHBOARD_MS = 300
GOAL_EXPORT_S = 60
GOAL_EXPORT_MB = 500
GOAL_IMPORT_PER_S = 5000
FULL_APPEALS = 1_000_000
EXPORT_K = 11
PERIODS = ("last_12_months", "last_12_months", "last_year", "this_year")
# Dimensions whose values are drawn as filters (the time ones are covered by the period).
FILTERABLE = (
    "cause",
    "category",
    "channel",
    "heard_about",
    "destination_region",
    "home_district",
    "sex",
    "age_band",
    "presumed_victim",
    "outcome",
)

BenchError = ScratchError


def add_arguments(parser) -> None:
    parser.add_argument("--appeals", type=int, default=FULL_APPEALS, help="Appeals (default 1,000,000).")
    parser.add_argument("--cases", type=int, default=300_000, help="Cases (default 300,000).")
    parser.add_argument(
        "--repeat",
        type=int,
        default=20,
        help="10 × this many pivots; the dashboard this many times per role, cold and warm (default 20).",
    )
    parser.add_argument(
        "--import-rows", type=int, default=50_000, help="Rows of the comparison file (default 50,000)."
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="Print a cProfile summary of the pivots.")
    parser.add_argument("--details", default="", help="Also write the full result to this file.")
    add_scratch_arguments(
        parser, pg_name=PG_SCRATCH_NAME, file_pattern="bench-insights-<appeals>.sqlite3", reusable=True
    )


def handle(options: dict, stdout, stderr) -> dict:
    from bench.prevention import sizes

    if not 1000 <= options["appeals"] <= 10 * FULL_APPEALS or options["cases"] < 1 or options["repeat"] < 1:
        raise BenchError("--appeals must be 1,000 to 10,000,000, --cases and --repeat at least 1")
    if options["import_rows"] < 1:
        raise BenchError("--import-rows must be at least 1")
    scale = options["appeals"] / FULL_APPEALS
    config = {k: options[k] for k in ("database", "repeat", "seed", "cases", "import_rows", "profile")}
    config.update(sizes(scale), scale=scale, appeals=options["appeals"])
    if config["movements"] < config["print_runs"] * 2:
        raise BenchError("--appeals is too small for the prevention generator")
    result = measure_in_scratch(
        options,
        module="bench.insights",
        config=config,
        file_stem=f"bench-insights-{config['appeals']}",
        pg_name=PG_SCRATCH_NAME,
        stderr=stderr,
    )
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


def _mark(ok: bool, goal: str) -> str:
    return "ok" if ok else f"MISSED ({goal})"


def format_table(r: dict) -> str:
    d = r["details"]
    return (
        f"Insights: {r['appeals']:,} appeals, {r['cases']:,} cases on {d['database_label']} "
        f"({d['cpus']} CPU cores){' — reused data' if d['reused'] else ''}\n"
        f"  made the data in {d['generate_s']:.0f} s; facts rebuilt in {r['facts_s']:.1f} s "
        f"({d['facts']:,} facts)\n"
        f"  pivot            p50 {r['p50_ms_pivot']:>8.1f} ms  p95 {r['p95_ms_pivot']:>8.1f} ms  "
        f"max {d['max_ms_pivot']:>8.1f} ms  {d['pivots']} timed ({d['pivots_refused']} refused as too big)  "
        f"goal p95 ≤ {GOAL_PIVOT_MS} ms: {_mark(r['p95_ms_pivot'] <= GOAL_PIVOT_MS, 'p95')}\n"
        f"  dashboard cold   p50 {r['p50_ms_dashboard']:>8.1f} ms  p95 {r['p95_ms_dashboard']:>8.1f} ms  "
        f"max {d['max_ms_dashboard']:>8.1f} ms  {d['dashboards']} timed  "
        f"goal p95 ≤ {GOAL_DASHBOARD_MS} ms: {_mark(r['p95_ms_dashboard'] <= GOAL_DASHBOARD_MS, 'p95')}\n"
        f"    director p95 {d['p95_ms_dashboard_director']:.1f} ms, M&E officer p95 "
        f"{d['p95_ms_dashboard_me']:.1f} ms; {d['queries_dashboard']} queries\n"
        f"  dashboard warm   p50 {r['p50_ms_dashboard_warm']:>8.1f} ms  "
        f"p95 {r['p95_ms_dashboard_warm']:>8.1f} ms  (the year's counts kept: the page as the task worker "
        f"keeps it) goal p95 ≤ {GOAL_DASHBOARD_MS} ms: "
        f"{_mark(r['p95_ms_dashboard_warm'] <= GOAL_DASHBOARD_MS, 'p95')}\n"
        f"  export k={EXPORT_K}      {r['export_s']:>8.1f} s    peak {r['export_mb']:>6.0f} MB  "
        f"{r['export_rows']:,} rows of {r['cases']:,} cases, {d['export_kib']:,} KiB  "
        f"goal ≤ {GOAL_EXPORT_S} s: {_mark(r['export_s'] <= GOAL_EXPORT_S, 's')}, "
        f"≤ {GOAL_EXPORT_MB} MB: {_mark(r['export_mb'] <= GOAL_EXPORT_MB, 'MB')}\n"
        f"    of the peak, {d['export_anon_mb']:,.0f} MB the process's own (RssAnon), the rest mapped "
        "database pages\n"
        f"  import CSV       {r['import_per_s']:>8,.0f} rows/s  {r['import_rows']:,} rows in "
        f"{d['import_s']:.1f} s ({d['import_rejected']} rejected)  "
        f"goal ≥ {GOAL_IMPORT_PER_S:,} rows/s: {_mark(r['import_per_s'] >= GOAL_IMPORT_PER_S, 'rows/s')}\n"
        f"  import XLSX      {r['import_xlsx_per_s']:>8,.0f} rows/s  {r['import_rows']:,} rows in "
        f"{d['import_xlsx_s']:.1f} s ({d['import_xlsx_rejected']} rejected)  "
        f"goal ≥ {GOAL_IMPORT_PER_S:,} rows/s: "
        f"{_mark(r['import_xlsx_per_s'] >= GOAL_IMPORT_PER_S, 'rows/s')}\n"
    )


# --- The child --------------------------------------------------------------------------------------
def run(config: dict) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.grants import make_cases
    from bench.prevention import data_made_before
    from bench.prevention import make_data as make_prevention
    from isenim.appeals.models import Appeal
    from isenim.cases.models import Case
    from isenim.insights import facts
    from isenim.insights.models import AppealFact

    started = prepare_database()
    call_command("createcachetable", verbosity=0)
    rng = random.Random(config["seed"])
    t0 = time.perf_counter()
    reused = bool(config.get("reuse")) and data_made_before(config) is not None
    if reused:
        found = Case.objects.count()
        if found != config["cases"]:
            raise ScratchError(f"the kept database has {found:,} cases, not {config['cases']:,}")
    else:
        with transaction.atomic():  # one transaction: no sync to disk after each batch
            make_prevention(config, rng)
            make_cases(config["cases"], rng)
    generate_s = time.perf_counter() - t0
    say(f"{'Found' if reused else 'Made'} the data in {generate_s:.0f} s; rebuilding the facts")
    t0 = time.perf_counter()
    fact_count = facts.rebuild()
    facts_s = time.perf_counter() - t0
    analyze(connection)
    say(f"Facts rebuilt in {facts_s:.1f} s ({fact_count:,}); timing the pivots")
    result = {"appeals": Appeal.objects.count(), "cases": Case.objects.count(), "facts_s": round(facts_s, 1)}
    details = {"facts": AppealFact.objects.count(), "reused": reused, "generate_s": round(generate_s, 1)}
    result["details"] = details
    _time_pivots(config, random.Random(config["seed"] + 1), result)
    say("Timing the dashboards")
    _time_dashboards(config, result)
    say("Timing the CTDC export (a process of its own)")
    _time_export(result)
    say("Timing the comparison import")
    _time_import(config, result)
    result["database"] = "postgres" if connection.vendor == "postgresql" else "sqlite"
    details.update(
        database_label=database_label(connection),
        cpus=os.cpu_count(),
        load_after=os.getloadavg(),
        total_s=round(time.perf_counter() - started, 1),
    )
    return result


def _users():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    director = users.filter(role="director").order_by("pk").first()
    me = users.filter(role="me_officer").order_by("pk").first()
    if director is None or me is None:
        raise ScratchError("the generated data has no director or no M&E officer")
    return director, me


def random_spec(rng: random.Random, names: list[str], values: dict[str, list[str]]):
    """Two different dimensions, a period of a year, one or two filters on other dimensions."""
    from isenim.insights.pivot import PivotSpec

    rows, cols = rng.sample(names, 2)
    others = [name for name in FILTERABLE if name not in (rows, cols) and values.get(name)]
    filters = {name: (rng.choice(values[name]),) for name in rng.sample(others, rng.choice((1, 2)))}
    return PivotSpec(rows=rows, cols=cols, filters=filters, period=rng.choice(PERIODS))


def _time_pivots(config: dict, rng: random.Random, result: dict) -> None:
    from isenim.insights.pivot import PivotError, dimensions_for, run_pivot

    _director, me = _users()
    dimensions = dimensions_for("appeals", me)
    names = [d.name for d in dimensions]
    values = {d.name: list(d.values()) for d in dimensions if d.name in FILTERABLE}
    times, refused, shapes = [], 0, []
    profiler = None
    wanted = 10 * config["repeat"]
    warm_up = 5
    while len(times) < wanted:
        spec = random_spec(rng, names, values)
        if warm_up == 0 and config.get("profile") and profiler is None:
            import cProfile

            profiler = cProfile.Profile()
        if profiler:
            profiler.enable()
        t = time.perf_counter()
        try:
            pivot = run_pivot(spec, user=me, k=5)
        except PivotError:
            refused += 1
            continue
        finally:
            if profiler:
                profiler.disable()
        elapsed = (time.perf_counter() - t) * 1000
        if warm_up:
            warm_up -= 1
            continue
        times.append(elapsed)
        shapes.append(
            {
                "ms": round(elapsed, 1),
                "rows": spec.rows,
                "cols": spec.cols,
                "filters": sorted(spec.filters),
                "period": spec.period,
                "cells": len(pivot.table.row_keys) * len(pivot.table.col_keys),
            }
        )
    if profiler:
        _print_profile(profiler)
    shapes.sort(key=lambda s: -s["ms"])
    by_dimension: dict = {}
    for shape in shapes:
        for name in {shape["rows"], shape["cols"]}:
            by_dimension.setdefault(name, []).append(shape["ms"])
    result.update(p50_ms_pivot=round(percentile(times, 50), 1), p95_ms_pivot=round(percentile(times, 95), 1))
    result["details"].update(
        pivots=len(times),
        pivots_refused=refused,
        max_ms_pivot=round(max(times), 1),
        slowest_pivots=shapes[:10],
        # p95 of the pivots with that dimension in the rows or the columns, and how many
        p95_ms_pivot_by_dimension={
            name: [round(percentile(values, 95), 1), len(values)]
            for name, values in sorted(by_dimension.items())
        },
        pivots_timed=shapes,
    )


def _print_profile(profiler) -> None:
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    say(out.getvalue())


def _time_dashboards(config: dict, result: dict) -> None:
    from csp.middleware import CSPMiddleware
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from isenim.insights.views.dashboard import dashboard

    view = SessionMiddleware(MessageMiddleware(CSPMiddleware(dashboard)))
    path = reverse("insights:dashboard")
    director, me = _users()

    def page(user, cold: bool) -> float:
        if cold:
            cache.clear()  # the scratch database's cache table: the year's counts computed again
        request = RequestFactory().get(path)
        request.user = user
        t = time.perf_counter()
        response = view(request)
        elapsed = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise ScratchError(f"the dashboard answered {response.status_code} to {user.role}")
        return elapsed

    page(director, True)  # untimed
    rounds = [(user, cold) for user in (director, me) for cold in (True, False)] * config["repeat"]
    random.Random(config["seed"]).shuffle(rounds)
    times: dict = {}
    for user, cold in rounds:
        times.setdefault((user.role, cold), []).append(page(user, cold))
    cold_all = times[("director", True)] + times[("me_officer", True)]
    warm_all = times[("director", False)] + times[("me_officer", False)]
    cache.clear()
    request = RequestFactory().get(path)
    request.user = me
    with CaptureQueriesContext(connection) as queries:
        view(request)
    result.update(
        p50_ms_dashboard=round(percentile(cold_all, 50), 1),
        p95_ms_dashboard=round(percentile(cold_all, 95), 1),
        p50_ms_dashboard_warm=round(percentile(warm_all, 50), 1),
        p95_ms_dashboard_warm=round(percentile(warm_all, 95), 1),
    )
    result["details"].update(
        dashboards=len(cold_all),
        max_ms_dashboard=round(max(cold_all), 1),
        p95_ms_dashboard_director=round(percentile(times[("director", True)], 95), 1),
        p95_ms_dashboard_me=round(percentile(times[("me_officer", True)], 95), 1),
        queries_dashboard=len(queries.captured_queries),
    )


def _time_export(result: dict) -> None:
    """The export in a process of its own (``python -m bench.insights export FILE``: its peak memory is
    then the export's and Django's, not the generator's): ``export_ctdc`` of every case at k = 11 streamed
    to a file, not recorded as a release (a recorded one would be checked against by the next run)."""
    import json

    with tempfile.TemporaryDirectory(prefix="isenim-bench-export-") as tmp:
        output = Path(tmp) / "ctdc.csv"
        command = [sys.executable, "-m", "bench.insights", "export", str(output)]
        t = time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)  # noqa: S603
        process_s = time.perf_counter() - t
        if proc.returncode != 0:
            raise ScratchError(f"the export failed: {proc.stderr.decode(errors='replace')[-2000:]}")
        measured = json.loads(proc.stdout.decode().strip().splitlines()[-1])
        size = output.stat().st_size
    risk = measured["report"]
    result.update(
        export_s=measured["export_s"],
        export_mb=round(measured["maxrss_kib"] / 1024, 1),
        export_rows=risk["rows"],
    )
    result["details"].update(
        export_kib=size // 1024,
        export_process_s=round(process_s, 1),
        export_before_mb=round(measured["before_kib"] / 1024, 1),
        export_anon_mb=round(measured["anon_peak_kib"] / 1024, 1),
        export_report=risk,
    )


def _peak_kib() -> int | None:
    """This process's peak resident memory (VmHWM, KiB). Not ``ru_maxrss``: Linux keeps that across
    ``exec``, so a process started by the big generating child would report the child's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class _AnonymousPeak:
    """The peak of this process's anonymous memory (RssAnon: its heap, not the pages of files it maps),
    sampled every 10 ms in a thread. VmHWM also counts the database file's pages that SQLite maps
    (``mmap_size`` in the settings): page cache the kernel can drop, not memory the export holds."""

    def __init__(self):
        import threading

        self.peak_kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._done.wait(0.01):
            self._sample()

    def _sample(self) -> None:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    self.peak_kib = max(self.peak_kib, int(line.split()[1]))
                    return


def export_main(output: str) -> None:
    """The export process: Django set up, then only the export, timed; one JSON line on stdout."""
    import json
    import resource

    import django

    django.setup()
    from isenim.exchange.export import export_ctdc

    before = _peak_kib() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sampler = _AnonymousPeak()
    sampler.start()
    t = time.perf_counter()
    with open(output, "wb") as stream:
        risk = export_ctdc(stream, k=EXPORT_K, actor=None, recipient="bench", record=False)
    export_s = time.perf_counter() - t
    sampler.stop()
    peak = _peak_kib() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "export_s": round(export_s, 1),
                "maxrss_kib": peak,
                "anon_peak_kib": sampler.peak_kib,
                "before_kib": before,
                "report": risk.as_json(),
            }
        )
    )


def _time_import(config: dict, result: dict) -> None:
    """The same synthetic rows imported as CSV and as XLSX (the two ways CTDC distributes its files)."""
    from isenim.comparison.demo import synthetic_rows, write_csv, write_xlsx

    columns, rows = synthetic_rows(config["import_rows"], seed=config["seed"])
    with tempfile.TemporaryDirectory(prefix="isenim-bench-import-") as tmp:
        csv_path, xlsx_path = Path(tmp) / "ctdc-bench.csv", Path(tmp) / "ctdc-bench.xlsx"
        write_csv(csv_path, columns, rows)
        write_xlsx(xlsx_path, columns, rows)
        imported, import_s = _import_timed(csv_path)
        imported_xlsx, import_xlsx_s = _import_timed(xlsx_path)
        sizes = csv_path.stat().st_size, xlsx_path.stat().st_size
    result.update(
        import_rows=imported.rows_imported,
        import_per_s=round(imported.rows_imported / import_s),
        import_xlsx_per_s=round(imported_xlsx.rows_imported / import_xlsx_s),
    )
    result["details"].update(
        import_s=round(import_s, 2),
        import_rejected=imported.rows_rejected,
        import_kib=sizes[0] // 1024,
        import_xlsx_s=round(import_xlsx_s, 2),
        import_xlsx_rejected=imported_xlsx.rows_rejected,
        import_xlsx_kib=sizes[1] // 1024,
    )


def _import_timed(path: Path):
    from isenim.comparison.services import import_dataset

    t = time.perf_counter()
    imported = import_dataset(actor=None, path=path, name="bench-ctdc", replace=True, synthetic=True)
    return imported, time.perf_counter() - t


if __name__ == "__main__":
    if sys.argv[1] == "export":
        export_main(sys.argv[2])
    else:
        child_main(run, sys.argv[1:])
