"""The CTDC / HTCDS vocabulary: the columns of the Counter Trafficking Data Collaborative's k-anonymised
dataset, their value lists, and the country → region table, read from the copies of CTDC's data dictionary
shipped in ``data/ctdc/`` (version 20210825; see its README for where they come from).

Both directions use this module: the anonymised export writes these columns, the comparison import reads
them. Nothing here touches the database.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "ctdc"
DICTIONARY = DATA / "data_dictionary_20210825_main.csv"
LOOKUPS = DATA / "data_dictionary_20210825_lookups.csv"
REGIONS = DATA / "data_dictionary_20210825_region.csv"

# What a cell may hold for "not known": the dictionary's "-99" (case management) and "Unknown" (hotline);
# the 2021 release leaves such cells empty instead. All three mean missing.
MISSING_MARKERS = frozenset({"", "-99", "unknown"})

# CTDC's broad age bands ("Age range 2"), youngest first; the upper bound is inclusive, 48+ has none.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0--8", 0, 8),
    ("9--17", 9, 17),
    ("18--20", 18, 20),
    ("21--23", 21, 23),
    ("24--26", 24, 26),
    ("27--29", 27, 29),
    ("30--38", 30, 38),
    ("39--47", 39, 47),
    ("48+", 48, None),
)


@dataclass(frozen=True)
class Column:
    name: str  # as CTDC spells it (case matters in the file: "Datasource", "CountryOfExploitation")
    kind: str  # "year", "text", "flag", "country", "list"
    lookup: str = ""  # the value list it draws from ("Gender", "Age range 2"…), when it has one


def is_missing(value) -> bool:
    return value is None or str(value).strip().lower() in MISSING_MARKERS


def age_band(age: int | None) -> str | None:
    """CTDC's broad band of an age in whole years, or None when unknown."""
    if age is None or age < 0:
        return None
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return None


def _kind(name: str, data_type: str, lookup: str) -> str:
    if name == "yearOfRegistration":
        return "year"
    if lookup.strip().upper() == "COUNTRY":
        return "country"
    if data_type.strip().lower().startswith("bool") or name.startswith(("meansOfControl", "is", "typeOf")):
        return "list" if name.endswith("Concatenated") else "flag"
    if name.startswith("recruiterRelation"):
        return "flag"
    return "text"


@cache
def columns() -> tuple[Column, ...]:
    """Every column of the dataset, in the dictionary's order."""
    with DICTIONARY.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        found = []
        for row in reader:
            if not row or not row[0].strip():
                continue
            name, data_type, lookup = row[0].strip(), row[1], row[4].strip()
            found.append(Column(name, _kind(name, data_type, lookup), lookup))
    return tuple(found)


def column_names() -> tuple[str, ...]:
    return tuple(column.name for column in columns())


@cache
def lookups() -> dict[str, tuple[str, ...]]:
    """Each value list of the dictionary (its name as CTDC writes it, stripped) → its codes in order."""
    lists: dict[str, list[str]] = {}
    current = None
    with LOOKUPS.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            if not row:
                continue
            if row[0].strip():
                current = row[0].strip()
                lists.setdefault(current, [])
            elif current and row[1].strip() and row[1].strip() not in lists[current]:
                lists[current].append(row[1].strip())
    return {name: tuple(values) for name, values in lists.items()}


@dataclass(frozen=True)
class CountryRegion:
    iso2: str
    iso3: str
    name: str
    un_region: str
    un_subregion: str
    iom_region: str


@cache
def country_regions() -> dict[str, CountryRegion]:
    """ISO alpha-2 → the country's UN region, UN sub-region and IOM region, as CTDC groups them."""
    with REGIONS.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return {
            row["ISO2"].strip(): CountryRegion(
                row["ISO2"].strip(),
                row["ISO3"].strip(),
                row["Country"].strip(),
                row["UNRegion"].strip(),
                row["UNSubRegion"].strip(),
                row["IOMRegion"].strip(),
            )
            for row in reader
            if row.get("ISO2", "").strip()
        }
