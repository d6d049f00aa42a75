"""``isenim bench dedup``: how fast and how well the duplicate check finds a person written another way.

Two processes. The command (``handle``) makes a scratch database, runs ``python -m bench.dedup`` in a
child process whose ``DATABASE_URL`` points at it (with a throwaway data key), reads the child's result
and removes the scratch database unless ``--keep``. The developer's or CI's database is never opened.

The child (``run``): migrate, load reference data, import N synthetic people through ``people_import`` in
batches (timed), then time ``search_people`` on duplicate-check queries (another spelling of a stored
person; see ``bench/names.py``), and a brute-force baseline: rapidfuzz over every decrypted name.
"""

from __future__ import annotations

import gc
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict

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
    "database",
    "p50_ms",
    "p95_ms",
    "recall_at_5",
    "import_per_s",
    "baseline_p95_ms",
    "speedup",
)
PG_SCRATCH_NAME = "isenim_bench"
WARMUP_QUERIES = 20
DECRYPT_SCANS = 3  # full decryptions timed for the baseline; the median counts
LIMIT = 5
MIXES = ("intake", "intake-no-age", "name-only")
MOVED_SHARE = 0.1  # intake mixes: queries giving another home district than the stored one (people move)
# Intake mix, queries without the birth date: the age the person states, as years off their true year of
# birth (an age asked on a day before the birthday is a year off already; some misstate it). 5% fall
# outside the search's AGE_TOLERANCE of 2 years.
AGE_ERRORS = {0: 55, 1: 18, -1: 12, 2: 5, -2: 5, 3: 3, -3: 2}


# --- The command side (no database of its own) -----------------------------------------------------
def add_arguments(parser) -> None:
    parser.add_argument("--persons", type=int, required=True, help="How many synthetic people to import.")
    parser.add_argument("--queries", type=int, default=1000, help="Duplicate checks to time (default 1000).")
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=100,
        help="Queries of the sample also run brute force with rapidfuzz (default 100; 0 skips it).",
    )
    parser.add_argument(
        "--mix",
        choices=MIXES,
        default="intake",
        help="What each duplicate check says: 'intake' (default) the name, the home district (another "
        f"one in {MOVED_SHARE * 100:.0f}%% of the queries, as if the person moved), and the birth date on "
        "half or else the age the person states (a few years off for some), as the intake form asks since "
        "2026-11-30; 'intake-no-age' the same without the age (the intake form before); 'name-only' the "
        "name and the birth date on half (the mix of the first figures).",
    )
    parser.add_argument("--batch", type=int, default=5000, help="People per people_import call.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--profile", action="store_true", help="Profile the timed searches (cProfile summary on stderr)."
    )
    parser.add_argument(
        "--details", default="", help="Also write the full result (by query kind, misses…) to this JSON file."
    )
    add_scratch_arguments(parser, pg_name=PG_SCRATCH_NAME, file_pattern="bench-<N>.sqlite3", reusable=True)


BenchError = ScratchError  # what the command turns into a CommandError


def handle(options: dict, stdout, stderr) -> dict:
    """Make the scratch database, measure in a child process, clean up, print; returns the result."""
    if options["persons"] < 1 or options["queries"] < 1:
        raise BenchError("--persons and --queries must be at least 1")
    keys = ("persons", "database", "queries", "baseline_queries", "batch", "seed", "profile", "mix", "reuse")
    config = {k: options.get(k, False) for k in keys}
    result = measure_in_scratch(
        options,
        module="bench.dedup",
        config=config,
        file_stem=f"bench-{options['persons']}",
        pg_name=PG_SCRATCH_NAME,
        stderr=stderr,
    )
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


