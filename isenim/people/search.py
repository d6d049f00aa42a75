"""Search the registry by name (any script), birth date, phone or document, best match first.

How a search reads the index, so that it costs about the same in a registry of a thousand or a million:
1. Count, for each of the probe's hashes, how many people share it (up to RARE_HITS + 1; one query).
2. Read every row of the telling hashes (shared by at most RARE_HITS people): these gather candidates.
3. The common hashes (a frequent first name, its pair with a frequent patronymic) are read only for the
   best RESCORE candidates, to add what they share; reading them whole would mean tens of thousands of
   rows for one search. If every hash is common (a frequent surname alone), a bounded number of their
   rows stands in, most telling kinds first.
   With a district, the people of that district are found in the common name lists too (the index rows
   carry the person's home district), and everyone living there counts a little more
   (``WEIGHTS["district"]``, and SAME_DISTRICT in the final score): a boost, not a filter, people move.
4. With an approximate year of birth (an age stated at intake), or a birth date that people kept with an
   approximate age may fit, the AGE_CHECKED best are asked for their year of birth (kept in clear; one
   query by primary key), and those whose year is near count a little more (``WEIGHTS["age"]``, NEAR_AGE).
5. The SHORTLIST best, and whoever shares the birth date and two name words, are decrypted and compared
   word by word (``_final_score``). People sharing the birth date are always re-scored in 3.
"""

import heapq
import json
from dataclasses import dataclass
from itertools import pairwise

from django.db import connections

from isenim.people.equivalents import refresh as refresh_equivalents
from isenim.people.matching import AGE_TOLERANCE, WEIGHTS, NameComparer, Probe, name_words, rough_scores
from isenim.people.models import Person, PersonIndex

RARE_HITS = 500  # a hash shared by more people than this is too common to gather candidates with
RESCORE = 100  # candidates whose rows are read whole, to count the common hashes they share too
FALLBACK_HITS = 2_000  # rows read when every hash of the probe is common
SHORTLIST = 40  # people decrypted and compared word by word
SHORTLIST_EXTRA = 10  # and the best of the probe's district, and of those near the probe's age
# Also compared: anyone sharing the birth date and two name words (at least loosely), however many
# namesakes rank above them; with the birth date given, that is nearly always the person.
BORN_AND_NAMED = WEIGHTS["birth"] + WEIGHTS["loose"]
# With a district: the common lists of these kinds are read for that district's people (not "word":
# a frequent first name alone says too little to be worth thousands of rows).
DISTRICT_KINDS = ("name", "whole", "part", "pair", "stem", "loose")
DISTRICT_SCAN = 10_000  # rows of the district's part of those lists read, at most
SAME_DISTRICT = 0.04  # final score: the candidate lives in the district the probe names (see _final_score)
AGE_CHECKED = 300  # best candidates whose year of birth is compared with an approximate one
# Final score: the years of birth are within AGE_TOLERANCE, one of them approximate. A little less than
# the district (SAME_DISTRICT): a namesake is near in age more often (1 in 11) than in the district (1 in
# 17), and the odds each gives are 10 and 15 to 1 (bench/dedup._best_chance).
NEAR_AGE = 0.03
# Most telling first.
KIND_ORDER = (("name", "whole", "part", "doc", "phone"), ("pair", "stem", "loose", "birth"), ("word",))


# The duplicate check's thresholds, defined here once for every form, list and import that uses them.
# A candidate this alike (the name alone gives 0.7) must be looked at before a new record is saved: the
# intake, the new-person form and the person edit show it and ask "This is a different person".
LIKELY_DUPLICATE = 0.7
# An imported row is held back as a possible duplicate from this score on: the name (0.7) with the same
# birth date (0.2). Without a birth date an import cannot tell namesakes apart, so it does not hold them.
IMPORT_DUPLICATE = 0.85


def is_likely_duplicate(score: float) -> bool:
    return score >= LIKELY_DUPLICATE


@dataclass
class Match:
    person: Person
    score: float
    # Whether the user searching may read this person (need to know: people.selectors marks it); a match
    # they may not read is shown as a bare code, to avoid a duplicate record, without its content.
    readable: bool = True
    # Another match of the list has the same score and agrees as much with what was typed besides the
    # name (birth date, district, age): nothing the search knows tells them apart (see order_matches).
    tie: bool = False

    @property
    def likely_duplicate(self) -> bool:
        return is_likely_duplicate(self.score)

    @property
    def code(self) -> str:
        return self.person.code


