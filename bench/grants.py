"""``isenim bench grants``: the targets-against-actuals table and the donor report's PDF of a grant project
with 30 indicators × 12 quarterly periods over a database of 1,000,000 appeals, 300,000 cases and 50,000
outreach actions (issue 14, "Numbers it must reach": the table p95 ≤ 500 ms, the PDF ≤ 10 s).

Two processes, as the other benchmarks (``bench/scratch.py``): a scratch database
(``bench-grants-<appeals>.sqlite3`` or the PostgreSQL database ``isenim_bench_grants``), ``python -m
bench.grants`` run against it, removed afterwards unless ``--keep``.

The child:

1. migrates, loads the reference data, makes ten years of prevention work with ``bench.prevention``'s
   generator (outreach actions with their tallies, print runs, stock movements, appeals over ten years) and
   ``--scale`` × 300,000 cases of synthetic people (``bench.cases.make_people``), fast (``bulk_create``),
   a service for half of the cases (a third of those with a coded result reached), and places every
   appeal, person and action of Moʻynoq district in one of its citizens' assemblies (the generators give
   a district only; without this the measures of the target assemblies counted nothing);
2. makes a grant project over the last three years — 12 quarters, the assemblies of the reference data as
   targets, ~200 meetings with residents — and 30 indicators bound in turn to every registered measure
   (their parameters are optional; ``project`` is set by ``refresh_actuals``), each with a target per
   quarter; computes every quarter's actuals (``refresh_actuals``, timed apart: not a goal; the details
   count the values that found something, ``actuals_nonzero``) and freezes the first eight quarters;
3. times, as the M&E officer, ``selectors.results.results_table(project, 12 quarters, user)`` ``--repeat``
   times (p50, p95, queries), then the donor report's files for the latest quarter built as the
   background task builds them (``services.reports.build_files``: actuals refreshed, content read, PDF and
   XLSX made and sealed in the vault), ``--pdf-repeat`` times; the PDF's share is timed apart.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
import time
from datetime import date, timedelta

from bench.generate import analyze, prepare_database
from bench.scratch import (
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
    "actions",
    "indicators",
    "periods",
    "database",
    "p50_ms_table",
    "p95_ms_table",
    "queries_table",
    "p50_s_report",
    "max_s_report",
    "max_s_pdf",
)
PG_SCRATCH_NAME = "isenim_bench_grants"
GOAL_TABLE_MS = 500
GOAL_REPORT_S = 10
FULL_CASES = 300_000
INDICATORS = 30
QUARTERS = 12

BenchError = ScratchError


def add_arguments(parser) -> None:
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="Share of the full size (1: 1,000,000 appeals, 300,000 cases, 50,000 actions; 0.01 for a quick "
        "run). The project is always 30 indicators × 12 quarters.",
    )
    parser.add_argument("--repeat", type=int, default=20, help="Times the table is timed (default 20).")
    parser.add_argument("--pdf-repeat", type=int, default=3, help="Times the report is built (default 3).")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--details", default="", help="Also write the full result to this file.")
    add_scratch_arguments(parser, pg_name=PG_SCRATCH_NAME, file_pattern="bench-grants-<appeals>.sqlite3")


def handle(options: dict, stdout, stderr) -> dict:
    from bench.prevention import sizes

    if not 0 < options["scale"] <= 10 or options["repeat"] < 1 or options["pdf_repeat"] < 1:
        raise BenchError("--scale must be more than 0 and at most 10, --repeat and --pdf-repeat at least 1")
    config = {k: options[k] for k in ("scale", "database", "repeat", "pdf_repeat", "seed")}
    config.update(sizes(options["scale"]))
    config["cases"] = max(1, round(FULL_CASES * options["scale"]))
    if config["movements"] < config["print_runs"] * 2:
        raise BenchError("--scale is too small: fewer stock movements than twice the print runs")
    result = measure_in_scratch(
        options,
        module="bench.grants",
        config=config,
        file_stem=f"bench-grants-{config['appeals']}",
        pg_name=PG_SCRATCH_NAME,
        stderr=stderr,
    )
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


def format_table(r: dict) -> str:
    d = r["details"]
    table_mark = "ok" if r["p95_ms_table"] <= GOAL_TABLE_MS else f"OVER {GOAL_TABLE_MS} ms"
    report_mark = "ok" if r["max_s_report"] <= GOAL_REPORT_S else f"OVER {GOAL_REPORT_S} s"
    return (
        f"Grants: {r['indicators']} indicators × {r['periods']} quarters over {r['appeals']:,} appeals, "
        f"{r['cases']:,} cases, {r['actions']:,} actions on {d['database_label']} ({d['cpus']} CPU cores)\n"
        f"  made the data in {d['generate_s']:.0f} s; actuals of every quarter computed in "
        f"{d['actuals_s']:.1f} s ({d['measures']} measures in turn)\n"
        f"  table      p50 {r['p50_ms_table']:>8.2f} ms   p95 {r['p95_ms_table']:>8.2f} ms   "
        f"{d['table_n']} timed, {r['queries_table']} queries   goal {GOAL_TABLE_MS} ms: {table_mark}\n"
        f"  report     p50 {r['p50_s_report']:>8.2f} s    max {r['max_s_report']:>8.2f} s    "
        f"(the PDF alone max {r['max_s_pdf']:.2f} s, {d['pdf_kib']} KiB, {d['pdf_pages']} pages) "
        f"{d['report_n']} built   goal {GOAL_REPORT_S} s: {report_mark}\n"
    )


# --- The child --------------------------------------------------------------------------------------
def run(config: dict) -> dict:
    from django.conf import settings
    from django.db import connection, transaction

    from bench.prevention import make_data as make_prevention

    settings.ISENIM_VAULT_DIR = os.path.join(
        os.environ.get("TMPDIR", "/tmp"),  # noqa: S108 (a scratch vault for the report's files)
        f"isenim-bench-grants-vault-{os.getpid()}",
    )
    started = prepare_database()
    rng = random.Random(config["seed"])
    t0 = time.perf_counter()
    with transaction.atomic():
        made = make_prevention(config, rng)
        cases = make_cases(config["cases"], rng)
        services = make_services(rng)
        placed = place_in_assemblies()
        project, director = make_project(rng)
    generate_s = time.perf_counter() - t0
    analyze(connection)
    say(f"Made the data in {generate_s:.0f} s; computing the actuals")
    try:
        result = measure(project, director, config)
    finally:
        shutil.rmtree(settings.ISENIM_VAULT_DIR, ignore_errors=True)
    result.update(
        appeals=config["appeals"],
        cases=cases,
        actions=config["actions"],
        database="postgres" if connection.vendor == "postgresql" else "sqlite",
    )
    result["details"].update(
        database_label=database_label(connection),
        cpus=os.cpu_count(),
        generate_s=round(generate_s, 1),
        prevention=made["counts"],
        services=services,
        placed_in_assemblies=placed,
        scale=config["scale"],
        total_s=round(time.perf_counter() - started, 1),
    )
    return result


def make_cases(count: int, rng: random.Random) -> int:
    """``count`` cases, each of its own synthetic person (``bench.cases.make_people``)."""
    from django.contrib.auth import get_user_model

    from bench.cases import make_people
    from isenim.cases.models import Case
    from isenim.geo.models import AdminUnit

    districts = list(AdminUnit.objects.filter(level__in=["district", "city"]).values_list("pk", flat=True))
    people = make_people(count, rng, districts)
    manager = get_user_model().objects.filter(role="director").order_by("pk").first()
    today = date.today()
    rows = []
    for index, person in enumerate(people):
        opened = today - timedelta(days=rng.randint(1, 3650))
        closed = rng.random() < 0.7
        rows.append(
            Case(
                number=f"CASE-{opened.year}-G{index + 1:07d}",
                person_id=person,
                home_district_id=districts[index % len(districts)],
                manager=manager,
                status="closed" if closed else "open",
                opened_on=opened,
                closed_on=min(today, opened + timedelta(days=90)) if closed else None,
                closure_reason="goals_met" if closed else "",
            )
        )
        if len(rows) == 5000:
            Case.objects.bulk_create(rows)
            rows = []
    Case.objects.bulk_create(rows)
    say(f"  cases {count:,}")
    return count


def make_services(rng: random.Random) -> dict:
    """A service for about half of the cases, delivered while the case was open; a service whose type
    records a coded result (employment, business, benefit, family help) reached it in one of three, so the
    measures of results (issue 14, item 8) have something to count."""
    from django.contrib.auth import get_user_model

    from isenim.cases.choices import RESULT_REACHED
    from isenim.cases.models import Case, ServiceDelivery, ServiceType
    from isenim.cases.services.catalogue import load_catalogue

    load_catalogue()  # the shipped service catalogue (make run loads it; a scratch database has none)
    types = list(ServiceType.objects.filter(active=True).values_list("pk", "result_kind"))
    staff = get_user_model().objects.filter(role="director").order_by("pk").first()
    today = date.today()
    rows, made, reached = [], 0, 0
    for case_id, opened in Case.objects.values_list("pk", "opened_on").iterator(chunk_size=5000):
        if rng.random() >= 0.5:
            continue
        type_id, kind = rng.choice(types)
        delivered = min(today, opened + timedelta(days=rng.randint(0, 60)))
        result, result_on = "", None
        if kind and rng.random() < 1 / 3:
            result, result_on = (
                RESULT_REACHED[kind],
                min(today, delivered + timedelta(days=rng.randint(0, 30))),
            )
            reached += 1
        rows.append(
            ServiceDelivery(
                case_id=case_id,
                service_type_id=type_id,
                delivered_on=delivered,
                provider_user=staff,
                result=result,
                result_on=result_on,
                recorded_by=staff,
            )
        )
        made += 1
        if len(rows) == 5000:
            ServiceDelivery.objects.bulk_create(rows)
            rows = []
    ServiceDelivery.objects.bulk_create(rows)
    say(f"  services {made:,} ({reached:,} with a result reached)")
    return {"services": made, "results_reached": reached}


def place_in_assemblies() -> dict:
    """The generators give appeals, people and outreach actions a district only. The project's target
    assemblies are citizens' assemblies of one district (Moʻynoq, where the reference data lists them):
    every appeal, person and action of a district that has assemblies is placed in one of them, in turn,
    so the measures computed for the target assemblies count real rows."""
    from django.db import connection

    from isenim.appeals.models import Appeal
    from isenim.geo.models import AdminUnit
    from isenim.people.models import Person
    from isenim.prevention.models import OutreachAction

    placed = {}
    by_district: dict[int, list[int]] = {}
    for pk, parent in (
        AdminUnit.objects.filter(level="assembly").order_by("code").values_list("pk", "parent_id")
    ):
        by_district.setdefault(parent, []).append(pk)
    targets = (
        (Appeal, "home_district_id", "home_assembly_id"),
        (Person, "home_district_id", "home_assembly_id"),
        (OutreachAction, "district_id", "assembly_id"),
    )
    with connection.cursor() as cursor:
        for model, district_column, assembly_column in targets:
            table = connection.ops.quote_name(model._meta.db_table)
            count = 0
            for district, assemblies in by_district.items():
                choice = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(assemblies))
                cursor.execute(
                    f"UPDATE {table} SET {assembly_column} = CASE (id %% {len(assemblies)}) {choice} END "  # noqa: S608 (ids and column names of our own)
                    f"WHERE {district_column} = %s",
                    [district],
                )
                count += cursor.rowcount
            placed[model._meta.label_lower] = count
    say(f"  placed in assemblies: {placed}")
    return placed


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def make_project(rng: random.Random):
    from django.contrib.auth import get_user_model

    from isenim.core.measures import measure_choices
    from isenim.geo.models import AdminUnit
    from isenim.grants.models import (
        GrantProject,
        Indicator,
        IndicatorTarget,
        LogframeNode,
        Meeting,
        ReportingPeriod,
        TargetCommunity,
    )
    from isenim.grants.services.projects import ensure_periods

    users = get_user_model().objects
    director = users.filter(role="director").order_by("pk").first()
    ends_on = _quarter_start(date.today()) - timedelta(days=1)
    starts_on = _quarter_start(ends_on - timedelta(days=3 * 365 - 10))
    project = GrantProject.objects.create(
        code="bench-grant",
        title="Bench grant project",
        donor="Bench donor",
        starts_on=starts_on,
        ends_on=ends_on,
        budget_uzs=500_000_000,
        reporting="quarter",
        created_by=director,
    )
    ensure_periods(project)
    periods = list(ReportingPeriod.objects.filter(project=project, kind="quarter").order_by("starts_on"))
    assemblies = list(
        AdminUnit.objects.filter(level="assembly").order_by("code").values_list("pk", flat=True)
    )
    targets = assemblies[: max(11, len(assemblies) // 4)]
    TargetCommunity.objects.bulk_create(TargetCommunity(project=project, assembly_id=pk) for pk in targets)
    meetings = []
    for _i in range(200):
        day = starts_on + timedelta(days=rng.randint(0, (ends_on - starts_on).days))
        meetings.append(
            Meeting(
                project=project,
                held_on=day,
                assembly_id=rng.choice(targets),
                venue="Bench",
                attendance_total=30,
                f_18_29=15,
                m_30_49=15,
                created_by=director,
            )
        )
    Meeting.objects.bulk_create(meetings)
    goal = LogframeNode.objects.create(project=project, level="goal", code="1", text="Goal")
    outcome = LogframeNode.objects.create(project=project, level="outcome", parent=goal, code="1.1", text="O")
    output = LogframeNode.objects.create(
        project=project, level="output", parent=outcome, code="1.1.1", text="P"
    )
    # every registered measure: their parameters are optional, and ``project`` is set by refresh_actuals
    codes = [code for code, _label in measure_choices() if code]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            node=output,
            code=f"{i + 1:02d}",
            name=f"Indicator {i + 1}",
            life_target=1000,
            cumulative=i % 2 == 0,
            disaggregation=["assembly"],
            measure=codes[i % len(codes)] if i < INDICATORS - 2 else "",  # two by hand
        )
        for i in range(INDICATORS)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, period=period, target=rng.randint(10, 300))
        for indicator in indicators
        for period in periods
    )
    return project, director


def measure(project, director, config: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from isenim.core.vault_files import load
    from isenim.grants.models import IndicatorValue, Report, ReportingPeriod
    from isenim.grants.selectors.results import results_table
    from isenim.grants.services.reports import PDF_CONTEXT, build_files
    from isenim.grants.services.values import refresh_actuals

    periods = list(ReportingPeriod.objects.filter(project=project, kind="quarter").order_by("starts_on"))
    t0 = time.perf_counter()
    for period in periods:
        with transaction.atomic():
            refresh_actuals(project, period, actor=director)
    actuals_s = time.perf_counter() - t0
    IndicatorValue.objects.filter(period__in=periods[:8]).update(frozen=True)
    me = get_user_model().objects.filter(role="me_officer").order_by("pk").first() or director
    say(f"Actuals computed in {actuals_s:.1f} s; timing the table")
    times = []
    for _ in range(config["repeat"]):
        t = time.perf_counter()
        rows = results_table(project, periods, me)
        times.append((time.perf_counter() - t) * 1000)
    with CaptureQueriesContext(connection) as queries:
        results_table(project, periods, me)
    say("Timing the donor report")
    from isenim.grants import report_files
    from isenim.grants.selectors.reports import report_content

    latest = periods[-1]
    report = Report.objects.create(
        project=project,
        period=latest,
        language="kaa",
        created_by=director,
        narrative={"activities": "Ушырасыўлар. " * 200, "results": "Нәтийже. " * 100},
    )
    builds, pdfs = [], []
    for _ in range(config["pdf_repeat"]):
        t = time.perf_counter()
        report = build_files(report)
        builds.append(time.perf_counter() - t)
        content = report_content(project, latest, "kaa", report.narrative)
        t = time.perf_counter()
        report_files.pdf_bytes(content)
        pdfs.append(time.perf_counter() - t)
    pdf = load(report.pdf_vault_name, context=PDF_CONTEXT)

    from pypdf import PdfReader

    return {
        "indicators": len(rows),
        "periods": len(periods),
        "p50_ms_table": round(percentile(times, 50), 2),
        "p95_ms_table": round(percentile(times, 95), 2),
        "queries_table": len(queries.captured_queries),
        "p50_s_report": round(percentile(builds, 50), 2),
        "max_s_report": round(max(builds), 2),
        "max_s_pdf": round(max(pdfs), 2),
        "details": {
            "actuals_s": round(actuals_s, 1),
            "measures": len({row.indicator.measure for row in rows if row.indicator.measure}),
            # computed actuals that found something: a measure that finds nothing in the data is not timed
            "actuals_nonzero": IndicatorValue.objects.filter(
                indicator__node__project=project, value__gt=0
            ).count(),
            "actuals_total": IndicatorValue.objects.filter(indicator__node__project=project).count(),
            "table_n": len(times),
            "report_n": len(builds),
            "pdf_kib": len(pdf) // 1024,
            "pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages),
        },
    }


if __name__ == "__main__":
    child_main(run, sys.argv[1:])
