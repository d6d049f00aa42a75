"""Reading and writing spreadsheets (CSV and XLSX) safely.

Writers escape every text cell against formula injection: a cell that starts with ``= + - @``, a tab or a
carriage return (also after leading spaces) would run as a formula when the file is opened in Excel or
LibreOffice (``=HYPERLINK(...)`` can send the row to a stranger's server). In CSV such a cell gets a leading
apostrophe; in XLSX it is written as a string cell with Excel's "quote prefix", so it shows as text and
stays text when edited.

Readers return the header and the data rows as stripped strings with their row numbers as a spreadsheet
shows them (header = row 1), whatever the source: CSV in UTF-8 (with or without BOM, comma or semicolon)
or the first sheet of an XLSX workbook.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from isenim.core.text import visible

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class SpreadsheetError(Exception):
    """The file cannot be read as a table (wrong format, not UTF-8, empty, damaged)."""


# --- Writing --------------------------------------------------------------------------------------


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet take this text for a formula?"""
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def csv_text(value) -> str:
    """A value as CSV cell text: dates in ISO form, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.isoformat(sep=" ", timespec="seconds")
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


class _Line:
    """A file-like object whose ``write`` returns what it was given (csv.writer into a generator)."""

    def write(self, text: str) -> str:
        return text


def iter_csv(header: list[str], rows: Iterable[Iterable], *, delimiter: str = ",") -> Iterator[str]:
    """The CSV text line by line, BOM first (Excel then reads it as UTF-8), every cell escaped."""
    writer = csv.writer(_Line(), delimiter=delimiter, lineterminator="\r\n")
    yield BOM + writer.writerow([csv_text(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_text(cell) for cell in row])


def write_csv(out, header: list[str], rows: Iterable[Iterable]) -> int:
    """Write to a text stream (opened with ``newline=""``); returns the number of data rows."""
    lines = iter_csv(header, rows)
    out.write(next(lines))
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl would store "=..." as a formula and "#N/A" as an error: force a plain string.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif isinstance(value, date):
        cell.number_format = XLSX_DATE_FORMAT
    return cell


def write_xlsx(out, header: list[str], rows: Iterable[Iterable], *, title: str = "Sheet1") -> int:
    """Write one sheet to a binary stream; returns the number of data rows.

    openpyxl spools the sheet through a temporary file (mode 0600, removed when saved) on its way into
    the ZIP archive."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_xlsx_cell(sheet, name) for name in header])
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    workbook.save(out)
    return count


# --- Reading --------------------------------------------------------------------------------------


@dataclass
class Table:
    """A sheet as strings: the header row, then ``(row number, cells)`` for each non-empty data row."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1
    kind: str = "csv"
    # {row number: indexes of its cells that hold a formula, not a value}: the importer rejects such a row
    # (the formula's cached result may be stale or empty, and the formula itself is no name).
    formulas: dict[int, list[int]] = field(default_factory=dict)

    def formula_columns(self, number: int) -> list[str]:
        return [self.header[i] if i < len(self.header) else str(i + 1) for i in self.formulas.get(number, [])]


def cell_text(value) -> str:
    """A cell's value as stripped text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return visible(str(value).replace("\u00a0", " "), lines=True)


def read_table(path: str | Path) -> Table:
    """Read a CSV or XLSX file; raises ``SpreadsheetError`` with a message for people if it can't."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise SpreadsheetError(_("cannot open the file: %(error)s") % {"error": error.strerror}) from error
    if head.startswith(OLE_MAGIC):
        raise SpreadsheetError(_("this is an old Excel .xls file: save it as .xlsx or as CSV UTF-8"))
    if head.startswith(ZIP_MAGIC) or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    return _read_csv(path)


def _table(rows: Iterable[tuple[int, list[str]]], kind: str) -> Table:
    table = None
    for number, cells in rows:
        if not any(cells):
            continue  # blank rows: skipped, but they keep their place in the numbering
        if table is None:
            table = Table(header=cells, header_row=number, kind=kind)
        else:
            table.rows.append((number, cells))
    if table is None:
        raise SpreadsheetError(_("the file is empty"))
    return table


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(_("the file is not UTF-8 text: save it as “CSV UTF-8” or as .xlsx")) from error
    if "\x00" in text:
        raise SpreadsheetError(_("the file is not a CSV text file"))
    delimiter = sniff_delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # csv counts records, not lines: a quoted cell over two lines is still one spreadsheet row.
        rows = [(number, [cell_text(cell) for cell in cells]) for number, cells in enumerate(reader, 1)]
    except csv.Error as error:
        raise SpreadsheetError(_("the CSV file is damaged: %(error)s") % {"error": error}) from error
    return _table(rows, "csv")


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon: whichever the header line uses more (Excel in Russian locales writes ";")."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;").delimiter
    except csv.Error:
        return ";" if first_line.count(";") > first_line.count(",") else ","


def _read_xlsx(path: Path) -> Table:
    try:
        # Not data_only: a formula cell must be seen as one, not read as its cached (maybe empty) value.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, KeyError) for a damaged file
        raise SpreadsheetError(_("cannot read the file as an XLSX workbook")) from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("the workbook has no sheet"))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write wrong dimensions, which would cut rows off
        rows, formulas = [], {}
        for number, cells in enumerate(sheet.iter_rows(), 1):
            found = [index for index, cell in enumerate(cells) if getattr(cell, "data_type", "") == "f"]
            if found:
                formulas[number] = found
            rows.append((number, _trimmed([cell_text(getattr(cell, "value", None)) for cell in cells])))
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(_("cannot read the file as an XLSX workbook")) from error
    finally:
        workbook.close()
    table = _table(rows, "xlsx")
    table.formulas = formulas
    return table


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells
