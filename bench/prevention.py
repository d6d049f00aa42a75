"""``isenim bench prevention``: the prevention dashboard, a campaign page and the stock balances of every
edition, at the size of ten years of a network of centres (issue 13, "Numbers it must reach").

Two processes, as the other benchmarks (``bench/scratch.py``): the command makes a scratch database
(``bench-prevention-<actions>.sqlite3`` or the PostgreSQL database ``isenim_bench_prevention``), runs
``python -m bench.prevention`` against it with a throwaway data key and removes it (unless ``--keep``;
``--reuse`` measures again in a kept one, after any new migration).

The child (``run``):

1. migrates, loads the reference data, makes the staff of a network of centres (a director, prevention
   officers, M&E officers, lawyers, case managers, intake operators) — the prevention officer who opens
   the pages has a second factor, as every account must;
2. makes ten years of prevention work fast (``bulk_create``, no services, no audit rows — nothing here is
   what is measured), at ``--scale`` 1: 50,000 outreach actions (with their anonymous tallies, staff
   present, a few hundred in the next two weeks), 5,000 print runs, 500,000 stock movements (the print
   runs' own, then draws to actions, distribution points, write-offs and returns, made in the order of
   their dates so that no edition's stock goes below zero on any day; ``Edition.on_hand`` is then set to
   each edition's ledger sum, as the ledger service keeps it), 1,000,000 appeals (anonymous, over ten
   years, most with an outcome) of which 12% say which campaign, action, placement or material they heard
   of the centre through (``AppealSource``), ~300 campaigns (year-long awareness campaigns with
   pre-departure seasons inside them, grant activities), ~250 materials in ~1,000 editions, ~2,000 media
   placements; then ``ANALYZE`` (SQLite) or ``VACUUM ANALYZE`` (PostgreSQL);
3. times, as the prevention officer, through the Django test client (every middleware, the session, the
   rendered template — what the server spends before sending):
   - ``dashboard``: ``prevention:dashboard``, ``--repeat`` times;
   - ``campaign``: ``prevention:campaign_detail`` of ten campaigns (the one with the most actions, the
     largest running one, a parent with its seasons, the latest, and random ones), ``--repeat`` times each;
   - ``balances``: ``selectors.stock.edition_balances()`` read whole (every edition with its balance),
     ``5 × --repeat`` times.
   Until a page exists (its URL name does not resolve) its selector is timed instead
   (``dashboard_figures(user, today)``, ``campaign_figures(campaign, user)``) and the table says so; a page
   that answers anything but 200 stops the benchmark with the status. Queries per page are counted apart,
   with the slowest queries of each page, each run again with ``fetchall`` and timed (``--explain``: their
   plans).
"""

from __future__ import annotations

import bisect
import math
import os
import random
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

from bench.generate import (
    analyze,
    bulk,
    explain,
    make_users,
    prepare_database,
    progress,
    rounded_percentile,
    weighted,
)
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
    "actions",
    "print_runs",
    "movements",
    "appeals",
    "database",
    "p50_ms_dashboard",
    "p95_ms_dashboard",
    "p50_ms_campaign",
    "p95_ms_campaign",
    "p50_ms_balances",
    "p95_ms_balances",
    "queries_dashboard",
    "queries_campaign",
    "measured",
)
PG_SCRATCH_NAME = "isenim_bench_prevention"
GOALS_MS = {"dashboard": 150, "campaign": 150, "balances": 50}
# At --scale 1 (issue 13): ten years of a network of centres.
FULL = {"actions": 50_000, "print_runs": 5_000, "movements": 500_000, "appeals": 1_000_000}
YEARS = 10
CAMPAIGNS_PER_YEAR = 30
MATERIALS = 250
PLACEMENTS = 2_000
ATTRIBUTED = 0.12  # share of appeals that say where they heard of the centre
UPCOMING_DAYS = 14
BATCH = 10_000
STAFF = (
    ("director", 1),
    ("prevention_officer", 10),
    ("me_officer", 2),
    ("lawyer", 3),
    ("case_manager", 10),
    ("intake_operator", 5),
)
UNIT_COST = {  # UZS a copy, by kind
    "poster": 3_200,
    "flyer": 450,
    "booklet": 2_800,
    "brochure": 1_900,
    "business_card": 220,
}
CAMPAIGN_PAGES = 10


# --- The command side (no database of its own) -----------------------------------------------------
def add_arguments(parser) -> None:
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="Share of the full size (1: 50,000 actions, 5,000 print runs, 500,000 stock movements, "
        "1,000,000 appeals; 0.01 for a quick run).",
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="Times each page is timed (default 20; balances 5 times more)."
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--explain", action="store_true", help="Print the query plans of the slowest queries of each page."
    )
    parser.add_argument("--details", default="", help="Also write the full result to this file.")
    add_scratch_arguments(
        parser, pg_name=PG_SCRATCH_NAME, file_pattern="bench-prevention-<actions>.sqlite3", reusable=True
    )


BenchError = ScratchError  # what the command turns into a CommandError


def sizes(scale: float) -> dict[str, int]:
    return {name: max(1, round(full * scale)) for name, full in FULL.items()}


def handle(options: dict, stdout, stderr) -> dict:
    """Make the scratch database, measure in a child process, clean up, print; returns the result."""
    if not 0 < options["scale"] <= 10 or options["repeat"] < 1:
        raise BenchError("--scale must be more than 0 and at most 10, --repeat at least 1")
    config = {k: options[k] for k in ("scale", "database", "repeat", "seed", "explain")}
    config.update(sizes(options["scale"]))
    if config["movements"] < config["print_runs"] * 2:
        raise BenchError("--scale is too small: fewer stock movements than twice the print runs")
    result = measure_in_scratch(
        options,
        module="bench.prevention",
        config=config,
        file_stem=f"bench-prevention-{config['actions']}",
        pg_name=PG_SCRATCH_NAME,
        stderr=stderr,
    )
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


def format_table(r: dict) -> str:
    d = r["details"]

    def line(label, key, what):
        p50, p95 = r[f"p50_ms_{key}"], r[f"p95_ms_{key}"]
        how = r["measured"][key]
        if p95 is None:
            return f"  {label:<10} not measured: {how}"
        goal = GOALS_MS[key]
        mark = "ok" if p95 <= goal else f"OVER {goal} ms"
        return (
            f"  {label:<10} p50 {p50:>8.2f} ms   p95 {p95:>8.2f} ms   max {d[key]['max_ms']:>8.1f} ms   "
            f"{d[key]['n']:>4} timed   goal {goal} ms: {mark}   {what} ({how})"
        )

    made = d["made"]
    rows = [
        f"Prevention: {r['actions']:,} actions, {r['print_runs']:,} print runs, {r['movements']:,} stock "
        f"movements, {r['appeals']:,} appeals on {d['database_label']} ({d['cpus']} CPU cores)",
        f"  made       {made['campaigns']:,} campaigns, {made['materials']:,} materials in "
        f"{made['editions']:,} editions, {made['placements']:,} placements, {made['sources']:,} appeals "
        f"attributed, {made['upcoming']:,} actions in the next {UPCOMING_DAYS} days, "
        f"{made['low_stock']:,} editions low on stock, in {d['generate_s']:.0f} s",
        line("dashboard", "dashboard", "prevention:dashboard"),
        line("campaign", "campaign", f"prevention:campaign_detail of {len(d['campaigns'])} campaigns"),
        line("balances", "balances", "every edition's balance"),
        "  CPU time of the web process (without waiting for a CPU; for SQLite with the database's work): "
        + ", ".join(f"{page} p50 {c['p50']} p95 {c['p95']} ms" for page, c in d["cpu_ms"].items()),
        f"  queries per page: dashboard {r['queries_dashboard']}, campaign {r['queries_campaign']}",
        "  campaign p95 by campaign (ms): "
        + ", ".join(f"{c['label']} {c['p95_ms']:.1f}" for c in d["campaigns"] if c.get("p95_ms") is not None),
    ]
    for page, queries in d["slowest_queries"].items():
        rows.append(
            f"  slowest queries of {page}: "
            + "; ".join(f"{q['ms']:.1f} ms {q['sql'][:90]}" for q in queries[:3])
        )
    return "\n".join(rows) + "\n"


# --- The child process: everything inside the scratch database --------------------------------------
def run(config: dict) -> dict:
    from django.db import connection, transaction

    started = prepare_database()
    rng = random.Random(config["seed"])
    t0 = time.perf_counter()
    made = data_made_before(config) if config.get("reuse") else None
    if made is None:
        with transaction.atomic():  # one transaction: no sync to disk after each batch
            made = make_data(config, rng)
    generate_s = time.perf_counter() - t0
    analyze(connection)
    say(f"{'Found' if made.get('reused') else 'Made'} the data in {generate_s:.0f} s; measuring")
    result = measure(made, config, rng)
    result.update(
        actions=config["actions"],
        print_runs=config["print_runs"],
        movements=made["counts"]["movements"],
        appeals=config["appeals"],
        database="postgres" if connection.vendor == "postgresql" else "sqlite",
    )
    result["details"].update(
        database_label=database_label(connection),
        cpus=os.cpu_count(),
        generate_s=round(generate_s, 1),
        reused=bool(made.get("reused")),
        total_s=round(time.perf_counter() - started, 1),
        made=made["counts"],
        scale=config["scale"],
    )
    return result