def search_people(probe: Probe, *, limit: int = 10, queryset=None) -> list[Match]:
    """Candidates for ``probe`` among ``queryset`` (default: every person not merged away)."""
    refresh_equivalents()
    digests = probe.digests()
    if not digests:
        return []
    district = probe.district_id or None
    sizes = _hit_counts(list(digests))
    telling = [digest for digest in digests if 0 < sizes[digest] <= RARE_HITS]
    common = {digest for digest in digests if sizes[digest] > RARE_HITS}
    local: set[int] = set()  # candidates living in the probe's district
    hits = []
    for person_id, digest, home in _index_rows(telling):
        hits.append((person_id, digest))
        if district and home == district:
            local.add(person_id)
    nearby = []
    if district and common:
        # Namesakes elsewhere must not crowd out the district's own people: its part of the common name
        # lists is read whole (the district is in the index rows), as if those lists were telling.
        nearby = _district_rows([digest for digest in common if digests[digest] in DISTRICT_KINDS], district)
        local.update(person_id for person_id, _digest in nearby)
    if not hits and common:
        for kinds in KIND_ORDER:
            wanted = [digest for digest in common if digests[digest] in kinds]
            if wanted and len(hits) < FALLBACK_HITS:
                hits += [row[:2] for row in _index_rows(wanted, limit=FALLBACK_HITS - len(hits))]
        common = set()
    counted = set(hits)
    hits += [row for row in nearby if row not in counted]
    counted.update(nearby)
    scores = rough_scores([(person_id, digests[digest]) for person_id, digest in hits])
    for person_id in local:
        scores[person_id] += WEIGHTS["district"]
    # People born the same day are few and telling together with a name: never crowded out by namesakes.
    born = {person_id for person_id, digest in hits if digests[digest] == "birth"}
    if common and scores:
        best = set(heapq.nlargest(RESCORE, scores, key=scores.get))
        best |= set(heapq.nlargest(RESCORE, born, key=scores.get))
        best |= set(heapq.nlargest(RESCORE, local, key=scores.get))
        for person_id, digest in _rows_of_people(best):
            if digest in common and (person_id, digest) not in counted:
                scores[person_id] += WEIGHTS[digests[digest]]
    year, approximate_only = _year_to_compare(probe)
    near: list[int] = []
    if year is not None and scores:
        checked = set(heapq.nlargest(AGE_CHECKED, scores, key=scores.get))
        checked |= set(heapq.nlargest(RESCORE, local, key=scores.get))
        near = _near_in_age(checked, year, approximate_only=approximate_only)
        for person_id in near:
            scores[person_id] += WEIGHTS["age"]
    shortlist = set(heapq.nlargest(SHORTLIST, scores, key=scores.get))
    # The best of the district and of the age are compared too, however many namesakes rank above them.
    shortlist |= set(heapq.nlargest(SHORTLIST_EXTRA, local, key=scores.get))
    shortlist |= set(heapq.nlargest(SHORTLIST_EXTRA, near, key=scores.get))
    shortlist |= {person_id for person_id in born if scores[person_id] >= BORN_AND_NAMED}
    people = (queryset if queryset is not None else Person.objects).filter(pk__in=shortlist, merged_into=None)
    comparer = NameComparer(probe)
    matches = [Match(person, _final_score(probe, person, scores[person.pk], comparer)) for person in people]
    return order_matches(probe, matches)[:limit]


def typed_agreement(probe: Probe, person: Person) -> tuple:
    """How far a person fits what was typed besides the name, best first when sorted: the same birth
    date, the same home district, then the years between their year of birth and the probe's (an
    approximate age or a birth date's year; 99 when either is missing)."""
    birth = bool(probe.birth_date) and person.identity.get("birth_date") == probe.birth_date
    district = bool(probe.district_id) and person.home_district_id == probe.district_id
    year, _approximate_only = _year_to_compare(probe)
    years = abs(person.birth_year - year) if year is not None and person.birth_year else 99
    return (not birth, not district, years)


def order_matches(probe: Probe, matches: list[Match]) -> list[Match]:
    """Best score first; equal scores (a score at its cap of 1, or namesakes the name alone cannot tell
    apart) by what was typed besides the name (``typed_agreement``), and the ones that still agree on
    everything are marked ``tie``: the page says so, and asks for the birth date. The code comes last
    only so that the order is stable: it says nothing about who is meant."""
    ranked = sorted(matches, key=lambda m: (-m.score, typed_agreement(probe, m.person), m.code))
    for first, second in pairwise(ranked):
        if first.score == second.score and typed_agreement(probe, first.person) == typed_agreement(
            probe, second.person
        ):
            first.tie = second.tie = True
    return ranked


def _year_to_compare(probe: Probe) -> tuple[int | None, bool]:
    """(year of birth to compare, whether only people kept with an approximate age may fit it).

    An age stated at intake is compared with everyone's year. An exact birth date is compared with the
    years of people kept with an approximate age only: two exact dates that differ are two people."""
    if probe.approximate_birth_year:
        return probe.approximate_birth_year, False
    if probe.birth_date[:4].isdigit():
        return int(probe.birth_date[:4]), True
    return None, False


