"""Reading a comparison file: CSV (UTF-8, comma, semicolon or tab) or XLSX, as CTDC distributes them.

``open_table(path)`` answers the header and an iterator of rows (lists of strings); a file that is not one
of these, or that breaks partway (a byte that is not UTF-8, a line that is not CSV, a damaged workbook),
raises ``FileRefused`` with a message for the person who gave it — the import then refuses the whole file.
Nothing here evaluates a formula: a workbook's cells are read as written (a formula is its text, "=…").

A workbook is read by one of two libraries. Its XML is first unpacked once and looked over (``_look_over``):
a declaration of entities refuses it, too much XML refuses it, and a sheet with a formula is read by
openpyxl, which gives a formula as its text (the import then rejects that row). A workbook of values only —
what CTDC publishes — is read by calamine (python-calamine, in Rust): about twenty times faster than
openpyxl's read-only mode on CTDC's 63 columns, which the import's goal of 5,000 rows a second needs.
calamine holds the whole sheet in memory, so a sheet of more than CALAMINE_MAX_XML bytes of XML is streamed
by openpyxl instead.
"""

from __future__ import annotations

import csv
import datetime
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import python_calamine
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import DEFUSEDXML, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from isenim.comparison.vocabulary import match_column

# Larger files are refused before they are read (the 2021 global dataset is about 20 MB as CSV).
MAX_BYTES = 200 * 1024 * 1024
# The header line must end within this many bytes.
MAX_HEADER = 64 * 1024

# A workbook whose parts unpack to more XML than this is refused (2 GiB: a CTDC workbook is a few tens of MB).
MAX_XML = 2 * 1024**3
# A sheet with more XML than this is streamed by openpyxl rather than held by calamine (memory).
CALAMINE_MAX_XML = 200 * 1024**2

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, .doc: the old Office formats


class FileRefused(ValueError):
    """The whole file is refused; ``str()`` is the translated reason."""


@dataclass
class Table:
    file_format: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[list[str]]  # each data row; its number in the file is its index + 2 (the header is 1)
    close: Callable[[], None]  # when the rows are not read to the end


def open_table(path: Path) -> Table:
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if size > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(size)s MB; a CTDC file is far smaller.")
            % {"size": MAX_BYTES // 2**20}
        )
    with path.open("rb") as handle:
        start = handle.read(MAX_HEADER)
    if start.startswith(ZIP_MAGIC):
        return _xlsx(path)
    if start.startswith(OLE_MAGIC):
        raise FileRefused(_("This is an old Excel (.xls) or other Office file: save it as XLSX or CSV."))
    return _csv(path, start)


# CSV ------------------------------------------------------------------------------------------------------


def _csv(path: Path, start: bytes) -> Table:
    if b"\x00" in start:
        raise FileRefused(_("The file is neither CSV nor XLSX (it holds binary data)."))
    end = start.find(b"\n")
    if end < 0 and len(start) == MAX_HEADER:
        raise FileRefused(_("The file has no header line: it is neither CSV nor XLSX."))
    first = start if end < 0 else start[:end]
    try:
        header_line = first.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The file is not UTF-8 text (save the CSV as UTF-8) or not a CSV file at all.")
        ) from error
    delimiter = _delimiter(header_line)
    handle = open(path, encoding="utf-8-sig", errors="strict", newline="")  # noqa: SIM115 — closed by _rows
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except UnicodeDecodeError as error:
        handle.close()
        raise FileRefused(
            _("The file is not UTF-8 text (save the CSV as UTF-8) or not a CSV file at all.")
        ) from error
    except (csv.Error, StopIteration) as error:
        handle.close()
        raise FileRefused(_("The first line of the file is not a CSV header.")) from error
    return Table("csv", header, _csv_rows(handle, reader), handle.close)


def _delimiter(line: str) -> str:
    """The separator that makes the most of CTDC's column names out of the header (a comma when none do)."""
    best, found = ",", -1
    for candidate in (",", ";", "\t"):
        cells = next(csv.reader([line], delimiter=candidate), [])
        known = sum(1 for cell in cells if match_column(cell))
        if known > found:
            best, found = candidate, known
    return best


def _csv_rows(handle, reader) -> Iterator[list[str]]:
    try:
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                raise FileRefused(
                    _("After line %(line)s the file is not UTF-8 text: save it as UTF-8 and import it again.")
                    % {"line": line}
                ) from error
            except csv.Error as error:
                raise FileRefused(
                    _("Line %(line)s is not CSV (%(error)s): the file is refused.")
                    % {"line": line + 1, "error": error}
                ) from error
            line = reader.line_num
            yield row
    finally:
        handle.close()


# XLSX -----------------------------------------------------------------------------------------------------
# A sheet with formulas (or too large for calamine): openpyxl in read-only mode (streamed row by row, the
# whole workbook is never held) and with data_only=False: a cell with a formula reads as its text "=…",
# which the import rejects; nothing is evaluated. openpyxl parses the workbook's XML with defusedxml when
# it is installed (defusedxml is pinned in requirements.lock; ``openpyxl.DEFUSEDXML`` is then True): a part
# that declares entities (a DTD, an entity bomb) raises DefusedXmlException before anything is expanded,
# and the workbook is refused as damaged. (``_look_over`` already refuses such a declaration before either
# library reads the workbook.)