class FastInsert:
    """Rows inserted without making model instances (a million appeals in minutes, not an hour): the
    columns given per row, every other concrete column its default, computed once. PostgreSQL: ``COPY``;
    SQLite: ``executemany``. Dates and times are adapted as Django adapts them."""

    def __init__(self, model, columns: list[str]):
        from django.db import connection
        from django.utils import timezone

        self.model, self.connection = model, connection
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in columns)]
        by_name = {f.attname: f for f in fields}
        missing = [name for name in columns if name not in by_name]
        if missing:
            raise ScratchError(f"{model.__name__} has no column {missing}")
        now = timezone.now()
        self.constants = []
        for f in fields:
            if f.attname in columns:
                continue
            value = (
                now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            )
            self.constants.append((f.column, f.get_db_prep_save(value, connection)))
        self.columns = [by_name[name].column for name in columns]
        kinds = [by_name[name].get_internal_type() for name in columns]
        ops = connection.ops
        self.adapt = [
            ops.adapt_datefield_value if kind == "DateField" else
            ops.adapt_datetimefield_value if kind == "DateTimeField" else None
            for kind in kinds
        ]  # fmt: skip
        if connection.vendor == "postgresql":
            self.adapt = [None] * len(kinds)  # psycopg adapts dates and times itself

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        adapt = [(index, fn) for index, fn in enumerate(self.adapt) if fn]
        constant_values = tuple(value for _column, value in self.constants)
        prepared = []
        for row in rows:
            if adapt:
                row = list(row)
                for index, fn in adapt:
                    row[index] = fn(row[index])
            prepared.append((*row, *constant_values))
        names = self.columns + [column for column, _value in self.constants]
        table = self.model._meta.db_table
        quote = self.connection.ops.quote_name
        column_list = ", ".join(quote(name) for name in names)
        self.connection.ensure_connection()
        if self.connection.vendor == "postgresql":
            statement = f"COPY {quote(table)} ({column_list}) FROM STDIN"
            with self.connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            with self.connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {quote(table)} ({column_list}) VALUES ({marks})", prepared)  # noqa: S608

    def reset_sequence(self) -> None:
        """After rows with their own ids (PostgreSQL: the id sequence goes on from the largest)."""
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), [self.model])
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def make_staff() -> dict[str, list]:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    by_role = make_users(STAFF, lambda role: (role.replace("_", " ").title(), ""))
    TOTP.activate(by_role["prevention_officer"][0], generate_totp_secret())  # every account has one
    return by_role


def _day(start: date, span_days: int, rng: random.Random) -> date:
    return start + timedelta(days=rng.randrange(max(1, span_days)))


def make_campaigns(rng, today, staff, districts, funding, scale: float) -> list:
    """Each year: year-long awareness campaigns with pre-departure seasons inside them (their parent),
    grant activities of a few months; the last year's still running today."""
    from isenim.prevention.models import Campaign

    officers = staff["prevention_officer"]
    per_year = max(3, round(CAMPAIGNS_PER_YEAR * scale))
    rows, district_sets = [], []
    first_year = today.year - YEARS + 1
    for year in range(first_year, today.year + 1):
        for number in range(per_year):
            kind = ("awareness", "pre_departure", "grant_activity")[number % 3]
            if kind == "awareness":
                starts = date(year, 1, 1) + timedelta(days=rng.randint(0, 40))
                ends = date(year, 12, 31) + timedelta(days=rng.randint(0, 40))
            elif kind == "pre_departure":
                starts = date(year, 3, 1) + timedelta(days=rng.randint(0, 10))
                ends = date(year, 5, 31) - timedelta(days=rng.randint(0, 10))
            else:
                starts = date(year, 1, 1) + timedelta(days=rng.randint(0, 250))
                ends = starts + timedelta(days=rng.randint(90, 300))
            rows.append(
                Campaign(
                    name=f"{kind.replace('_', ' ').title()} {year} / {number + 1}",
                    kind=kind,
                    starts_on=starts,
                    ends_on=ends,
                    description="Synthetic campaign of the benchmark.",
                    target_groups=["labour_migrants", "general_public"],
                    funding_source=rng.choice(funding) if kind == "grant_activity" else None,
                    target_materials=rng.randint(2_000, 20_000),
                    target_people=rng.randint(2_000, 30_000),
                    target_actions=rng.randint(20, 300),
                    target_placements=rng.randint(2, 20),
                    created_by=rng.choice(officers),
                )
            )
            district_sets.append(rng.sample(districts, rng.randint(1, 6)))
    made = bulk(Campaign, rows, "campaigns")
    awareness_by_year = defaultdict(list)
    for campaign in made:
        if campaign.kind == "awareness":
            awareness_by_year[campaign.starts_on.year].append(campaign)
    children = []
    for campaign in made:
        candidates = awareness_by_year[campaign.starts_on.year]
        if campaign.kind == "pre_departure" and candidates and rng.random() < 0.7:
            campaign.parent = rng.choice(candidates)
            children.append(campaign)
    Campaign.objects.bulk_update(children, ["parent"], batch_size=2000)
    through = Campaign.target_districts.through
    bulk(
        through,
        [
            through(campaign_id=campaign.pk, adminunit_id=unit)
            for campaign, units in zip(made, district_sets, strict=True)
            for unit in units
        ],
    )
    return made


def make_materials(rng, staff, campaigns, scale: float) -> tuple[list, list]:
    """Materials of every kind for the campaigns, each in 2–5 languages; one in ten editions has a second
    version that superseded the first. Returns (materials, editions)."""
    from isenim.prevention.choices import EditionLanguage, MaterialKind
    from isenim.prevention.models import Edition, Material

    officers = staff["prevention_officer"]
    approvers = staff["director"] + staff["lawyer"]
    kinds = list(MaterialKind.values)
    count = max(len(kinds), round(MATERIALS * scale))
    materials = bulk(
        Material,
        [
            Material(
                kind=kinds[number % len(kinds)],
                title=f"Material {number + 1}",
                campaign=rng.choice(campaigns),
                created_by=rng.choice(officers),
            )
            for number in range(count)
        ],
        "materials",
    )
    languages = list(EditionLanguage.values)
    rows = []
    for material in materials:
        for language in rng.sample(languages, rng.randint(2, 5)):
            superseded = rng.random() < 0.1
            for version in (1, 2) if superseded else (1,):
                state = "superseded" if superseded and version == 1 else "approved"
                rows.append(
                    Edition(
                        material=material,
                        language=language,
                        version=version,
                        state=state,
                        drafted_by=rng.choice(officers),
                        approved_by=rng.choice(approvers),
                        approved_at=_aware(material.campaign.starts_on),
                        low_stock_threshold=rng.choice((0, 100, 200, 500, 1_000)),
                    )
                )
    editions = bulk(Edition, rows, "editions")
    return materials, editions