def format_table(r: dict) -> str:
    d = r["details"]
    rows = [
        f"Duplicate check: {r['persons']:,} people on {d['database_label']} ({d['cpus']} CPU cores)",
        f"  query mix        {d.get('mix', 'name-only')}: {MIX_TEXT[d.get('mix', 'name-only')]}",
        (
            f"  import           {r['import_per_s']:>10,.0f} people/s   people_import in batches of "
            f"{d['batch']:,}; {d['import_s']:.1f} s (+ {d['generate_s']:.1f} s generating names)"
            if r["import_per_s"] is not None
            else "  import           not measured: --reuse searched the people a --keep run imported"
        ),
        f"  search p50       {r['p50_ms']:>10.2f} ms",
        f"  search p95       {r['p95_ms']:>10.2f} ms         max {d['max_ms']:.1f} ms; "
        f"{d['queries']:,} queries, limit {LIMIT}",
        f"  recall@5         {r['recall_at_5']:>10.3f}            expected best {d['recall_ceiling']:.3f}: "
        f"for {d['ambiguous_share']:.1%} of the queries more than {LIMIT} people fit all they say",
        f"  recall@5, distinguishable queries {d['recall_at_5_distinguishable']:.3f}",
        "  recall@5 by query kind: "
        + ", ".join(f"{k} {v['recall']:.3f} ({v['n']})" for k, v in sorted(d["by_kind"].items())),
        f"  hit lists        p50 {d['rows_p50']:,}  p95 {d['rows_p95']:,}  max {d['rows_max']:,} index rows "
        f"share a hash with a query (the search reads only lists of <= {d['rare_hits']} rows whole)",
    ]
    if r["baseline_p95_ms"] is not None:
        b = d["baseline"]
        rows += [
            f"  baseline p95     {r['baseline_p95_ms']:>10.1f} ms         decrypt all {r['persons']:,} "
            f"identities ({b['decrypt_s'] * 1000:,.0f} ms) + rapidfuzz match p95 "
            f"({b['match_p95_ms']:,.1f} ms); {b['queries']} queries; recall@5 {b['recall_at_5']:.3f}",
            f"  speedup          {r['speedup']:>10.1f} ×         baseline p95 / search p95; against the "
            f"match time alone (names kept decrypted in memory): {b['match_p95_ms'] / r['p95_ms']:.1f} ×",
            f"  (name keys for all names, left out of the baseline: {b['name_key_s'] * 1000:,.0f} ms)",
        ]
    return "\n".join(rows) + "\n"


MIX_TEXT = {
    "intake": f"name in another script, home district ({MOVED_SHARE:.0%} another one), birth date on half, "
    "the stated age on the other half",
    "intake-no-age": f"name in another script, home district ({MOVED_SHARE:.0%} another one), birth date on "
    "half",
    "name-only": "name in another script, birth date on half",
}


# --- The child process: everything inside the scratch database --------------------------------------
_say = say


def run(config: dict) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from bench.names import Generator
    from isenim.geo.models import AdminUnit
    from isenim.geo.services import reference_load
    from isenim.people.services import PersonData, people_import

    persons, batch_size, seed = config["persons"], config["batch"], config["seed"]
    mix = config.get("mix", "intake")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    reference_load(actor=None)
    districts = list(AdminUnit.objects.filter(level__in=["district", "city"]).values_list("pk", flat=True))
    _say(f"Migrated and loaded reference data in {time.perf_counter() - started:.1f} s")

    generator = Generator(seed)
    pick = random.Random(seed + 1)
    query_count = min(config["queries"] + WARMUP_QUERIES, persons)
    wanted = set(pick.sample(range(persons), query_count))
    sampled = {}  # index -> (SyntheticPerson, pk)
    observed = []  # per person: (first key, last key, middle key, birth, district) for the recall ceiling
    import_s = generate_s = 0.0
    done = 0
    # --reuse: the people a --keep run imported are there; the same seed makes them (and their districts)
    # again, in the same order, and they are matched to the rows by primary key instead of imported.
    kept = _kept_people(persons) if config.get("reuse") else None
    while done < persons:
        t0 = time.perf_counter()
        size = min(batch_size, persons - done)
        batch = [generator.person() for _ in range(size)]
        homes = [pick.choice(districts) for _p in batch]
        rows = [
            PersonData(identity=p.identity(), sex=p.name.sex, home_district_id=home)
            for p, home in zip(batch, homes, strict=True)
        ]
        t1 = time.perf_counter()
        created = kept[done : done + size] if kept else people_import(actor=None, rows=rows)
        t2 = time.perf_counter()
        generate_s += t1 - t0
        import_s += t2 - t1
        for offset, (person, record, home) in enumerate(zip(batch, created, homes, strict=True)):
            if done + offset in wanted:
                sampled[done + offset] = (person, record.pk, home)
            observed.append((*_observed(person), home))
        done += size
        if not kept and (done % max(batch_size * 10, 50_000) < batch_size or done == persons):
            _say(f"  imported {done:,}/{persons:,}  ({done / import_s:,.0f} people/s in people_import)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would do soon after a big import
            cursor.execute("VACUUM ANALYZE")
    queries = _queries(generator, sampled, seed, mix=mix, districts=districts)
    result = _measure(queries, observed, profile=config.get("profile", False))
    baseline = None
    if config["baseline_queries"]:
        baseline = _baseline(queries[WARMUP_QUERIES:][: config["baseline_queries"]])
    result.update(
        persons=persons,
        database="postgres" if connection.vendor == "postgresql" else "sqlite",
        import_per_s=None if kept else round(persons / import_s, 1),
        baseline_p95_ms=baseline["p95_ms"] if baseline else None,
        speedup=round(baseline["p95_ms"] / result["p95_ms"], 2) if baseline else None,
    )
    result["details"].update(
        mix=mix,
        database_label=database_label(connection),
        cpus=os.cpu_count(),
        batch=batch_size,
        import_s=round(import_s, 2),
        generate_s=round(generate_s, 2),
        baseline=baseline,
        total_s=round(time.perf_counter() - started, 1),
    )
    return result


_KEYS: dict[str, str] = {}


def _kept_people(persons: int) -> list | None:
    """The people a --keep run imported, in import order (as stand-ins with a pk), or None if there are
    not exactly ``persons`` of them (then they are imported afresh)."""
    from types import SimpleNamespace

    from isenim.people.models import Person

    pks = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    if len(pks) != persons:
        if pks:
            raise RuntimeError(f"--reuse: the scratch database holds {len(pks):,} people, not {persons:,}")
        return None
    _say(f"Reusing the {persons:,} people a --keep run imported (the import rate is not measured)")
    return [SimpleNamespace(pk=pk) for pk in pks]


def _key(text: str) -> str:
    if text not in _KEYS:
        from isenim.core.translit import name_key

        _KEYS[text] = name_key(text)
    return _KEYS[text]


def _observed(person) -> tuple:
    name = person.name
    return (_key(name.first), _key(name.last), _key(name.middle), person.birth_date)


def _queries(generator, sampled: dict, seed: int, *, mix: str = "intake", districts=()) -> list[dict]:
    """The duplicate checks: the same people and names whatever the mix (the district is drawn apart)."""
    rng = random.Random(seed + 2)
    moves = random.Random(seed + 3)
    ages = random.Random(seed + 4)
    out = []
    for index in sorted(sampled, key=lambda _i: rng.random()):
        person, pk, home = sampled[index]
        query = generator.query(person, rng)
        district = None  # name-only: the query says nothing of where the person lives
        if mix.startswith("intake"):
            district = home
            if moves.random() < MOVED_SHARE and len(districts) > 1:
                district = moves.choice([other for other in districts if other != home])
        stated_year = None  # the year of birth an age stated at intake gives, when the date is not known
        if mix == "intake" and not query.birth_date:
            off = ages.choices(list(AGE_ERRORS), weights=list(AGE_ERRORS.values()))[0]
            stated_year = int(person.birth_date[:4]) + off
        with_middle = bool(person.name.middle) and "no_patronymic" not in query.variant
        out.append(
            {
                "text": query.text,
                "birth_date": query.birth_date,
                "birth_year": stated_year,
                "variant": query.variant,
                "pk": pk,
                "district": district,
                "home": home,
                # what the query says about the person, to count who else it fits exactly
                "observed": (*_observed(person)[:2], _observed(person)[2] if with_middle else None),
                "true_year": int(person.birth_date[:4]),
            }
        )
    return out


def _measure(queries: list[dict], observed: list[tuple], *, profile: bool = False) -> dict:
    from isenim.people.models import PersonIndex
    from isenim.people.search import RARE_HITS, search_people

    # The benchmark holds every synthetic person it made (a million of them, for the recall ceiling); a
    # server process holds none. Frozen, they are left out of the garbage collector's full passes, which
    # would otherwise walk them all in the middle of some timed searches.
    gc.collect()
    gc.freeze()
    for q in queries[:WARMUP_QUERIES]:
        search_people(_probe(q), limit=LIMIT)
    timed = queries[WARMUP_QUERIES:]
    latencies, hits = [], []
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for q in timed:
        probe = _probe(q)
        t0 = time.perf_counter()
        matches = search_people(probe, limit=LIMIT)
        latencies.append((time.perf_counter() - t0) * 1000)
        hits.append(any(m.person.pk == q["pk"] for m in matches))
    if profiler:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(35)

    # How many people fit exactly what each query says (name words by key, and the birth date if given),
    # by home district; what a perfect search could expect from that (``_best_chance``).
    wanted = {(q["observed"], q["birth_date"]) for q in timed}
    fits = defaultdict(Counter)
    for first, last, middle, birth, home in observed:
        for with_middle in (None, middle):
            for with_birth in ("", birth):
                key = ((first, last, with_middle), with_birth)
                if key in wanted:
                    fits[key][home, int(birth[:4])] += 1
    chances, shared = [], []
    for q in timed:
        chance, n = _best_chance(q, fits[(q["observed"], q["birth_date"])])
        chances.append(chance)
        shared.append(n)

    by_kind = defaultdict(list)
    for q, hit in zip(timed, hits, strict=True):
        for part in q["variant"].split("+"):
            by_kind[part].append(hit)
        by_kind["with_birth_date" if q["birth_date"] else "no_birth_date"].append(hit)
        if q.get("birth_year") is not None:
            by_kind["stated_age"].append(hit)
        if q.get("district") is not None:
            by_kind["home_district" if q["district"] == q["home"] else "moved"].append(hit)
    distinguishable = [hit for hit, chance in zip(hits, chances, strict=True) if chance >= 1.0]

    # Hit-list sizes: index rows sharing a digest with the query (counted apart, outside the timing).
    rows = []
    for q in timed[:200]:
        digests = _probe(q).digests()
        rows.append(PersonIndex.objects.filter(digest__in=list(digests)).count())
    misses = [
        {
            "query": q["text"],
            "birth_date": q["birth_date"],
            "variant": q["variant"],
            "moved": q.get("district") not in (None, q["home"]),
            "stated_birth_year": q.get("birth_year"),
            "people_fitting": n,
            "best_chance": round(chance, 3),
        }
        for q, hit, n, chance in zip(timed, hits, shared, chances, strict=True)
        if not hit
    ]
    return {
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "recall_at_5": round(sum(hits) / len(hits), 4),
        "details": {
            "queries": len(timed),
            "max_ms": round(max(latencies), 2),
            "mean_ms": round(sum(latencies) / len(latencies), 2),
            "recall_ceiling": round(sum(chances) / len(chances), 4),
            "ambiguous_share": round(sum(chance < 1.0 for chance in chances) / len(chances), 4),
            "recall_at_5_distinguishable": round(sum(distinguishable) / max(1, len(distinguishable)), 4),
            "by_kind": {k: {"n": len(v), "recall": round(sum(v) / len(v), 4)} for k, v in by_kind.items()},
            "rows_p50": percentile(rows, 50),
            "rows_p95": percentile(rows, 95),
            "rows_max": max(rows),
            "rare_hits": RARE_HITS,
            "misses_sample": misses[:40],
            "distinguishable_misses": [m for m in misses if m["best_chance"] >= 1.0][:40],
        },
    }


def _probe(q: dict):
    from isenim.people.matching import Probe

    return Probe(
        q["text"],
        birth_date=q["birth_date"],
        district_id=q.get("district"),
        approximate_birth_year=q.get("birth_year"),
    )


def _best_chance(q: dict, fitting: Counter) -> tuple[float, int]:
    """(chance that a perfect search puts the person in its top LIMIT, people ranked with or above them).

    ``fitting`` counts the people who fit the name (and the birth date, if given) by (home district, year
    of birth). A perfect search ranks first those who also fit more of the rest the query says: living
    in the district it gives, born within AGE_TOLERANCE of the year a stated age gives (the person may not,
    having moved or misstated their age). The district counts a little more than the age: 90% of people
    still live in it, one in 17 namesakes does (odds of 15 to 1), while 95% state an age within the
    tolerance, which one in 11 namesakes fits (odds of 10 to 1). The person is then drawn among those who
    fit as much as they do, in the slots left by those who fit more."""
    from isenim.people.matching import AGE_TOLERANCE

    def fits_more(home, year) -> float:
        here = q.get("district") is not None and home == q["district"]
        near = q.get("birth_year") is not None and abs(year - q["birth_year"]) <= AGE_TOLERANCE
        return here + 0.75 * near

    own = fits_more(q["home"], q["true_year"])
    above = sum(n for (home, year), n in fitting.items() if fits_more(home, year) > own)
    level = sum(n for (home, year), n in fitting.items() if fits_more(home, year) == own)
    return max(0.0, min(1.0, (LIMIT - above) / max(1, level))), above + level


def _baseline(queries: list[dict]) -> dict:
    """Brute force without an index: decrypt every identity, then rapidfuzz over all the names.

    Decrypting all N identities is timed on its own (median of DECRYPT_SCANS full scans) and the names are
    then cached, name keys too, so that rapidfuzz's match time per query can be timed alone. The baseline's
    cost per query is decryption + match (the p95 reported); the match time alone is reported as well.
    Computing the name keys of all names is left out of both (a cheaper folding could be used)."""
    from rapidfuzz import fuzz, process

    from isenim.core.crypto import decrypt_text
    from isenim.core.translit import name_key
    from isenim.people.models import IDENTITY_CONTEXT, Person

    scans = []
    for _scan in range(DECRYPT_SCANS):
        t0 = time.perf_counter()
        pks, names = [], []
        rows = Person.objects.filter(merged_into=None).values_list("pk", "sealed_identity")
        for pk, sealed in rows.iterator(chunk_size=10_000):
            identity = json.loads(decrypt_text(sealed, context=IDENTITY_CONTEXT))
            pks.append(pk)
            names.append(
                " ".join(filter(None, (identity.get(f) for f in ("last_name", "first_name", "middle_name"))))
            )
        scans.append(time.perf_counter() - t0)
    decrypt_s = sorted(scans)[len(scans) // 2]
    t0 = time.perf_counter()
    keys = [name_key(name) for name in names]
    name_key_s = time.perf_counter() - t0
    latencies, hits = [], []
    for q in queries:
        t0 = time.perf_counter()
        found = process.extract(name_key(q["text"]), keys, scorer=fuzz.token_sort_ratio, limit=LIMIT)
        latencies.append((time.perf_counter() - t0) * 1000)
        hits.append(any(pks[index] == q["pk"] for _choice, _score, index in found))
    return {
        "queries": len(queries),
        # Without an index every check decrypts every identity, then matches: the figure compared.
        "p95_ms": round(decrypt_s * 1000 + percentile(latencies, 95), 1),
        "match_p50_ms": round(percentile(latencies, 50), 1),
        "match_p95_ms": round(percentile(latencies, 95), 1),
        "recall_at_5": round(sum(hits) / len(hits), 4),
        "decrypt_s": round(decrypt_s, 2),
        "name_key_s": round(name_key_s, 2),
    }


if __name__ == "__main__":
    child_main(run, sys.argv[1:])