def _near_in_age(person_ids: set[int], year: int, *, approximate_only: bool) -> list[int]:
    """Those of ``person_ids`` whose year of birth is within AGE_TOLERANCE of ``year``."""
    table = _table(Person)
    ids_sql, ids_param = _one_of("id", person_ids)
    # With approximate_only the partial index people_person_approximate answers it: few people are kept
    # with an approximate age, so most searches with a birth date read almost nothing here.
    approximate = " AND birth_date_approximate" if approximate_only else ""
    sql = f"SELECT id FROM {table} WHERE {ids_sql} AND birth_year BETWEEN %s AND %s{approximate}"  # noqa: S608
    rows = _fetch(sql, [ids_param, year - AGE_TOLERANCE, year + AGE_TOLERANCE])
    return [person_id for (person_id,) in rows]


def _rows_of_people(person_ids: set[int]) -> list[tuple[int, str]]:
    """(person_id, digest) of every index row of ``person_ids``."""
    ids_sql, ids_param = _one_of("person_id", person_ids)
    return _fetch(f"SELECT person_id, digest FROM {_table(PersonIndex)} WHERE {ids_sql}", [ids_param])  # noqa: S608


# The search asks for a few hundred people at once by primary key. As one array parameter instead of an
# IN list of hundreds, the query is built, sent and planned in a third of the time (measured at 1M:
# docs/performance.md, session 5). Only column and table names of our own models go into the text.
def _one_of(column: str, ids) -> tuple[str, object]:
    """SQL "``column`` is one of ``ids``" with its single parameter, for this database."""
    if connections[Person.objects.db].vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", sorted(ids)
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(sorted(ids))  # noqa: S608


def _table(model) -> str:
    return connections[model.objects.db].ops.quote_name(model._meta.db_table)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connections[Person.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fits_in_age(probe: Probe, person: Person) -> bool:
    """The person's year of birth is near the probe's, one of the two being approximate."""
    year, approximate_only = _year_to_compare(probe)
    if year is None or person.birth_year is None:
        return False
    if approximate_only and not person.birth_date_approximate:
        return False
    return abs(person.birth_year - year) <= AGE_TOLERANCE


def _index_rows(digests: list[str], limit: int | None = None) -> list[tuple]:
    """(person_id, digest, home district id) of the rows with one of ``digests`` (at most ``limit``), read
    from the lookup index alone."""
    if not digests:
        return []
    rows = PersonIndex.objects.filter(digest__in=digests).values_list(
        "person_id", "digest", "home_district_id"
    )
    return list(rows[:limit] if limit else rows)


def _district_rows(digests: list[str], district: int) -> list[tuple[int, str]]:
    """(person_id, digest) of the rows with one of ``digests`` whose person lives in ``district``, at most
    DISTRICT_SCAN of them (a bound on the work, far above a district's part of the usual lists): a range
    of the lookup index (digest, district, person) per digest."""
    if not digests:
        return []
    rows = PersonIndex.objects.filter(digest__in=digests, home_district_id=district)
    return list(rows.values_list("person_id", "digest")[:DISTRICT_SCAN])


def _hit_counts(digests: list[str]) -> dict[str, int]:
    """How many index rows each digest has, counted up to RARE_HITS + 1 (one statement, index only)."""
    table = _table(PersonIndex)
    # Only the model's own table name and a constant are put into the text; the digests are parameters.
    one = f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE digest = %s LIMIT {RARE_HITS + 1}) AS hits)"  # noqa: S608
    (counts,) = _fetch("SELECT " + ", ".join([one] * len(digests)), digests)
    return dict(zip(digests, counts, strict=True))


def _final_score(probe: Probe, person: Person, rough: float, comparer: NameComparer) -> float:
    """0..1: mostly the word-by-word name likeness, then a shared birth date, the same home district, and
    how much else the hashes agreed on."""
    identity = person.identity
    fields = [identity.get(field, "") for field in ("last_name", "first_name", "middle_name")]
    if any(fields):
        likeness = comparer.similarity(*fields)
    else:
        likeness = comparer.compare(name_words(person.display_name()))
    score = 0.7 * likeness
    if probe.birth_date and identity.get("birth_date") == probe.birth_date:
        score += 0.2
    if fits_in_age(probe, person):
        score += NEAR_AGE
    if probe.district_id and person.home_district_id == probe.district_id:
        # Less than a birth date (people move, a district has thousands), and small enough that without
        # the birth date no one reaches the import's DUPLICATE_SCORE (0.7 + 0.04 + 0.1 < 0.85). With a near
        # approximate age (NEAR_AGE) a namesake can; the import only compares people sharing a birth date.
        score += SAME_DISTRICT
    score += min(rough, 6.0) / 60  # up to 0.1 for how much else the hashes agreed on
    return round(min(score, 1.0), 3)
