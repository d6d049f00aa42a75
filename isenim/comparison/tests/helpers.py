"""Files in CTDC's shape written by the tests, and counts computed from the file itself (csv + Counter),
independently of the import."""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

from openpyxl import Workbook

MISSING = {"", "-99", "unknown", "null"}

COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isForcedMarriage",
    "meansOfControlDebtBondage",
    "meansOfControlThreats",
    "typeOfLabourAgriculture",
    "typeOfLabourConstruction",
    "typeOfExploitConcatenated",
]
TYPES = ["isForcedLabour", "isSexualExploit", "isOtherExploit", "isForcedMarriage"]


def ctdc_rows(count: int = 600, seed: int = 5) -> list[dict[str, str]]:
    """Rows as a CTDC release writes them: empty, -99 and Unknown for missing; flags 1/0/empty; some small
    groups (a rare citizenship, a rare band) so that cells under k exist."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        citizenship = rng.choices(["UZ", "KG", "TJ", "UA", "MD", "NP", ""], [40, 20, 15, 12, 8, 2, 3])[0]
        where = rng.choices(["RU", "KZ", "TR", "AE", "-99", ""], [40, 25, 15, 5, 10, 5])[0]
        kind = rng.choices(TYPES, [60, 30, 6, 4])[0]
        row = {
            "yearOfRegistration": str(rng.choice([2016, 2017, 2018, 2019, 2020, 2021])) if index % 50 else "",
            "Datasource": rng.choice(["Case management", "Case management", "Hotline"]),
            "gender": rng.choices(
                ["Female", "Male", "Transgender/NonConforming", "Unknown", ""], [50, 45, 1, 2, 2]
            )[0],
            "ageBroad": rng.choices(
                ["0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", "-99"],
                [1, 8, 10, 12, 12, 10, 20, 10, 4, 6],
            )[0],
            "citizenship": citizenship,
            "CountryOfExploitation": where,
        }
        row["majorityStatus"] = {"0--8": "Minor", "9--17": "Minor", "-99": rng.choice(["Unknown", ""])}.get(
            row["ageBroad"], "Adult"
        )
        hotline = row["Datasource"] == "Hotline"
        for flag in TYPES:
            row[flag] = "1" if flag == kind else ("" if hotline else "0")
        if rng.random() < 0.1:  # a second type now and then: the family dimension counts it twice
            row["isSexualExploit"] = "1"
        row["meansOfControlDebtBondage"] = rng.choice(["1", "0", ""])
        row["meansOfControlThreats"] = rng.choice(["1", "0", "-99"])
        row["typeOfLabourAgriculture"] = "1" if kind == "isForcedLabour" and rng.random() < 0.5 else ""
        row["typeOfLabourConstruction"] = "1" if kind == "isForcedLabour" and rng.random() < 0.3 else ""
        row["typeOfExploitConcatenated"] = {
            "isForcedLabour": "Forced labour",
            "isSexualExploit": "Sexual exploitation",
        }.get(kind, "Other")
        rows.append(row)
    return rows


def write_csv(
    path: Path,
    rows: list[dict],
    columns: list[str] | None = None,
    *,
    header: list[str] | None = None,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    columns = columns or COLUMNS
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header or columns)
        for row in rows:
            writer.writerow([row.get(column, "") for column in columns])
    return path


def write_xlsx(path: Path, rows: list[dict], columns: list[str] | None = None, *, header=None) -> Path:
    """As CTDC's workbook: numbers as numbers, empty cells empty."""
    columns = columns or COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.append(header or columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "")
            cells.append(
                int(value) if value.isdigit() and not column.startswith("citizenship") else (value or None)
            )
        sheet.append(cells)
    book.save(path)
    return path


def value(cell: str) -> str:
    cell = (cell or "").strip()
    return "" if cell.lower() in MISSING else cell


def file_counts(path: Path, rows: str, cols: str | None = None) -> Counter:
    """Counts by one or two columns read straight from a CSV file (a flag family: each flag set to 1)."""
    counts: Counter = Counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            row_values = _values(record, rows)
            col_values = _values(record, cols) if cols else [None]
            for r in row_values:
                for c in col_values:
                    counts[(r, c)] += 1
    return counts


def _values(record: dict, name: str) -> list[str]:
    if name == "typeOfExploitation":
        found = [flag for flag in TYPES if value(record.get(flag, "")) == "1"]
        return found or [""]
    return [value(record[name])]
