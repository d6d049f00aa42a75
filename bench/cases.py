"""``isenim bench cases``: server time of the case list (with filters) and of "My work" at scale.

Two processes, as ``bench dedup`` (see ``bench/scratch.py``): the command makes a scratch database
(``bench-cases-<M>.sqlite3`` or the PostgreSQL database ``isenim_bench_cases``, so it can run beside a
dedup benchmark), runs ``python -m bench.cases`` against it with a throwaway data key and removes it.

The child (``run``):

1. migrates, loads the reference data, and makes ~40 caseworkers (1 director, 20 case managers,
   10 psychologists, 9 lawyers);
2. makes N people fast: ``bulk_create`` of ``Person`` rows whose sealed identity comes from a pool of a few
   hundred identities encrypted once, spread evenly over the districts of Karakalpakstan. No search
   index rows (``PersonIndex``) and no audit rows are written: the case list never reads them, and
   ``bench dedup`` measures the import and the search;
3. makes M cases: a case manager (the director manages a few) and 1–3 more team members, ~80% closed
   (opened over 7 years, closed 1–13 months later) and ~20% active (opened in the last two years, spread
   over the active statuses), priorities and risk levels; tasks (~2 open per active case, some overdue,
   some due this week, some follow-ups; one done per closed case) and referrals (~0.5 per case; on active
   cases some sent and waiting with a handler);
4. times, for a sample of caseworkers of every team role and a mix of filters (none, status, active only,
   priority, risk, manager, team member, district, case number, combined), page 1 and page 10:
   - ``case_list``: the view ``isenim.cases.views.cases.case_list`` with its paginator's count and the
     rendered template, called with a ``RequestFactory`` request through the session, messages and CSP
     middleware (the user attached; loading the session and the user are not timed);
   - ``raw_sql``: the page's SQL (the ids of the page, sliced as ``selectors.case_page`` slices them) run
     through a cursor with ``fetchall``, to tell the database's part from Django's;
   - ``my_work``: the view ``isenim.cases.views.my_work.my_work`` for each sampled user, rendered;
   and counts the queries of each page (``CaptureQueriesContext``, apart from the timed runs).
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import defaultdict
from datetime import timedelta

from bench.generate import analyze, explain, make_users, prepare_database, rounded_percentile, weighted
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
    "persons",
    "cases",
    "database",
    "p50_ms_case_list",
    "p95_ms_case_list",
    "p50_ms_my_work",
    "p95_ms_my_work",
    "p50_ms_raw_sql",
    "p95_ms_raw_sql",
    "queries_case_list",
    "queries_my_work",
)
PG_SCRATCH_NAME = "isenim_bench_cases"
GOAL_MS = 150
PAGES = (1, 10)
IDENTITY_POOL = 300
BATCH = 10_000
# Caseworkers: (role, how many). The director manages a few cases too.
STAFF = (("director", 1), ("case_manager", 20), ("psychologist", 10), ("lawyer", 9))
SAMPLE = (("director", 1), ("case_manager", 4), ("psychologist", 2), ("lawyer", 2))
ACTIVE_SHARE = 0.2
ACTIVE_STATUSES = {"open": 15, "assessment": 15, "plan": 15, "in_service": 35, "follow_up": 20}
PRIORITIES = {"low": 12, "normal": 60, "high": 20, "urgent": 8}
RISKS = {"low": 30, "medium": 50, "high": 20}
YEARS = 7


# --- The command side (no database of its own) -----------------------------------------------------
def add_arguments(parser) -> None:
    parser.add_argument("--people", type=int, required=True, help="How many people to make.")
    parser.add_argument("--cases", type=int, required=True, help="How many cases to make.")
    parser.add_argument(
        "--repeat", type=int, default=2, help="Times each (user, filter, page) is timed (default 2)."
    )
    parser.add_argument(
        "--users",
        type=int,
        default=9,
        help="Caseworkers the pages are timed for (default 9: the director, 4 case managers, "
        "2 psychologists, 2 lawyers; fewer: one of each role in turn).",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--explain", type=int, default=0, help="Print the query plans of the N slowest case-list pages."
    )
    parser.add_argument(
        "--details", default="", help="Also write the full result (by filter, slowest pages…) to this file."
    )
    add_scratch_arguments(
        parser, pg_name=PG_SCRATCH_NAME, file_pattern="bench-cases-<M>.sqlite3", reusable=True
    )


BenchError = ScratchError  # what the command turns into a CommandError


def handle(options: dict, stdout, stderr) -> dict:
    """Make the scratch database, measure in a child process, clean up, print; returns the result."""
    if min(options["people"], options["cases"], options["repeat"], options["users"]) < 1:
        raise BenchError("--people, --cases, --repeat and --users must be at least 1")
    keys = ("people", "cases", "database", "repeat", "users", "seed", "explain")
    config = {k: options[k] for k in keys}
    result = measure_in_scratch(
        options,
        module="bench.cases",
        config=config,
        file_stem=f"bench-cases-{options['cases']}",
        pg_name=PG_SCRATCH_NAME,
        stderr=stderr,
    )
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


def format_table(r: dict) -> str:
    d = r["details"]

    def line(label, key, what):
        p50, p95 = r[f"p50_ms_{key}"], r[f"p95_ms_{key}"]
        if p95 is None:
            return f"  {label:<16} (not measured: {what})"
        mark = "ok" if p95 < GOAL_MS else f"OVER {GOAL_MS} ms"
        return (
            f"  {label:<16} p50 {p50:>8.2f} ms   p95 {p95:>8.2f} ms   max {d[key]['max_ms']:>8.1f} ms   "
            f"{d[key]['n']:>4} timed   {mark}   {what}"
        )

    rows = [
        f"Case list and My work: {r['persons']:,} people, {r['cases']:,} cases on {d['database_label']} "
        f"({d['cpus']} CPU cores)",
        f"  made             {d['active_cases']:,} active cases, {d['members']:,} team places, "
        f"{d['tasks']:,} tasks ({d['overdue']:,} overdue), {d['referrals']:,} referrals "
        f"({d['waiting_referrals']:,} waiting) in {d['generate_s']:.0f} s",
        line("case list", "case_list", "view + paginator count + render"),
        line("raw SQL", "raw_sql", "the page's SELECT through a cursor, fetchall"),
        line("my work", "my_work", "view + render"),
        f"  CPU time of the web process (without waiting for a CPU; for SQLite with the database's work): "
        f"case list p50 {d['cpu_ms_case_list']['p50']} p95 {d['cpu_ms_case_list']['p95']} ms, "
        f"my work p50 {d['cpu_ms_my_work']['p50']} p95 {d['cpu_ms_my_work']['p95']} ms",
        f"  queries per page case list {r['queries_case_list']} (all pages: {d['case_list_query_counts']}), "
        f"my work {r['queries_my_work']} (all: {d['my_work_query_counts']})",
        "  case list p95 by filter (ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(d["case_list_by_filter"].items())),
        "  case list p95 by role (ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(d["case_list_by_role"].items())),
        "  slowest case-list pages: "
        + "; ".join(f"{s['role']} {s['filter']} p{s['page']} {s['ms']:.1f} ms" for s in d["slowest"][:5]),
    ]
    return "\n".join(rows) + "\n"


# --- The child process: everything inside the scratch database --------------------------------------
def run(config: dict) -> dict:
    from django.db import connection

    started = prepare_database()
    rng = random.Random(config["seed"])
    t0 = time.perf_counter()
    made = data_made_before(config) if config.get("reuse") else None
    if made is None:
        made = make_data(config["people"], config["cases"], rng)
    generate_s = time.perf_counter() - t0
    analyze(connection)
    say(f"{'Found' if made.get('reused') else 'Made'} the data in {generate_s:.0f} s; measuring")
    result = measure(made, config, rng)
    result.update(
        persons=config["people"],
        cases=config["cases"],
        database="postgres" if connection.vendor == "postgresql" else "sqlite",
    )
    result["details"].update(
        database_label=database_label(connection),
        cpus=os.cpu_count(),
        generate_s=round(generate_s, 1),
        reused=bool(made.get("reused")),
        total_s=round(time.perf_counter() - started, 1),
        **made["counts"],
    )
    return result


def make_staff() -> dict[str, list]:
    from bench.names import Generator

    names = Generator(99)

    def named(_role):
        name = names.person().name
        return name.first, name.last

    return make_users(STAFF, named)


def make_people(count: int, rng: random.Random, districts: list[int]) -> list[int]:
    """``count`` people with a sealed identity from a small pool (encrypted once), evenly over districts."""
    from bench.names import Generator
    from isenim.people.models import Person

    pool = []
    for synthetic in Generator(rng.randint(0, 10**6)).people(IDENTITY_POOL):
        identity = synthetic.identity()
        birth = identity.get("birth_date") or "1990-01-01"
        pool.append((Person.seal(identity), synthetic.name.sex, int(str(birth)[:4])))
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        rows = []
        for index in range(made, made + size):
            sealed, sex, birth_year = pool[index % IDENTITY_POOL]
            rows.append(
                Person(
                    code=f"ISN-B-{index + 1:07d}",
                    sealed_identity=sealed,
                    sex=sex,
                    birth_year=birth_year,
                    home_district_id=districts[index % len(districts)],
                )
            )
        Person.objects.bulk_create(rows, batch_size=2000)
        made += size
        if made % 200_000 < BATCH or made == count:
            say(f"  people {made:,}/{count:,}")
    return list(Person.objects.order_by("pk").values_list("pk", flat=True))


def make_data(people: int, cases: int, rng: random.Random) -> dict:
    from django.utils import timezone

    from isenim.cases.choices import Direction, PartnerKind, ReferralStatus, TaskKind
    from isenim.cases.models import Case, CaseMember, Partner, Referral, Task
    from isenim.geo.models import AdminUnit

    staff = make_staff()
    districts = list(AdminUnit.objects.filter(level__in=["district", "city"]).values_list("pk", flat=True))
    person_ids = make_people(people, rng, districts)
    partners = Partner.objects.bulk_create(
        Partner(name_kaa=f"Партнёр {number}", kind=kind)
        for number, kind in enumerate(PartnerKind.values, start=1)
    )
    managers = staff["case_manager"]
    director = staff["director"][0]
    others = {"psychologist": staff["psychologist"], "lawyer": staff["lawyer"], "case_manager": managers}
    today = timezone.localdate()
    counts = defaultdict(int)
    made = 0
    while made < cases:
        size = min(BATCH, cases - made)
        rows, teams = [], []
        for index in range(made, made + size):
            active = rng.random() < ACTIVE_SHARE
            if active:  # opened in the last two years, more of them recently
                opened = today - timedelta(days=int(730 * rng.random() ** 1.6))
                status, closed = weighted(rng, ACTIVE_STATUSES), None
            else:
                opened = today - timedelta(days=rng.randint(60, 365 * YEARS))
                status, closed = "closed", min(today, opened + timedelta(days=rng.randint(30, 400)))
            manager = director if rng.random() < 0.02 else rng.choice(managers)
            team = {manager}
            for role, chance in (("psychologist", 0.6), ("lawyer", 0.45), ("case_manager", 0.15)):
                if rng.random() < chance:
                    team.add(rng.choice(others[role]))
            if len(team) == 1:
                team.add(rng.choice(others[rng.choice(["psychologist", "lawyer"])]))
            person = rng.randrange(len(person_ids))
            rows.append(
                Case(
                    number=f"CASE-{opened.year}-B{index + 1:07d}",
                    person_id=person_ids[person],
                    home_district_id=districts[person % len(districts)],  # as make_people spreads them
                    manager=manager,
                    priority=weighted(rng, PRIORITIES),
                    risk=weighted(rng, RISKS),
                    status=status,
                    opened_on=opened,
                    closed_on=closed,
                    closure_reason="goals_met" if closed else "",
                )
            )
            teams.append(sorted(team, key=lambda user: user.pk))
        Case.objects.bulk_create(rows, batch_size=2000)
        members, tasks, referrals = [], [], []
        for case, team in zip(rows, teams, strict=True):
            members += [CaseMember(case=case, user=user, added_by=case.manager) for user in team]
            active = case.status != "closed"
            counts["active_cases"] += active
            for _task in range(rng.choice((1, 2, 2, 3)) if active else 1):
                due = today + timedelta(days=rng.randint(-45, 60)) if active else case.closed_on
                done = None if active and (due >= today or rng.random() < 0.5) else due
                kind = rng.choice([TaskKind.ACTION, TaskKind.ACTION, TaskKind.FOLLOW_UP, TaskKind.OTHER])
                tasks.append(
                    Task(case=case, kind=kind, assignee=rng.choice(team), due_on=due, done_on=done,
                         created_by=case.manager)
                )  # fmt: skip
                counts["overdue"] += done is None and due < today
            if rng.random() < 0.5:
                referrals.append(_referral(case, team, rng, today, partners, Direction, ReferralStatus))
                counts["waiting_referrals"] += referrals[-1].status == ReferralStatus.SENT
        CaseMember.objects.bulk_create(members, batch_size=2000)
        Task.objects.bulk_create(tasks, batch_size=2000)
        Referral.objects.bulk_create(referrals, batch_size=2000)
        counts["members"] += len(members)
        counts["tasks"] += len(tasks)
        counts["referrals"] += len(referrals)
        made += size
        if made % 50_000 < BATCH or made == cases:
            say(f"  cases {made:,}/{cases:,}")
    return {"staff": staff, "districts": districts, "counts": dict(counts)}


def data_made_before(config: dict) -> dict | None:
    """What ``make_data`` returned, read back from a database a ``--keep`` run left (``--reuse``); None
    when the database is empty. Other sizes than asked for are refused: the figures would mislead."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from isenim.cases.choices import ReferralStatus
    from isenim.cases.models import Case, CaseMember, Referral, Task
    from isenim.people.models import Person

    people, cases = Person.objects.count(), Case.objects.count()
    if not people and not cases:
        return None
    if (people, cases) != (config["people"], config["cases"]):
        raise ScratchError(
            f"the kept database has {people:,} people and {cases:,} cases, not the sizes asked"
        )
    by_role = defaultdict(list)
    for user in get_user_model().objects.order_by("pk"):
        by_role[user.role].append(user)
    districts = sorted(set(Person.objects.values_list("home_district_id", flat=True).distinct()))
    open_tasks = Task.objects.filter(done_on=None, case__status__in=list(ACTIVE_STATUSES))
    counts = {
        "active_cases": Case.objects.active().count(),
        "members": CaseMember.objects.count(),
        "tasks": Task.objects.count(),
        "overdue": open_tasks.filter(due_on__lt=timezone.localdate()).count(),
        "referrals": Referral.objects.count(),
        "waiting_referrals": Referral.objects.filter(status=ReferralStatus.SENT).count(),
    }
    return {"staff": by_role, "districts": districts, "counts": counts, "reused": True}