# What a damaged workbook raises while openpyxl opens or reads it (a bad ZIP, a missing part, XML that does
# not parse or declares entities, a cell that is not what its type says).
BROKEN = (
    ParseError,
    DefusedXmlException,
    zipfile.BadZipFile,
    InvalidFileException,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
)


@dataclass
class _LookedOver:
    formulas: bool  # some sheet holds a formula
    largest_sheet: int  # bytes of XML of the largest sheet


# A formula cell's element in a sheet (<f>…</f>, with or without a namespace prefix); a declaration of
# entities (a DTD) anywhere.
FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
OVERLAP = 64  # bytes kept from the end of one chunk, so a tag cut in two is still seen


def _look_over(path: Path) -> _LookedOver:
    """Unpack every XML part once, counting its bytes (never trusting the sizes the ZIP declares), looking
    for entity declarations (refused) and, in the sheets, for formulas."""
    formulas, largest, total = False, 0, 0
    with zipfile.ZipFile(path) as archive:
        for item in archive.infolist():
            if not item.filename.endswith((".xml", ".rels")):
                continue
            sheet = item.filename.startswith("xl/worksheets/")
            size, tail = 0, b""
            with archive.open(item) as part:
                while chunk := part.read(1 << 20):
                    size += len(chunk)
                    total += len(chunk)
                    if total > MAX_XML:
                        raise FileRefused(_("The workbook unpacks to far more data than a CTDC file holds."))
                    window = tail + chunk
                    if DECLARATION.search(window):
                        raise FileRefused(_("The workbook is damaged: it cannot be read."))
                    if sheet and not formulas and FORMULA.search(window):
                        formulas = True
                    tail = window[-OVERLAP:]
            if sheet:
                largest = max(largest, size)
    return _LookedOver(formulas, largest)


def _xlsx(path: Path) -> Table:
    try:
        looked = _look_over(path)
    except FileRefused:
        raise
    except zipfile.BadZipFile as error:
        raise FileRefused(_("The file looks like XLSX but is damaged: it cannot be opened.")) from error
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
        # an unsupported compression, a part cut short, a bad CRC
        raise FileRefused(_("The workbook is damaged: it cannot be read.")) from error
    if looked.formulas or looked.largest_sheet > CALAMINE_MAX_XML:
        return _openpyxl_xlsx(path)
    return _calamine_xlsx(path)


def _calamine_xlsx(path: Path) -> Table:
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise FileRefused(_("The workbook has no sheet to read."))
        sheet = book.get_sheet_by_index(0)
    except FileRefused:
        raise
    except (python_calamine.CalamineError, *BROKEN) as error:  # XML, ZIP, a sheet missing: damaged
        raise FileRefused(_("The workbook is damaged: it cannot be read.")) from error
    # calamine's rows start at the sheet's first row but its columns at the first column that holds
    # something: put the columns before it back, so every cell keeps its column
    padding = [""] * (sheet.start or (0, 0))[1]

    def rows() -> Iterator[list[str]]:
        for cells in sheet.iter_rows():
            row = padding + [_text(value) for value in cells]
            while row and row[-1] == "":  # as openpyxl gives a row: up to its last cell with a value
                row.pop()
            yield row

    is_open = True

    def close() -> None:  # called by the rows' end and by the import: calamine refuses a second close
        nonlocal is_open
        if is_open:
            is_open = False
            book.close()

    found = rows()
    header = next(found, None)
    if header is None:
        close()
        raise FileRefused(_("The workbook's first sheet is empty."))
    return Table("xlsx", header, _guarded(found, close), close)


def _openpyxl_xlsx(path: Path) -> Table:
    if not DEFUSEDXML:  # never parse a workbook from outside without defusedxml
        raise FileRefused(_("XLSX files cannot be read safely on this server: import the file as CSV."))
    handle = path.open("rb")  # a file object: openpyxl does not judge it by the name's extension
    try:
        book = load_workbook(handle, read_only=True, data_only=False)
    except zipfile.BadZipFile as error:
        handle.close()
        raise FileRefused(_("The file looks like XLSX but is damaged: it cannot be opened.")) from error
    except BROKEN as error:
        handle.close()
        raise FileRefused(_("The workbook is damaged: it cannot be read.")) from error

    def close() -> None:
        book.close()
        handle.close()

    try:
        if not book.worksheets:
            raise FileRefused(_("The workbook has no sheet to read."))
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # read every row, not only those the sheet's own dimension claims
        rows = (list(map(_text, row)) for row in sheet.iter_rows(values_only=True))
        header = next(rows, None)
    except FileRefused:
        close()
        raise
    except BROKEN as error:
        close()
        raise FileRefused(_("The workbook is damaged: it cannot be read.")) from error
    if header is None:
        close()
        raise FileRefused(_("The workbook's first sheet is empty."))
    return Table("xlsx", header, _guarded(rows, close), close)


def _text(value) -> str:
    """A cell as the CSV path reads it: empty for None, 1/0 for booleans, whole numbers without ".0", a date
    as ISO text (a time of day only when it has one), a formula as its text "=…"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = getattr(value, "text", None)  # an array or data-table formula: its text "=…"
    return text if isinstance(text, str) else str(value)


def _guarded(rows: Iterator[list[str]], close: Callable[[], None]) -> Iterator[list[str]]:
    try:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except BROKEN as error:
                raise FileRefused(_("The workbook is damaged partway: the file is refused.")) from error
            yield row
    finally:
        close()
