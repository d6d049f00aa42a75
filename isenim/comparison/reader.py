"""Reading a comparison file: CSV (UTF-8, comma, semicolon or tab) or XLSX, as CTDC distributes them.

``open_table(path)`` answers the header and an iterator of rows (lists of strings); a file that is not one
of these, or that breaks partway (a byte that is not UTF-8, a line that is not CSV, a damaged workbook),
raises ``FileRefused`` with a message for the person who gave it — the import then refuses the whole file.
Nothing here evaluates a formula: a workbook's cells are read as written (a formula is its text, "=…").
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

from isenim.comparison.vocabulary import match_column

# Larger files are refused before they are read (the 2021 global dataset is about 20 MB as CSV).
MAX_BYTES = 200 * 1024 * 1024
# The header line must end within this many bytes.
MAX_HEADER = 64 * 1024

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
# Read straight from the workbook's XML (a streaming parse, as openpyxl's read-only mode, but several times
# faster): the first sheet, shared strings and inline strings; a cell with a formula reads as "=formula".

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# What a damaged workbook raises while it is read.
BROKEN = (ParseError, DefusedXmlException, zipfile.BadZipFile, ValueError, KeyError, IndexError, OSError)


def _xlsx(path: Path) -> Table:
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise FileRefused(_("The file looks like XLSX but is damaged: it cannot be opened.")) from error
    if "xl/workbook.xml" not in names:
        archive.close()
        raise FileRefused(_("The file is a ZIP archive but not an XLSX workbook."))
    try:
        sheet = _first_sheet(archive, names)
        strings = _shared_strings(archive, names)
        rows = _sheet_rows(archive, sheet, strings)
        header = next(rows, None)
    except BROKEN as error:
        archive.close()
        raise FileRefused(_("The workbook is damaged: it cannot be read.")) from error
    if header is None:
        archive.close()
        raise FileRefused(_("The workbook's first sheet is empty."))
    return Table("xlsx", header, _guarded(rows, archive), archive.close)


def _part(archive, name: str):
    """A part of the workbook to parse with the C parser (defusedxml's pure-Python parser is ten times
    slower). Entities are the risk of untrusted XML: expat (2.4+) limits their expansion, and a part that
    declares a DTD at all is refused here before it is parsed — a workbook never has one."""
    with archive.open(name) as handle:
        head = handle.read(64 * 1024)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or (b"<" in head and not _root_in(head)):
        raise DefusedXmlException(name)
    return archive.open(name)


def _root_in(head: bytes) -> bool:
    """The first element starts within ``head`` (so no DTD can come after it)."""
    position = 0
    while True:
        position = head.find(b"<", position)
        if position < 0 or position + 1 >= len(head):
            return False
        if head[position + 1 : position + 2] not in (b"?", b"!"):
            return True
        position += 1


def _first_sheet(archive, names) -> str:
    with _part(archive, "xl/workbook.xml") as handle:
        first = None
        for _event, element in iterparse(handle):  # noqa: S314 — see _part
            if element.tag == f"{MAIN}sheet":
                first = element.get(f"{REL}id")
                break
    target = "xl/worksheets/sheet1.xml"
    if first and "xl/_rels/workbook.xml.rels" in names:
        with _part(archive, "xl/_rels/workbook.xml.rels") as handle:
            for _event, element in iterparse(handle):  # noqa: S314 — see _part
                if element.tag == f"{PKG_REL}Relationship" and element.get("Id") == first:
                    found = element.get("Target", "").lstrip("/")
                    target = found if found.startswith("xl/") else f"xl/{found}"
                    break
    if target not in names:
        raise FileRefused(_("The workbook has no sheet to read."))
    return target


def _shared_strings(archive, names) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    strings = []
    with _part(archive, "xl/sharedStrings.xml") as handle:
        for _event, element in iterparse(handle):  # noqa: S314 — see _part
            if element.tag == f"{MAIN}si":
                strings.append("".join(text.text or "" for text in element.iter(f"{MAIN}t")))
                element.clear()
    return strings


_COLUMNS: dict[str, int] = {}


def _column_index(reference: str) -> int:
    letters = reference.rstrip("0123456789")
    try:
        return _COLUMNS[letters]
    except KeyError:
        index = 0
        for char in letters.upper():
            index = index * 26 + ord(char) - 64
        _COLUMNS[letters] = index - 1
        return index - 1


def _number(text: str) -> str:
    if text.endswith(".0"):
        return text[:-2]
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else text


def _sheet_rows(archive, sheet: str, strings: list[str]) -> Iterator[list[str]]:
    row_tag, cell_tag = f"{MAIN}row", f"{MAIN}c"
    value_tag, formula_tag, inline_tag, text_tag = f"{MAIN}v", f"{MAIN}f", f"{MAIN}is", f"{MAIN}t"
    with _part(archive, sheet) as handle:
        expected = 1
        for _event, element in iterparse(handle):  # noqa: S314 — see _part
            if element.tag != row_tag:
                continue
            number = int(element.get("r") or expected)
            while expected < number:  # rows the sheet leaves out are empty
                expected += 1
                yield []
            expected = number + 1
            cells: list[str] = []
            for position, cell in enumerate(element.iter(cell_tag)):
                reference = cell.get("r")
                index = _column_index(reference) if reference else position
                while len(cells) < index:
                    cells.append("")
                formula = cell.find(formula_tag)
                kind = cell.get("t", "n")
                if formula is not None:
                    text = "=" + (formula.text or "")
                elif kind == "s":
                    raw = cell.findtext(value_tag)
                    text = strings[int(raw)] if raw else ""
                elif kind == "inlineStr":
                    inline = cell.find(inline_tag)
                    text = "".join(t.text or "" for t in inline.iter(text_tag)) if inline is not None else ""
                elif kind == "b":
                    text = "1" if cell.findtext(value_tag) == "1" else "0"
                elif kind == "n":
                    raw = cell.findtext(value_tag)
                    text = "" if raw is None else _number(raw)
                else:
                    text = cell.findtext(value_tag) or ""
                cells.append(text)
            element.clear()
            yield cells


def _guarded(rows: Iterator[list[str]], archive) -> Iterator[list[str]]:
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
        archive.close()