def _referral(case, team, rng, today, partners, Direction, ReferralStatus):
    from isenim.cases.models import Referral

    sent = case.opened_on + timedelta(days=rng.randint(0, 60))
    sent = min(sent, case.closed_on or today, today)
    if case.status == "closed":
        status = rng.choice([ReferralStatus.COMPLETED] * 4 + [ReferralStatus.REJECTED])
    else:
        status = weighted(rng, {ReferralStatus.SENT: 40, ReferralStatus.ACCEPTED: 40, "done": 20})
        if status == "done":
            status = rng.choice([ReferralStatus.COMPLETED, ReferralStatus.REJECTED])
    waiting = status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    return Referral(
        case=case,
        direction=Direction.INCOMING if rng.random() < 0.2 else Direction.OUTGOING,
        partner=rng.choice(partners),
        shares_personal_data=False,
        status=status,
        sent_on=sent,
        answered_on=None if status == ReferralStatus.SENT else sent + timedelta(days=3),
        completed_on=sent + timedelta(days=20) if status == ReferralStatus.COMPLETED else None,
        handler=(case.manager if rng.random() < 0.7 else rng.choice(team)) if waiting else None,
        created_by=case.manager,
    )


# --- Measuring -------------------------------------------------------------------------------------------
def _filters(user, staff: dict, districts: list[int], rng: random.Random, number: str) -> list[tuple]:
    """(label, GET parameters) the case list is timed with, for one user."""
    return [
        ("none", {}),
        ("active", {"active": "on"}),
        ("status", {"status": "in_service"}),
        ("closed", {"status": "closed"}),
        ("priority", {"priority": "urgent"}),
        ("risk", {"risk": "high"}),
        ("manager", {"manager": str(rng.choice(staff["case_manager"]).pk)}),
        ("member", {"member": str(rng.choice(staff["psychologist"] + staff["lawyer"]).pk)}),
        ("my_cases", {"member": str(user.pk), "active": "on"}),
        ("district", {"district": str(rng.choice(districts))}),
        ("district_active", {"district": str(rng.choice(districts)), "active": "on"}),
        ("active_high", {"active": "on", "priority": "high", "risk": "high"}),
        ("number", {"number": number}),
    ]