def _aware(day: date, hour: int = 10):
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class Ledger:
    """The stock of every edition while the ledger is made in the order of dates: a draw takes only what
    is there."""

    def __init__(self, rng):
        self.rng = rng
        self.balance: dict[int, int] = defaultdict(int)
        self.stocked: list[int] = []  # editions that had stock when last looked at
        self.rows: list = []

    def add(self, edition_id: int, quantity: int) -> None:
        if self.balance[edition_id] <= 0:
            self.stocked.append(edition_id)
        self.balance[edition_id] += quantity

    def draw(self, wanted: int) -> tuple[int, int] | None:
        """(edition, copies) of a random edition in stock, at most ``wanted`` copies."""
        while self.stocked:
            index = self.rng.randrange(len(self.stocked))
            edition_id = self.stocked[index]
            have = self.balance[edition_id]
            if have > 0:
                taken = min(wanted, have)
                self.balance[edition_id] -= taken
                return edition_id, taken
            self.stocked[index] = self.stocked[-1]
            self.stocked.pop()
        return None


def make_data(config: dict, rng: random.Random) -> dict:
    from django.db.models import F
    from django.utils import timezone

    from isenim.appeals.models import Appeal
    from isenim.geo.models import AdminUnit
    from isenim.prevention.choices import TALLY_FIELDS, MovementKind, PlaceType
    from isenim.prevention.models import (
        AppealSource,
        Edition,
        OutreachAction,
        PrintRun,
        StockMovement,
    )
    from isenim.reintegration.models import FundingSource

    scale = config["scale"]
    today = timezone.localdate()
    start = today - timedelta(days=365 * YEARS)
    staff = make_staff()
    officers = staff["prevention_officer"]
    districts = list(
        AdminUnit.objects.filter(parent__code="1735", level__in=["district", "city"]).values_list(
            "pk", flat=True
        )
    )
    funding = bulk(
        FundingSource,
        [
            FundingSource(
                name=f"Grant {year}",
                amount_uzs=500_000_000,
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
                created_by=staff["director"][0],
            )
            for year in range(start.year, today.year + 1)
        ],
    )
    campaigns = make_campaigns(rng, today, staff, districts, funding, scale)
    materials, editions = make_materials(rng, staff, campaigns, scale)
    kind_of = {material.pk: material.kind for material in materials}
    printed = [e for e in editions if kind_of[e.material_id] in UNIT_COST]
    if not printed:
        raise ScratchError("no printed edition was made: raise --scale")

    # Campaigns running on each day, by month (to give an action or an appeal a campaign of its time).
    by_month = defaultdict(list)
    for campaign in campaigns:
        month = date(campaign.starts_on.year, campaign.starts_on.month, 1)
        while month <= campaign.ends_on:
            by_month[month].append(campaign)
            month = (month + timedelta(days=32)).replace(day=1)

    def campaign_on(day: date):
        running = [c for c in by_month.get(day.replace(day=1), ()) if c.starts_on <= day <= c.ends_on]
        return rng.choice(running) if running and rng.random() < 0.85 else None

    # Outreach actions: over ten years, a little more each year; ~0.4% in the next two weeks (planned).
    place_types = {
        PlaceType.BAZAAR: 30,
        PlaceType.RAILWAY_STATION: 12,
        PlaceType.BUS_STATION: 12,
        PlaceType.AIRPORT: 6,
        PlaceType.HOSPITAL: 14,
        PlaceType.COLLEGE_SCHOOL: 12,
        PlaceType.MAHALLA_MEETING: 12,
        PlaceType.BORDER_CROSSING: 2,
    }
    span = (today - start).days
    upcoming = max(1, round(config["actions"] * 0.004))
    days = sorted(
        [
            start + timedelta(days=int(span * math.sqrt(rng.random())))
            for _ in range(config["actions"] - upcoming)
        ]
        + [today + timedelta(days=rng.randint(0, UPCOMING_DAYS)) for _ in range(upcoming)]
    )
    actions = []
    for day in days:
        hour = rng.choice((9, 10, 11, 14, 15))
        action = OutreachAction(
            campaign=campaign_on(day),
            place_type=weighted(rng, place_types),
            place_name=f"Place {rng.randint(1, 400)}",
            district_id=rng.choice(districts),
            starts_at=_aware(day, hour),
            ends_at=_aware(day, hour + 2),
            created_by=rng.choice(officers),
        )
        if day < today - timedelta(days=3):
            for field in TALLY_FIELDS:
                setattr(action, field, rng.randint(0, 60))
            action.reach_total = sum(getattr(action, field) for field in TALLY_FIELDS)
            action.consultations = rng.randint(0, 20)
            action.tally_entered_at = _aware(day, 18)
        actions.append(action)
    actions = bulk(OutreachAction, actions, "actions")
    through = OutreachAction.staff.through
    bulk(
        through,
        [
            through(outreachaction_id=action.pk, user_id=user.pk)
            for action in actions
            for user in rng.sample(officers + staff["me_officer"], rng.randint(1, 3))
        ],
        "staff present",
    )

    # Print runs: the first of each printed edition when its campaign starts, the rest spread over time.
    runs = []
    first_day = {}
    campaign_of = {material.pk: material.campaign for material in materials}
    for edition in printed:
        first_day[edition.pk] = max(start, campaign_of[edition.material_id].starts_on - timedelta(days=10))
    for number in range(config["print_runs"]):
        edition = printed[number % len(printed)] if number < len(printed) else rng.choice(printed)
        day = first_day[edition.pk] if number < len(printed) else _day(first_day[edition.pk], span, rng)
        day = min(day, today)
        runs.append(
            PrintRun(
                edition=edition,
                printed_on=day,
                printer=f"Printer {rng.randint(1, 12)}",
                quantity=rng.randint(2_000, 30_000),
                unit_cost_uzs=UNIT_COST[kind_of[edition.material_id]] + rng.choice((0, 50, 100)),
                created_by=rng.choice(officers),
            )
        )
    runs = bulk(PrintRun, runs, "print runs")

    # The ledger, in the order of dates: print runs in, draws to actions out (most movements), stock left
    # at distribution points, write-offs, returns.
    others = config["movements"] - len(runs)
    past_actions = [a for a in actions if a.tally_entered_at]
    to_actions = round(others * 0.88)
    per_action = to_actions / max(1, len(past_actions))
    extra = others - to_actions
    events = [(run.printed_on, 0, run) for run in runs]
    events += [(action.starts_at.date(), 1, action) for action in past_actions]
    events += [(_day(start, span, rng), 2, kind) for kind in _extra_kinds(rng, extra)]
    events.sort(key=lambda event: (event[0], event[1]))
    ledger = Ledger(rng)
    columns = ["edition_id", "kind", "quantity", "moved_on", "print_run_id", "action_id",
               "distribution_point", "created_by_id"]  # fmt: skip
    inserter = FastInsert(StockMovement, columns)
    rows, made_moves, last_action = [], 0, None
    counts = defaultdict(int)
    carry = 0.0
    point = officers[0].pk
    for day, order, item in events:
        if order == 0:
            ledger.add(item.edition_id, item.quantity)
            rows.append(
                (item.edition_id, "print_run", item.quantity, day, item.pk, None, "", item.created_by_id)
            )
        elif order == 1:
            carry += per_action
            wanted, carry = int(carry), carry - int(carry)
            for _edition in range(wanted):
                drawn = ledger.draw(rng.randint(10, 150))
                if drawn is None:
                    break
                rows.append((drawn[0], "to_action", -drawn[1], day, None, item.pk, "", item.created_by_id))
            last_action = item
        elif item == MovementKind.RETURNED:
            if last_action is None or not rows:
                continue
            edition_id, back = rows[-1][0], rng.randint(5, 50)
            ledger.add(edition_id, back)
            rows.append((edition_id, "returned", back, day, None, last_action.pk, "", point))
        else:
            to_point = item == MovementKind.TO_POINT
            drawn = ledger.draw(rng.randint(50, 500) if to_point else rng.randint(5, 80))
            if drawn is None:
                continue
            where = f"Distribution point {rng.randint(1, 300)}" if to_point else ""
            rows.append((drawn[0], str(item), -drawn[1], day, None, None, where, point))
        if len(rows) >= BATCH:
            inserter.insert(rows)
            made_moves += len(rows)
            for row in rows:
                counts[row[1]] += 1
            rows = []
            if made_moves % 100_000 < BATCH:
                progress(f"stock movements {made_moves:,}")
    inserter.insert(rows)
    made_moves += len(rows)
    for row in rows:
        counts[row[1]] += 1
    progress(f"stock movements {made_moves:,} ({dict(counts)})")
    for edition in editions:
        edition.on_hand = max(0, ledger.balance.get(edition.pk, 0))
    Edition.objects.bulk_update(editions, ["on_hand"], batch_size=2000)
    _fill_action_copies()

    placements = make_placements(rng, campaigns, editions, kind_of, officers, districts, scale)
    sources = make_appeals(
        config["appeals"], rng, today, start, staff, districts, by_month, actions, placements, printed
    )
    low = Edition.objects.filter(low_stock_threshold__gt=0, on_hand__lt=F("low_stock_threshold")).count()
    return {
        "staff": staff,
        "counts": {
            "campaigns": len(campaigns),
            "materials": len(materials),
            "editions": len(editions),
            "placements": len(placements),
            "sources": sources,
            "upcoming": upcoming,
            "low_stock": low,
            "movements": made_moves,
            "movements_by_kind": dict(counts),
            "appeals": Appeal.objects.count(),
            "sources_by_link": {
                "action": AppealSource.objects.filter(action__isnull=False).count(),
                "placement": AppealSource.objects.filter(placement__isnull=False).count(),
            },
        },
    }


