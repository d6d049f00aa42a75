"""k-anonymity of the CTDC export, worked out on the table of equivalence classes alone (no database).

A record's quasi-identifiers (QIs) are the five columns an outsider could know about a person from elsewhere:
``yearOfRegistration``, ``gender``, ``ageBroad`` (with ``majorityStatus``, which follows from it),
``citizenship`` and ``CountryOfExploitation``. An equivalence class is the set of records that share all
five. The file is k-anonymous when every class holds at least k records.

The method (CTDC's own: generalise, then redact what is still rare; docs/exchange.md "Export"):

1. **Countries, locally.** A citizenship or country of exploitation held by fewer than k records in the
   whole file is replaced by its UN sub-region (``ctdc.country_regions()``); a sub-region still under k by
   its UN region; a region still under k by "missing".
2. **Year and age, globally.** Every record's year and age band are taken one level up a fixed hierarchy
   (year → two years → four years; CTDC band → broad band → minor/adult) — the least generalisation whose
   classes under k hold at most ``SUPPRESSION_LIMIT`` of the records (else the one that leaves the fewest).
3. **Local suppression.** In each class still under k, set CountryOfExploitation to missing; in each class
   still under k, citizenship too; then the age band, then gender, then the year.
4. **Drop** the records of any class still under k (a class of records missing every QI but under k).

``plan()`` returns, for every class of raw QI values, the class it is released as (or None: dropped), with
what was changed for the risk report. ``check_against()`` compares a planned release with an earlier one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from isenim.exchange import ctdc

QI_NAMES = ("yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation")
YEAR, GENDER, AGE, CITIZENSHIP, EXPLOITATION = range(5)
# Local suppression: the QI set to missing first comes first (the least useful to an analyst of the
# centre's own cases, who are nearly all citizens of one country; the year is the last to go).
SUPPRESSION_ORDER = (EXPLOITATION, CITIZENSHIP, AGE, GENDER, YEAR)
# Step 2 takes the least generalisation that leaves at most this share of records to suppress (ARX's
# default of a few per cent): more generalisation would cost every record for the sake of a few.
SUPPRESSION_LIMIT = 0.05

Key = tuple  # five values, None where missing

# --- The hierarchies ---------------------------------------------------------------------------------

BROAD_AGE = {
    "0--8": "0--17",
    "9--17": "0--17",
    "18--20": "18--29",
    "21--23": "18--29",
    "24--26": "18--29",
    "27--29": "18--29",
    "30--38": "30--47",
    "39--47": "30--47",
    "48+": "48+",
}
MAJORITY_AGE = {"0--17": "0--17", "18--29": "18+", "30--47": "18+", "48+": "18+"}
MINOR_BANDS = frozenset({"0--8", "9--17", "0--17"})
# "0--17" is both the broad band and the minor band (no finer broad split): it counts as level 1.
AGE_LEVEL = dict.fromkeys(BROAD_AGE, 0) | {"18--29": 1, "30--47": 1, "0--17": 1, "18+": 2}


def majority(age: str | None) -> str | None:
    """CTDC's majorityStatus of a (possibly generalised) age band."""
    if age is None:
        return None
    return "Minor" if age in MINOR_BANDS else "Adult"


def year_at(year: int, level: int) -> str:
    """A year one of: itself, the even-aligned two years, the four years aligned on a multiple of 4."""
    if level == 0:
        return str(year)
    width = 2 if level == 1 else 4
    start = year - year % width
    return f"{start}--{start + width - 1}"


def age_at(band: str, level: int) -> str:
    if level >= 1:
        band = BROAD_AGE.get(band, band)
    if level >= 2:
        band = MAJORITY_AGE.get(band, band)
    return band


def year_level(value: str) -> int:
    if "--" not in value:
        return 0
    start, end = value.split("--")
    return 1 if int(end) - int(start) == 1 else 2


@cache
def _regions() -> tuple[dict[str, str], dict[str, str]]:
    """country → UN sub-region, sub-region → UN region (a country without a sub-region: its region)."""
    to_sub, sub_to_region = {}, {}
    for iso2, row in ctdc.country_regions().items():
        sub = row.un_subregion or row.un_region
        if sub:
            to_sub[iso2] = sub
            if row.un_region:
                sub_to_region[sub] = row.un_region
    return to_sub, sub_to_region


def country_level(value: str) -> int:
    to_sub, sub_to_region = _regions()
    if value in to_sub or len(value) == 2:
        return 0
    return 1 if value in sub_to_region else 2


def country_up(value: str) -> str | None:
    """The next node up: a country's sub-region, a sub-region's region; None above a region."""
    to_sub, sub_to_region = _regions()
    if value in to_sub:
        return to_sub[value]
    if value in sub_to_region:
        return sub_to_region[value]
    return None


# --- The plan ----------------------------------------------------------------------------------------


