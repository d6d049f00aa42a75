"""Official figures by region and year (docs/insights.md, "Official figures"): entered, changed, deleted
and imported by staff with their source (Perm.MANAGE_COMPARISON), each write audited.

The import's rule: the file as a whole is refused, with one clear message, when it cannot be read as a
table of figures (not CSV or XLSX, too large, a required column missing, a column it does not know — a
misspelt "source_url" would otherwise be dropped without a word); otherwise every good row is imported
and every other row is reported with its number and its reason. Nothing is imported silently in part: the
page lists each rejected row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.errors import Refusal
from isenim.geo.models import NAME_LANGUAGES, AdminUnit
from isenim.insights.models import OfficialFigure

ACTION_LABELS = {
    "official_figure.add": gettext_lazy("Official figure entered"),
    "official_figure.update": gettext_lazy("Official figure changed"),
    "official_figure.delete": gettext_lazy("Official figure deleted"),
    "official_figure.import": gettext_lazy("Official figures imported from a file"),
}

FIRST_YEAR = 1991  # independence: no figure of this state is older
MAX_VALUE = 10_000_000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
FIELDS = ["region_id", "year", "measure", "value", "source", "source_url", "note"]

REQUIRED_COLUMNS = ("region", "year", "measure", "value", "source")
OPTIONAL_COLUMNS = ("source_url", "note")
COLUMN_ALIASES = {
    "region_code": "region",
    "region_name": "region",
    "figure": "measure",
    "kind": "measure",
    "url": "source_url",
    "source_address": "source_url",
}
FORMULA_START = ("=", "+", "@")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class FigureError(Refusal):
    """An official figure the rules refuse (no source, a year to come, a region that is not one…)."""


@dataclass
class FigureData:
    region: AdminUnit
    year: int
    measure: str
    value: int
    source: str
    source_url: str = ""
    note: str = ""


def _check(data: FigureData) -> None:
    if data.region is None or data.region.level != AdminUnit.Level.REGION:
        raise FigureError(_("Choose a region from the list."))
    this_year = timezone.localdate().year
    if (
        isinstance(data.year, bool)
        or not isinstance(data.year, int)
        or not FIRST_YEAR <= data.year <= this_year
    ):
        raise FigureError(
            _("The year is a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
        )
    if data.measure not in OfficialFigure.Measure.values:
        raise FigureError(_("Choose the figure from the list."))
    if isinstance(data.value, bool) or not isinstance(data.value, int) or not 0 <= data.value <= MAX_VALUE:
        raise FigureError(_("The value is a whole number from 0 to %(most)s.") % {"most": MAX_VALUE})
    if not (data.source or "").strip():
        raise FigureError(_("Say where the figure was published: the source is required."))
    if len(data.source.strip()) > 500 or len(data.note or "") > 500:
        raise FigureError(_("A source or a note can be at most 500 characters."))
    url = (data.source_url or "").strip()
    if url and (len(url) > 500 or not URL_PATTERN.match(url)):
        raise FigureError(_("The source address is a web address starting with http:// or https://."))


def _apply(record: OfficialFigure, data: FigureData) -> None:
    record.region = data.region
    record.year = data.year
    record.measure = data.measure
    record.value = data.value
    record.source = data.source.strip()
    record.source_url = (data.source_url or "").strip()
    record.note = (data.note or "").strip()


@transaction.atomic
def figure_save(*, actor, figure: OfficialFigure | None = None, data: FigureData) -> OfficialFigure:
    _check(data)
    clash = OfficialFigure.objects.filter(region=data.region, year=data.year, measure=data.measure)
    if figure is not None:
        clash = clash.exclude(pk=figure.pk)
    if clash.exists():
        raise FigureError(
            _("This figure is already entered for %(region)s, %(year)s: change that one instead.")
            % {"region": data.region.name(), "year": data.year}
        )
    if figure is None:
        record = OfficialFigure(entered_by=actor)
        _apply(record, data)
        record.save()
        record_event(actor=actor, action="official_figure.add", target=record, after=snapshot(record, FIELDS))
        return record
    record = OfficialFigure.objects.select_for_update().get(pk=figure.pk)
    before = snapshot(record, FIELDS)
    _apply(record, data)
    record.save()
    record_change(actor=actor, action="official_figure.update", target=record, before=before)
    return record


@transaction.atomic
def figure_delete(*, actor, figure: OfficialFigure) -> None:
    record = OfficialFigure.objects.select_for_update().get(pk=figure.pk)
    before = snapshot(record, FIELDS)
    record_event(actor=actor, action="official_figure.delete", target=record, before=before)
    record.delete()


# --- Import -----------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (row number in the file, reason)

    @property
    def imported(self) -> int:
        return self.added + self.updated


def _key(text) -> str:
    return " ".join(str(text).split()).casefold()


def _regions() -> dict[str, AdminUnit]:
    found: dict[str, AdminUnit] = {}
    for unit in AdminUnit.objects.filter(level=AdminUnit.Level.REGION):
        keys = [unit.code, unit.soato, unit.iso_3166_2]
        keys += [getattr(unit, f"name_{code}", "") for code in NAME_LANGUAGES] + [unit.name("kaa_latn")]
        for key in keys:
            if key:
                found.setdefault(_key(key), unit)
    return found


def _measures() -> dict[str, str]:
    from django.utils import translation

    found = {}
    for value, label in OfficialFigure.Measure.choices:
        found[_key(value)] = value
        found[_key(label)] = value  # in the interface's language
        with translation.override("en"):
            found[_key(str(label))] = value
    return found


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole_number(text: str) -> int | None:
    compact = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d+(\.0+)?", compact):
        return int(compact.split(".")[0])
    return None


def _read_table(name: str, content: bytes) -> list[list]:
    if len(content) > MAX_UPLOAD_BYTES:
        raise FigureError(
            _("The file is larger than %(most)s MB.") % {"most": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(content)
    raise FigureError(_("Upload a CSV or an XLSX file."))


def _read_xlsx(content: bytes) -> list[list]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        OSError,
    )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except unreadable:
        raise FigureError(_("The file cannot be read as an XLSX workbook.")) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except unreadable:
        raise FigureError(_("The file cannot be read as an XLSX workbook.")) from None
    finally:
        book.close()


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FigureError(
            _("The file is not UTF-8 text: save it as CSV UTF-8 and upload it again.")
        ) from None
    if "\x00" in text:
        raise FigureError(_("The file is not a CSV table."))
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error:
        raise FigureError(_("The file is not a CSV table.")) from None
    return rows


def _columns(header: list) -> dict[str, int]:
    names = [_key(_cell_text(h)).replace(" ", "_") for h in header]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    columns: dict[str, int] = {}
    unknown = []
    for index, name in enumerate(names):
        if not name:
            continue
        name = COLUMN_ALIASES.get(name, name)
        if name not in known:
            unknown.append(_cell_text(header[index]))
            continue
        if name in columns:
            raise FigureError(_("The column “%(name)s” appears twice.") % {"name": name})
        columns[name] = index
    if unknown:
        raise FigureError(
            _("The file has columns this import does not know: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise FigureError(
            _("The file has no column %(missing)s. The first row names the columns: %(known)s.")
            % {"missing": ", ".join(missing), "known": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}
        )
    return columns


def _row_data(values: dict, regions, measures) -> FigureData:
    """The figure of one row, or FigureError with the reason."""
    for text in values.values():
        if text.startswith(FORMULA_START) or (text.startswith("-") and _whole_number(text[1:]) is None):
            raise FigureError(_("A cell holds a formula; only values are imported."))
    region = regions.get(_key(values["region"]))
    if region is None:
        raise FigureError(
            _("“%(region)s” is not a region: give its code or its name as in the reference list.")
            % {"region": values["region"][:80]}
        )
    year = _whole_number(values["year"])
    if year is None:
        raise FigureError(_("The year “%(year)s” is not a year.") % {"year": values["year"][:20]})
    measure = measures.get(_key(values["measure"]))
    if measure is None:
        raise FigureError(
            _("“%(measure)s” is not a figure this table keeps: use one of %(known)s.")
            % {"measure": values["measure"][:80], "known": ", ".join(OfficialFigure.Measure.values)}
        )
    value = _whole_number(values["value"])
    if value is None:
        raise FigureError(_("The value “%(value)s” is not a whole number.") % {"value": values["value"][:20]})
    data = FigureData(
        region=region,
        year=year,
        measure=measure,
        value=value,
        source=values["source"],
        source_url=values.get("source_url", ""),
        note=values.get("note", ""),
    )
    _check(data)
    return data


@transaction.atomic
def figures_import(*, actor, name: str, content: bytes) -> ImportReport:
    """Import the figures of a CSV or XLSX file (module doc for the rule). A figure already kept for the
    same region, year and measure is replaced by the file's (a corrected publication), audited as a
    change."""
    rows = _read_table(name, content)
    while rows and not any(_cell_text(v) for v in rows[0]):
        rows.pop(0)
    if not rows:
        raise FigureError(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise FigureError(_("The file has more than %(most)s rows: split it.") % {"most": MAX_ROWS})
    columns = _columns(rows[0])
    regions, measures = _regions(), _measures()
    report = ImportReport()
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = {
            name: (_cell_text(row[index]) if index < len(row) else "") for name, index in columns.items()
        }
        if not any(values.values()):
            continue
        try:
            data = _row_data(values, regions, measures)
        except FigureError as error:
            report.rejected.append((number, str(error)))
            continue
        key = (data.region.pk, data.year, data.measure)
        if key in seen:
            report.rejected.append(
                (number, _("The same region, year and figure as row %(row)s.") % {"row": seen[key]})
            )
            continue
        seen[key] = number
        existing = OfficialFigure.objects.filter(
            region=data.region, year=data.year, measure=data.measure
        ).first()
        if existing is None:
            record = OfficialFigure(entered_by=actor)
            _apply(record, data)
            record.save()
            record_event(
                actor=actor, action="official_figure.add", target=record, after=snapshot(record, FIELDS)
            )
            report.added += 1
            continue
        before = snapshot(existing, FIELDS)
        _apply(existing, data)
        if snapshot(existing, FIELDS) == before:
            report.unchanged += 1
            continue
        existing.save()
        record_change(actor=actor, action="official_figure.update", target=existing, before=before)
        report.updated += 1
    record_event(
        actor=actor,
        action="official_figure.import",
        target_type="insights.officialfigure",
        after={
            "file": (name or "")[:200],
            "added": report.added,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
        },
    )
    return report