def _sample_users(staff: dict, rng: random.Random, count: int) -> list:
    """``count`` caseworkers: SAMPLE's mix (9), or fewer taken one role at a time (director first)."""
    by_role = [rng.sample(staff[role], n) for role, n in SAMPLE]
    users = []
    while len(users) < min(count, sum(n for _role, n in SAMPLE)):
        for picked in by_role:
            if picked and len(users) < count:
                users.append(picked.pop(0))
    return users


def _through_middleware(view):
    """The view behind the middleware it needs to render (sessions, messages, the CSP nonce)."""
    from csp.middleware import CSPMiddleware
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    return SessionMiddleware(MessageMiddleware(CSPMiddleware(view)))


def _request(path: str, params: dict, user):
    from django.test import RequestFactory

    request = RequestFactory().get(path, params)
    request.user = user
    return request


def measure(made: dict, config: dict, rng: random.Random) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from isenim.cases import forms
    from isenim.cases.models import Case
    from isenim.cases.selectors import cases as selectors
    from isenim.cases.views import cases as case_views
    from isenim.cases.views.cases import PAGE_SIZE

    try:
        from isenim.cases.views.my_work import my_work as my_work_view
    except ImportError:  # not written yet
        my_work_view = None
    staff, districts = made["staff"], made["districts"]
    users = _sample_users(staff, rng, config.get("users", 9))
    list_view = _through_middleware(case_views.case_list)
    list_path = reverse("cases:case_list")
    work_view = _through_middleware(my_work_view) if my_work_view else None
    work_path = reverse("cases:my_work") if my_work_view else ""

    plans = []  # (user, label, params, page)
    for user in users:
        some_case = selectors.case_list(user).order_by("?").first() or Case.objects.first()
        for label, params in _filters(user, staff, districts, rng, some_case.number):
            for page in PAGES:
                plans.append((user, label, {**params, "page": str(page)} if page > 1 else params, page))

    def page_sql(user, params, page):
        form = forms.CaseFilterForm(params)
        filters = form.filters() if set(params) - {"page"} else selectors.CaseFilters()
        queryset = selectors.case_list(user, filters).values_list("pk", flat=True)  # as selectors.case_page
        return queryset[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].query.sql_with_params()

    sqls = {id(plan): page_sql(plan[0], plan[2], plan[3]) for plan in plans}

    cpu_list, cpu_work = [], []

    def time_list(plan):
        user, _label, params, _page = plan
        t0, c0 = time.perf_counter(), time.thread_time()
        response = list_view(_request(list_path, params, user))
        ms = (time.perf_counter() - t0) * 1000
        cpu_list.append((time.thread_time() - c0) * 1000)
        assert response.status_code == 200, response.status_code
        return ms

    def time_sql(plan):
        sql, params = sqls[id(plan)]
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        return (time.perf_counter() - t0) * 1000

    def time_work(user):
        t0, c0 = time.perf_counter(), time.thread_time()
        response = work_view(_request(work_path, {}, user))
        ms = (time.perf_counter() - t0) * 1000
        cpu_work.append((time.thread_time() - c0) * 1000)
        assert response.status_code == 200, response.status_code
        return ms

    # Warm-up (one untimed pass), then the query counts (apart: capturing costs a little).
    for plan in plans:
        time_list(plan)
        time_sql(plan)
    list_counts, work_counts = set(), set()
    for plan in plans:
        with CaptureQueriesContext(connection) as captured:
            time_list(plan)
        list_counts.add(len(captured))
    if work_view:
        for user in users:
            time_work(user)
            with CaptureQueriesContext(connection) as captured:
                time_work(user)
            work_counts.add(len(captured))

    list_ms, sql_ms, work_ms = [], [], []
    cpu_list.clear()
    cpu_work.clear()
    by_filter, by_role, by_plan = defaultdict(list), defaultdict(list), defaultdict(list)
    for _round in range(config["repeat"]):
        for plan in rng.sample(plans, len(plans)):
            ms = time_list(plan)
            list_ms.append(ms)
            by_filter[plan[1]].append(ms)
            by_role[plan[0].role].append(ms)
            by_plan[id(plan)].append(ms)
            sql_ms.append(time_sql(plan))
        if work_view:
            for user in users:
                for _again in range(5):
                    work_ms.append(time_work(user))
    say(f"Timed {len(list_ms)} case-list pages, {len(work_ms)} My work pages")
    slowest = sorted(plans, key=lambda plan: -max(by_plan[id(plan)]))
    if config.get("explain"):
        for plan in slowest[: config["explain"]]:
            _explain(connection, plan, sqls[id(plan)])

    def stats(values):
        if not values:
            return None, None, {"n": 0, "max_ms": None}
        return (
            round(percentile(values, 50), 2),
            round(percentile(values, 95), 2),
            {"n": len(values), "max_ms": round(max(values), 1)},
        )

    p50_list, p95_list, list_info = stats(list_ms)
    p50_sql, p95_sql, sql_info = stats(sql_ms)
    p50_work, p95_work, work_info = stats(work_ms)
    return {
        "p50_ms_case_list": p50_list,
        "p95_ms_case_list": p95_list,
        "p50_ms_my_work": p50_work,
        "p95_ms_my_work": p95_work,
        "p50_ms_raw_sql": p50_sql,
        "p95_ms_raw_sql": p95_sql,
        "queries_case_list": max(list_counts),
        "queries_my_work": max(work_counts) if work_counts else None,
        "details": {
            "case_list": list_info,
            "raw_sql": sql_info,
            "my_work": work_info,
            # CPU time of this process (Python, and SQLite's own work; not PostgreSQL's): what the
            # page costs without the waits for a CPU that other processes on the machine cause.
            "cpu_ms_case_list": {
                "p50": rounded_percentile(cpu_list, 50),
                "p95": rounded_percentile(cpu_list, 95),
            },
            "cpu_ms_my_work": {
                "p50": rounded_percentile(cpu_work, 50),
                "p95": rounded_percentile(cpu_work, 95),
            },
            "case_list_query_counts": sorted(list_counts),
            "my_work_query_counts": sorted(work_counts),
            "case_list_by_filter": {k: round(percentile(v, 95), 1) for k, v in by_filter.items()},
            "case_list_by_role": {k: round(percentile(v, 95), 1) for k, v in by_role.items()},
            "slowest": [
                {"role": p[0].role, "filter": p[1], "page": p[3], "ms": round(max(by_plan[id(p)]), 1)}
                for p in slowest[:20]
            ],
            "sampled_users": [user.username for user in users],
            "pages": list(PAGES),
            "repeat": config["repeat"],
        },
    }


def _explain(connection, plan, sql_params) -> None:
    from isenim.cases.selectors import cases as selectors

    user, label, params, page = plan
    sql, values = sql_params
    say(f"--- {user.role} {label} page {page}: {params}")
    count_sql, count_values = _count_sql(user, params, selectors)
    for what, statement, args in (("page", sql, values), ("count", count_sql, count_values)):
        explain(connection, statement, args, label=what)


def _count_sql(user, params, selectors):
    """About what the paginator's count runs: the filtered cases, unordered, counted."""
    from isenim.cases import forms

    form = forms.CaseFilterForm(params)
    filters = form.filters() if set(params) - {"page"} else selectors.CaseFilters()
    query = selectors.case_list(user, filters).query.chain()
    query.clear_ordering(force=True)
    sql, values = query.sql_with_params()
    return f"SELECT COUNT(*) FROM ({sql}) AS counted", values  # noqa: S608 (Django's own SQL)


if __name__ == "__main__":
    child_main(run, sys.argv[1:])