@dataclass
class Plan:
    k: int
    records: int = 0
    mapping: dict[Key, Key | None] = field(default_factory=dict)  # raw class → released class (None: dropped)
    classes: Counter = field(default_factory=Counter)  # released class → records
    year_level: int = 0
    age_level: int = 0
    countries_generalised: dict[str, dict[str, str]] = field(default_factory=dict)  # QI → {from: to}
    cells_generalised: int = 0
    cells_suppressed: int = 0
    suppressed_by_qi: dict[str, int] = field(default_factory=dict)
    records_dropped: int = 0
    dropped_for_releases: int = 0  # of records_dropped: dropped so that no earlier release can be subtracted
    raw_counts: Counter = field(default_factory=Counter)

    @property
    def records_released(self) -> int:
        return self.records - self.records_dropped

    @property
    def information_lost(self) -> float:
        """The share of QI cells changed: generalised, suppressed, or lost with a dropped record."""
        cells = self.records * len(QI_NAMES)
        changed = self.cells_generalised + self.cells_suppressed + self.records_dropped * len(QI_NAMES)
        return changed / cells if cells else 0.0

    def released(self, raw: Key) -> Key | None:
        return self.mapping.get(raw)


def _recode_countries(counts: Counter, position: int, k: int) -> dict[str, str | None]:
    """Step 1 for one country QI: rare values go up the region tree until they are held by ≥ k records."""
    marginal: Counter = Counter()
    for key, n in counts.items():
        if key[position] is not None:
            marginal[key[position]] += n
    recode: dict[str, str | None] = {value: value for value in marginal}
    while True:
        held: Counter = Counter()
        for value, n in marginal.items():
            if recode[value] is not None:
                held[recode[value]] += n
        rare = {node for node, n in held.items() if n < k}
        if not rare:
            return recode
        for value, node in recode.items():
            if node in rare:
                recode[value] = country_up(node)


def _generaliser(keys, year_lvl: int, age_lvl: int, recodes):
    """A function raw key → generalised key for one choice of levels, through lookup tables."""
    years = {key[YEAR] for key in keys if key[YEAR] is not None}
    year_map = {year: year_at(year, year_lvl) for year in years} | {None: None}
    age_map = {band: age_at(band, age_lvl) for band in BROAD_AGE} | {None: None}
    citizenship = {**recodes[0], None: None}
    exploitation = {**recodes[1], None: None}

    def generalise(key: Key) -> Key:
        year, gender, age, origin, destination = key
        return (year_map[year], gender, age_map.get(age, age), citizenship[origin], exploitation[destination])

    return generalise


def _small_records(classes: Counter, k: int) -> int:
    return sum(n for n in classes.values() if n < k)


def plan(raw_counts: Mapping[Key, int], k: int) -> Plan:
    """The released class of every raw class: generalise, then suppress, until every class has ≥ k records.

    ``raw_counts``: (year as int, gender, CTDC age band, citizenship ISO2, exploitation ISO2) → records,
    None where Isenim does not know the value."""
    counts = Counter({key: n for key, n in raw_counts.items() if n})
    result = Plan(k=k, records=sum(counts.values()))
    recodes = (_recode_countries(counts, CITIZENSHIP, k), _recode_countries(counts, EXPLOITATION, k))
    for name, recode in zip(("citizenship", "CountryOfExploitation"), recodes, strict=True):
        result.countries_generalised[name] = {
            value: (node or "") for value, node in sorted(recode.items()) if node != value
        }

    # Step 2: the least generalisation of year and age within the suppression limit.
    best = None
    for year_lvl, age_lvl in sorted(
        ((y, a) for y in range(3) for a in range(3)), key=lambda p: (sum(p), p[1])
    ):
        generalise = _generaliser(counts, year_lvl, age_lvl, recodes)
        classes: Counter = Counter()
        for key, n in counts.items():
            classes[generalise(key)] += n
        small = _small_records(classes, k)
        if small <= SUPPRESSION_LIMIT * result.records:
            best = (year_lvl, age_lvl)
            break
        if best is None or small < best[2]:
            best = (year_lvl, age_lvl, small)
    result.year_level, result.age_level = best[0], best[1]

    generalise = _generaliser(counts, result.year_level, result.age_level, recodes)
    current = {key: generalise(key) for key in counts}

    # Step 3: local suppression, one QI after another, of the classes still under k.
    for position in SUPPRESSION_ORDER:
        classes = Counter()
        for key, released in current.items():
            classes[released] += counts[key]
        for key, released in current.items():
            if classes[released] < k and released[position] is not None:
                current[key] = (*released[:position], None, *released[position + 1 :])

    # Step 4: drop what is still under k.
    classes = Counter()
    for key, released in current.items():
        classes[released] += counts[key]
    for key, released in current.items():
        if classes[released] < k:
            current[key] = None
    result.mapping = current
    result.raw_counts = counts
    result.classes = Counter({c: n for c, n in classes.items() if n >= k})
    _tally(result)
    return result