def _extra_kinds(rng, count: int) -> list[str]:
    from isenim.prevention.choices import MovementKind

    weights = {MovementKind.TO_POINT: 60, MovementKind.WRITE_OFF: 25, MovementKind.RETURNED: 15}
    return [weighted(rng, weights) for _ in range(count)]


def _fill_action_copies() -> None:
    """``OutreachAction.copies_handed_out`` = −(draws + returns) of each action in the ledger, as
    ``services.stock.move_stock`` keeps it (the rows here bypass it): one UPDATE."""
    from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from isenim.prevention.choices import MovementKind
    from isenim.prevention.models import OutreachAction, StockMovement

    moved = (
        StockMovement.objects.filter(
            action_id=OuterRef("pk"), kind__in=[MovementKind.TO_ACTION, MovementKind.RETURNED]
        )
        .order_by()
        .values("action_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    OutreachAction.objects.update(
        copies_handed_out=-Coalesce(Subquery(moved, output_field=IntegerField()), Value(0))
    )


def make_placements(rng, campaigns, editions, kind_of, officers, districts, scale: float) -> list:
    from isenim.prevention.choices import PlacementKind
    from isenim.prevention.models import Placement

    kinds = {
        PlacementKind.TV_SPOT: 25,
        PlacementKind.RADIO_SPOT: 15,
        PlacementKind.TRANSPORT_POSTER: 25,
        PlacementKind.TRANSPORT_SCREEN: 10,
        PlacementKind.SOCIAL_MEDIA: 20,
        PlacementKind.BILLBOARD: 5,
    }
    videos = [e for e in editions if kind_of[e.material_id] == "video_spot"] or editions
    posters = [e for e in editions if kind_of[e.material_id] == "poster"] or editions
    rows = []
    for _number in range(max(10, round(PLACEMENTS * scale))):
        campaign = rng.choice(campaigns)
        kind = weighted(rng, kinds)
        starts = _day(campaign.starts_on, (campaign.ends_on - campaign.starts_on).days, rng)
        ends = min(campaign.ends_on, starts + timedelta(days=rng.randint(7, 90)))
        tv = kind in (PlacementKind.TV_SPOT, PlacementKind.RADIO_SPOT, PlacementKind.TRANSPORT_SCREEN)
        rows.append(
            Placement(
                campaign=campaign,
                kind=kind,
                operator=f"Operator {rng.randint(1, 40)}",
                programme_or_route=f"Programme {rng.randint(1, 100)}",
                edition=rng.choice(videos if tv else posters),
                district_id=rng.choice(districts) if rng.random() < 0.5 else None,
                starts_on=starts,
                ends_on=ends,
                airings=rng.randint(10, 200) if tv else None,
                vehicles=None if tv else rng.randint(1, 60),
                cost_uzs=rng.randint(1, 30) * 500_000,
                stated_reach=rng.randint(5_000, 400_000),
                created_by=rng.choice(officers),
            )
        )
    return bulk(Placement, rows, "placements")


def make_appeals(count, rng, today, start, staff, districts, by_month, actions, placements, printed) -> int:
    """``count`` anonymous appeals over ten years (no person records: the pages measured never read them);
    those older than a month closed with an outcome. ATTRIBUTED of them say where they heard of the centre:
    an action of a campaign running then (held in the 60 days before), a placement on air, a material, or
    the campaign alone."""
    from isenim.appeals.models import Appeal
    from isenim.prevention.models import AppealSource

    channels = {
        "walk_in": 30,
        "phone": 30,
        "telegram": 15,
        "online_form": 10,
        "partner_referral": 5,
        "outreach": 10,
    }
    categories = {
        "presumed_victim": 8,
        "deportee": 15,
        "pre_departure": 35,
        "migrant_family": 15,
        "documents_lost": 10,
        "young_graduate": 10,
        "other": 7,
    }
    heard = ["tv", "printed", "outreach_action", "social_media", "relative", ""]
    causes = [
        "job_deception",
        "debt_bondage",
        "no_contract",
        "irregular_status",
        "no_legal_knowledge",
        "unknown",
    ]
    outcomes = {"advice_given": 55, "referred": 20, "case_opened": 10, "unreachable": 8, "no_action": 7}
    managers = staff["case_manager"]
    intake = staff["intake_operator"]
    span = (today - start).days
    actions_by_campaign = defaultdict(list)
    for action in actions:
        if action.campaign_id and action.tally_entered_at:
            actions_by_campaign[action.campaign_id].append((action.starts_at.date(), action.pk))
    placements_by_campaign = defaultdict(list)
    for placement in placements:
        placements_by_campaign[placement.campaign_id].append(placement)
    appeal_columns = ["id", "code", "received_on", "channel", "anonymous", "category", "cause",
                      "presumed_victim", "home_district_id", "heard_about", "registered_by_id", "state",
                      "assigned_to_id", "outcome", "due_on"]  # fmt: skip
    appeals = FastInsert(Appeal, appeal_columns)
    sources = FastInsert(
        AppealSource, ["appeal_id", "campaign_id", "action_id", "placement_id", "edition_id", "received_on"]
    )
    month_ago = today - timedelta(days=30)
    made, sources_made = 0, 0
    while made < count:
        size = min(BATCH, count - made)
        rows, links = [], []
        for index in range(made, made + size):
            received = start + timedelta(days=int(span * math.sqrt(rng.random())))
            closed = received < month_ago
            category = weighted(rng, categories)
            rows.append(
                (index + 1, f"APL-B-{index + 1:07d}", received, weighted(rng, channels), True, category,
                 rng.choice(causes), category == "presumed_victim", rng.choice(districts),
                 rng.choice(heard), rng.choice(intake).pk, "closed" if closed else "new",
                 rng.choice(managers).pk if closed else None, weighted(rng, outcomes) if closed else "",
                 received + timedelta(days=5))
            )  # fmt: skip
            if rng.random() >= ATTRIBUTED:
                continue
            running = by_month.get(received.replace(day=1), ())
            campaign = rng.choice(running) if running else None
            action = placement = edition = None
            roll = rng.random()
            if campaign is not None and roll < 0.45:
                held = actions_by_campaign.get(campaign.pk, ())
                i = bisect.bisect_right(held, (received, 10**12))
                recent = [pk for held_on, pk in held[max(0, i - 5) : i] if (received - held_on).days <= 60]
                action = rng.choice(recent) if recent else None
            elif campaign is not None and roll < 0.7 and placements_by_campaign.get(campaign.pk):
                placement = rng.choice(placements_by_campaign[campaign.pk]).pk
            elif roll < 0.9:
                edition = rng.choice(printed).pk
            links.append((index + 1, campaign.pk if campaign else None, action, placement, edition, received))
        appeals.insert(rows)
        sources.insert(links)
        sources_made += len(links)
        made += size
        if made % 200_000 < BATCH or made == count:
            progress(f"appeals {made:,}/{count:,} ({sources_made:,} attributed)")
    appeals.reset_sequence()
    return sources_made


def data_made_before(config: dict) -> dict | None:
    """What ``make_data`` returned, read back from a database a ``--keep`` run left (``--reuse``)."""
    from django.contrib.auth import get_user_model
    from django.db.models import F

    from isenim.appeals.models import Appeal
    from isenim.prevention.models import (
        AppealSource,
        Campaign,
        Edition,
        Material,
        OutreachAction,
        Placement,
        PrintRun,
        StockMovement,
    )

    actions, appeals = OutreachAction.objects.count(), Appeal.objects.count()
    if not actions and not appeals:
        return None
    found = (actions, PrintRun.objects.count(), appeals)
    if found != (config["actions"], config["print_runs"], config["appeals"]):
        raise ScratchError(
            f"the kept database has {found[0]:,} actions, {found[1]:,} print runs and {found[2]:,} appeals, "
            "not the sizes asked"
        )
    by_role = defaultdict(list)
    for user in get_user_model().objects.order_by("pk"):
        by_role[user.role].append(user)
    from django.utils import timezone

    today = timezone.localdate()
    counts = {
        "campaigns": Campaign.objects.count(),
        "materials": Material.objects.count(),
        "editions": Edition.objects.count(),
        "placements": Placement.objects.count(),
        "sources": AppealSource.objects.count(),
        "upcoming": OutreachAction.objects.filter(starts_at__date__gte=today).count(),
        "low_stock": Edition.objects.filter(
            low_stock_threshold__gt=0, on_hand__lt=F("low_stock_threshold")
        ).count(),
        "movements": StockMovement.objects.count(),
        "appeals": appeals,
    }
    return {"staff": by_role, "counts": counts, "reused": True}


# --- Measuring -------------------------------------------------------------------------------------------
def _campaign_sample(rng, today) -> list[tuple[str, object]]:
    """(label, campaign): the one with the most actions, the largest running one, a parent with seasons,
    the latest started, and random ones up to CAMPAIGN_PAGES."""
    from django.db.models import Count

    from isenim.prevention.models import Campaign

    with_actions = Campaign.objects.annotate(n=Count("actions")).order_by("-n", "pk")
    candidates = [
        ("most_actions", with_actions.first()),
        ("running", with_actions.filter(starts_on__lte=today, ends_on__gte=today).first()),
        ("parent", Campaign.objects.filter(children__isnull=False).order_by("-starts_on", "pk").first()),
        ("latest", Campaign.objects.order_by("-starts_on", "-pk").first()),
    ]
    ids = list(Campaign.objects.values_list("pk", flat=True))
    candidates += [
        (f"random {n + 1}", pk) for n, pk in enumerate(rng.sample(ids, min(len(ids), CAMPAIGN_PAGES)))
    ]
    chosen, seen = [], set()
    for label, campaign in candidates:
        if campaign is None or len(chosen) >= CAMPAIGN_PAGES:
            continue
        if isinstance(campaign, int):
            campaign = Campaign.objects.get(pk=campaign)
        if campaign.pk not in seen:
            seen.add(campaign.pk)
            chosen.append((label, campaign))
    return chosen


def _page_or_selector(name: str):
    """'page' when the URL name resolves, else 'selector' when the selector can be imported, else why not."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, args=[1]) if name.endswith("_detail") else reverse(name)
        return "page", None
    except NoReverseMatch:
        pass
    try:
        if name == "prevention:dashboard":
            from isenim.prevention.selectors.dashboard import dashboard_figures as selector
        else:
            from isenim.prevention.selectors.campaigns import campaign_figures as selector
        return "selector", selector
    except ImportError as exc:
        return f"missing: neither the URL {name} nor its selector ({exc})", None


def measure(made: dict, config: dict, rng: random.Random) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    user = made["staff"]["prevention_officer"][0]
    today = timezone.localdate()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    campaigns = _campaign_sample(rng, today)
    cpu = {"dashboard": [], "campaign": [], "balances": []}

    how = {}
    how["dashboard"], dashboard_selector = _page_or_selector("prevention:dashboard")
    how["campaign"], campaign_selector = _page_or_selector("prevention:campaign_detail")

    def get(url: str) -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise ScratchError(
                f"{url} answered {response.status_code} {response.get('Location', '')} to the prevention "
                "officer (expected 200)"
            )

    def dashboard():
        if how["dashboard"] == "page":
            get(reverse("prevention:dashboard"))
        else:
            dashboard_selector(user, today)

    def campaign_page(campaign):
        if how["campaign"] == "page":
            get(reverse("prevention:campaign_detail", args=[campaign.pk]))
        else:
            campaign_selector(campaign, user)

    def timed(fn, *args, bucket=None):
        t0, c0 = time.perf_counter(), time.thread_time()
        fn(*args)
        ms = (time.perf_counter() - t0) * 1000
        if bucket is not None:
            cpu[bucket].append((time.thread_time() - c0) * 1000)
        return ms

    try:
        from isenim.prevention.selectors.stock import edition_balances

        how["balances"] = "selectors.stock.edition_balances()"

        def balances():
            return [(edition.pk, edition.on_hand, edition.low_on_stock) for edition in edition_balances()]

    except ImportError:
        from isenim.prevention.models import Edition

        how["balances"] = "Edition.on_hand of every edition (selectors.stock.edition_balances is missing)"

        def balances():
            return list(Edition.objects.values_list("pk", "on_hand", "low_stock_threshold"))

    plans = []
    if not how["dashboard"].startswith("missing"):
        plans += [("dashboard", dashboard, ())] * config["repeat"]
    if not how["campaign"].startswith("missing"):
        plans += [("campaign", campaign_page, (campaign,)) for _label, campaign in campaigns] * config[
            "repeat"
        ]
    # Warm-up (one untimed pass of each), then the query counts and the slowest queries (apart).
    queries, slowest = {}, {}
    for page, fn, args in dict.fromkeys(plans):
        try:
            fn(*args)
        except Exception as exc:  # a page that fails is reported, not timed; the others still are
            how[page] = f"failed: {type(exc).__name__}: {exc}"[:300]
            say(f"{page} failed: {exc!r}")
    plans = [plan for plan in plans if not how[plan[0]].startswith("failed")]
    for page, fn, args in dict.fromkeys(plans):
        with CaptureQueriesContext(connection) as captured:
            fn(*args)
        queries[page] = max(queries.get(page, 0), len(captured))
        slowest.setdefault(page, [])
        slowest[page] += [_rerun(connection, q["sql"]) for q in captured.captured_queries]
    for page in slowest:
        slowest[page] = sorted((q for q in slowest[page] if q), key=lambda q: -q["ms"])[:5]
    balances()
    times = {"dashboard": [], "campaign": [], "balances": []}
    by_campaign = defaultdict(list)
    for page, fn, args in rng.sample(plans, len(plans)):
        ms = timed(fn, *args, bucket=page)
        times[page].append(ms)
        if page == "campaign":
            by_campaign[args[0].pk].append(ms)
    for _round in range(config["repeat"] * 5):
        times["balances"].append(timed(balances, bucket="balances"))
    say(f"Timed {len(times['dashboard'])} dashboards, {len(times['campaign'])} campaign pages, "
        f"{len(times['balances'])} balance reads")  # fmt: skip
    if config.get("explain"):
        for page, found in slowest.items():
            for query in found[:3]:
                _explain(connection, page, query)

    def stats(values):
        if not values:
            return None, None, {"n": 0, "max_ms": None}
        return (
            round(percentile(values, 50), 2),
            round(percentile(values, 95), 2),
            {"n": len(values), "max_ms": round(max(values), 1)},
        )

    result = {"measured": how, "details": {}}
    for page in ("dashboard", "campaign", "balances"):
        p50, p95, info = stats(times[page])
        result[f"p50_ms_{page}"], result[f"p95_ms_{page}"] = p50, p95
        result["details"][page] = info
    result["queries_dashboard"] = queries.get("dashboard")
    result["queries_campaign"] = queries.get("campaign")
    result["details"].update(
        cpu_ms={
            page: {"p50": rounded_percentile(values, 50), "p95": rounded_percentile(values, 95)}
            for page, values in cpu.items()
        },
        campaigns=[
            {
                "label": label,
                "pk": campaign.pk,
                "name": campaign.name,
                "p95_ms": rounded_percentile(by_campaign.get(campaign.pk, []), 95),
            }
            for label, campaign in campaigns
        ],
        slowest_queries=slowest,
        repeat=config["repeat"],
    )
    return result


def _rerun(connection, sql: str) -> dict | None:
    """A page's SELECT run again through a cursor with ``fetchall``, timed: SQLite computes the rows as
    they are fetched, so the time the query capture records (the ``execute`` alone) misses most of it."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return None
    try:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()
        return {"ms": round((time.perf_counter() - t0) * 1000, 2), "sql": sql}
    except Exception:  # the captured SQL has its parameters inlined: not always re-runnable as it is
        return None


def _explain(connection, page: str, query: dict) -> None:
    say(f"--- {page}: {query['ms']:.1f} ms: {query['sql'][:400]}")
    try:
        explain(connection, query["sql"])
    except Exception as exc:  # the captured SQL has its parameters inlined, not always re-runnable
        say(f"    (no plan: {exc})")


if __name__ == "__main__":
    child_main(run, sys.argv[1:])
