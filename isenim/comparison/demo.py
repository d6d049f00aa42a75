"""The demo's comparison dataset: a *synthetic* file in CTDC's shape, made up here from fixed random draws.

It is not CTDC's data and describes nobody: every row is drawn at random (a fixed seed) from rough
proportions, and the dataset is marked synthetic wherever it is shown. It exists so that the comparison
pages and the pivot over ``comparison:ctdc-synthetic`` are not empty on a developer's machine.
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from isenim.comparison.vocabulary import FAMILIES, known_columns

DEMO_NAME = "ctdc-synthetic"
DEMO_ROWS = 3000

COUNTRIES = {
    # citizenship → (weight, countries of exploitation with weights)
    "UZ": (30, {"RU": 6, "KZ": 3, "TR": 2, "AE": 1, "UZ": 1}),
    "KG": (12, {"RU": 5, "KZ": 3, "TR": 1}),
    "TJ": (10, {"RU": 6, "KZ": 1}),
    "KZ": (6, {"KZ": 3, "RU": 1}),
    "UA": (14, {"UA": 3, "RU": 2, "PL": 2, "DE": 1}),
    "MD": (8, {"MD": 2, "RU": 2, "TR": 1, "IT": 1}),
    "PH": (8, {"AE": 2, "SA": 2, "MY": 1}),
    "ID": (6, {"MY": 3, "SA": 1}),
    "US": (6, {"US": 1}),
}
AGES = {
    "0--8": 2,
    "9--17": 10,
    "18--20": 10,
    "21--23": 12,
    "24--26": 12,
    "27--29": 10,
    "30--38": 18,
    "39--47": 9,
    "48+": 5,
}
EXPLOITATION = {"isForcedLabour": 55, "isSexualExploit": 30, "isOtherExploit": 5, "isForcedMarriage": 4}
MISSING_MARKERS = ("", "", "", "-99", "Unknown")


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def synthetic_rows(count: int = DEMO_ROWS, seed: int = 17) -> tuple[list[str], list[dict[str, str]]]:
    """(columns, rows) of a made-up file in CTDC's shape; every CTDC column, the cells as strings."""
    rng = random.Random(seed)
    columns = list(known_columns())
    rows = []
    citizenships = {code: weight for code, (weight, _where) in COUNTRIES.items()}
    for _index in range(count):
        row = dict.fromkeys(columns, "")
        hotline = rng.random() < 0.15
        missing = "Unknown" if hotline else "-99"
        citizenship = _pick(rng, citizenships)
        row["yearOfRegistration"] = str(rng.randint(2012, 2021))
        row["Datasource"] = "Hotline" if hotline else "Case management"
        row["gender"] = _pick(rng, {"Female": 52, "Male": 46, "Transgender/NonConforming": 1, missing: 1})
        band = _pick(rng, AGES) if rng.random() > 0.08 else rng.choice(MISSING_MARKERS)
        row["ageBroad"] = band
        row["majorityStatus"] = (
            "Minor" if band in ("0--8", "9--17") else "Adult" if band in AGES else rng.choice(("", missing))
        )
        row["citizenship"] = "US" if hotline else citizenship
        row["CountryOfExploitation"] = (
            "US" if hotline else _pick(rng, COUNTRIES[citizenship][1]) if rng.random() > 0.1 else ""
        )
        kind = _pick(rng, EXPLOITATION)
        for flag in FAMILIES["exploit"]:
            row[flag] = "1" if flag == kind else ("0" if not hotline else "")
        if kind == "isForcedLabour":
            row[
                "typeOfLabour" + rng.choice(("Agriculture", "Construction", "DomesticWork", "Manufacturing"))
            ] = "1"
        if kind == "isSexualExploit":
            row["typeOfSexProstitution"] = "1"
        for flag in rng.sample(FAMILIES["control"], rng.randint(0, 3)):
            row[flag] = "1"
        if rng.random() < 0.6:
            row[rng.choice(FAMILIES["recruiter"])] = "1"
        rows.append(row)
    return columns, rows


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_xlsx(path: Path, columns: list[str], rows: list[dict[str, str]], numbers: bool = True) -> None:
    """The same rows as a workbook, the way CTDC's XLSX holds them (years and flags as numbers)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            if numbers and value.isdigit():
                cells.append(int(value))
            else:
                cells.append(value if value != "" else None)
        sheet.append(cells)
    book.save(path)


def ensure_demo_comparison() -> None:
    """The synthetic dataset, once (idempotent: an existing dataset of that name is left as it is)."""
    from isenim.comparison.models import ComparisonDataset
    from isenim.comparison.services import import_dataset

    if ComparisonDataset.objects.filter(name=DEMO_NAME).exists():
        return
    columns, rows = synthetic_rows()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ctdc-synthetic.csv"
        write_csv(path, columns, rows)
        import_dataset(
            actor=None,
            path=path,
            name=DEMO_NAME,
            title="Synthetic data in CTDC's format (demonstration, nobody real)",
            source="Made up by Isenim's demo (isenim/comparison/demo.py); not CTDC's data",
            synthetic=True,
            operator="seed-demo",
        )