def _tally(result: Plan) -> None:
    """What the release changed, for the risk report: cells generalised or suppressed in the records
    released, records dropped (every QI cell of a dropped record counts as lost)."""
    result.cells_generalised = result.cells_suppressed = result.records_dropped = 0
    by_qi: Counter = Counter()
    for raw, n in result.raw_counts.items():
        released = result.mapping[raw]
        if released is None:
            result.records_dropped += n
            continue
        for position, value in enumerate(raw):
            if value is None:
                continue
            if released[position] is None:
                result.cells_suppressed += n
                by_qi[QI_NAMES[position]] += n
            elif released[position] != str(value):
                result.cells_generalised += n
    result.suppressed_by_qi = {name: by_qi.get(name, 0) for name in QI_NAMES}


# --- Releases against each other ---------------------------------------------------------------------


def class_key(released: Key) -> str:
    """A released class as text (how a Release stores its class table): the five values joined by "|",
    "" where missing."""
    return "|".join("" if value is None else str(value) for value in released)


def parse_class_key(text: str) -> Key:
    return tuple(value or None for value in text.split("|"))


def _ancestors(position: int, value: str) -> list[str]:
    """The value and every node above it in its QI's hierarchy, finest first."""
    chain = [value]
    if position == YEAR:
        level = year_level(value)
        start = int(value.split("--")[0])
        chain += [year_at(start, lvl) for lvl in range(level + 1, 3)]
    elif position == AGE:
        level = AGE_LEVEL.get(value, 2)
        chain += [age_at(value, lvl) for lvl in range(level + 1, 3) if age_at(value, lvl) != value]
    elif position in (CITIZENSHIP, EXPLOITATION):
        node = country_up(value)
        while node is not None:
            chain.append(node)
            node = country_up(node)
    return chain


def _common_coarsening(tables: Iterable[Mapping[Key, int]]) -> list[dict]:
    """For each QI, a map of every value of the tables to its topmost ancestor held by any of them: the
    finest partition both tables can be summed to (blocks are unions of values of either)."""
    values: list[set] = [set() for _ in QI_NAMES]
    for table in tables:
        for key in table:
            for position, value in enumerate(key):
                if value is not None:
                    values[position].add(value)
    maps = []
    for position, present in enumerate(values):
        mapping = {}
        for value in present:
            top = value
            for node in _ancestors(position, value):
                if node in present:
                    top = node
            mapping[value] = top
        maps.append(mapping)
    return maps


def _coarsen(table: Mapping[Key, int], maps: list[dict]) -> Counter:
    out: Counter = Counter()
    for key, n in table.items():
        out[tuple(None if v is None else maps[i][v] for i, v in enumerate(key))] += n
    return out


def risky_classes(new: Mapping[Key, int], old: Mapping[Key, int], k: int) -> set[Key]:
    """The classes of ``new`` that an earlier release ``old`` could be subtracted from (or ``new`` from
    it) to leave 1…k−1 records: the same class in both with counts that differ by 1…k−1 — compared as
    released, and again with both tables summed to their common coarsening (a class released as a
    country in one and as its region in the other)."""
    risky: set[Key] = set()
    for released, n in new.items():
        if 0 < abs(n - old.get(released, 0)) < k:
            risky.add(released)
    maps = _common_coarsening((new, old))
    coarse_new, coarse_old = _coarsen(new, maps), _coarsen(old, maps)
    bad = {c for c in coarse_new.keys() | coarse_old.keys() if 0 < abs(coarse_new[c] - coarse_old[c]) < k}
    if bad:
        for released in new:
            if tuple(None if v is None else maps[i][v] for i, v in enumerate(released)) in bad:
                risky.add(released)
    return risky


def check_against(result: Plan, earlier: Iterable[tuple[Mapping[Key, int], int]]) -> Plan:
    """Drop the classes of ``result`` that an earlier release (its class table and its k) could be
    subtracted from, until none can (each round drops at least one class, so it ends). The threshold is
    the larger of the two k."""
    earlier = list(earlier)
    while True:
        risky: set[Key] = set()
        for old, old_k in earlier:
            risky |= risky_classes(result.classes, old, max(result.k, old_k))
        if not risky:
            _tally(result)
            return result
        for released in risky:
            result.dropped_for_releases += result.classes.pop(released)
        for raw, released in result.mapping.items():
            if released in risky:
                result.mapping[raw] = None


def table_to_json(classes: Mapping[Key, int]) -> dict[str, int]:
    """A class table as a Release stores it: class key → records."""
    return {
        class_key(released): n for released, n in sorted(classes.items(), key=lambda item: class_key(item[0]))
    }


def table_from_json(stored: Mapping[str, int]) -> dict[Key, int]:
    return {parse_class_key(text): int(n) for text, n in stored.items()}
