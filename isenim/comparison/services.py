"""Importing and deleting comparison datasets (files in CTDC's format), audited.

An import reads the whole file inside one transaction. Each row is checked cell by cell
(``vocabulary.Reader``): a row with a wrong code, a formula, another convention's missing marker or too few
cells is rejected with its reason and the other rows are imported; a file that is not CSV or XLSX, not
UTF-8, damaged partway, without any of CTDC's key columns, or without a single good row is refused whole
(``reader.FileRefused``, a ``Refusal``), and nothing of it is kept. Header cells that are none of CTDC's
columns are reported and ignored. The report (columns read and ignored, rows imported and rejected, the
first ``MAX_REJECTIONS_KEPT`` reasons) is stored on the dataset.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.comparison import vocabulary
from isenim.comparison.models import ComparisonDataset, ComparisonRecord
from isenim.comparison.reader import FileRefused, open_table
from isenim.core.access import Perm, require
from isenim.core.audit import record_event
from isenim.core.bulk import plain_inserter
from isenim.core.errors import Refusal

MAX_REJECTIONS_KEPT = 1000
BATCH = 2000
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
RESERVED_NAMES = frozenset({"import"})  # a path of the pages (urls.py)
MAX_TITLE = 300
MAX_SOURCE = 500


class ComparisonRefusal(Refusal):
    """The import or deletion is refused; nothing was changed."""


@dataclass
class ImportReport:
    dataset: ComparisonDataset
    rows_imported: int
    rows_rejected: int
    ignored_columns: list[str]
    seconds: float
    replaced: bool = False
    rejections: list[dict] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        total = self.rows_imported + self.rows_rejected
        return total / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict:
        return {
            "name": self.dataset.name,
            "title": self.dataset.title,
            "source": self.dataset.source,
            "file": self.dataset.file_name,
            "sha256": self.dataset.file_sha256,
            "format": self.dataset.file_format,
            "columns": self.dataset.columns,
            "ignored_columns": self.ignored_columns,
            "rows_imported": self.rows_imported,
            "rows_rejected": self.rows_rejected,
            "rejections": self.rejections,
            "rejections_listed": len(self.rejections),
            "replaced": self.replaced,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second),
        }


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not NAME.match(name) or name in RESERVED_NAMES:
        raise ComparisonRefusal(
            _(
                "Name the dataset with up to 60 small Latin letters, digits, hyphens or underscores, "
                "e.g. ctdc-2021."
            )
        )
    return name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Plan:
    """How the file's columns are read: (index in the row, CTDC name, reader) for each known column."""

    columns: list[str]
    ignored: list[str]
    typed: list[tuple[int, int, object]]  # (index, position in TYPED_FIELDS, read)
    flags: list[tuple[int, int, int, object]]  # (index, slot of the family's "yes" bits, bit, read)
    other: list[tuple[int, str, object]]  # (index, CTDC name, read) → values
    width: int


def _plan(header: list[str]) -> _Plan:
    columns, ignored, seen = [], [], {}
    typed, flags, other = [], [], []
    for index, cell in enumerate(header):
        text = (cell or "").strip()
        name = vocabulary.match_column(text)
        if name is None:
            if text:
                ignored.append(text[:80])
            continue
        if name in seen:
            raise ComparisonRefusal(
                _("The column %(column)s appears twice in the header (columns %(first)s and %(second)s).")
                % {"column": name, "first": seen[name] + 1, "second": index + 1}
            )
        seen[name] = index
        columns.append(name)
        read = _cached(vocabulary.reader_for(name).read)
        if name in vocabulary.TYPED:
            typed.append((index, TYPED_FIELDS.index(vocabulary.TYPED[name]), read))
        elif name in vocabulary.FLAG_BITS:
            family, bit = vocabulary.FLAG_BITS[name]
            flags.append((index, 2 * FAMILY_FIELDS.index(family), bit, read))
        else:
            other.append((index, name, read))
    if not vocabulary.KEY_COLUMNS & set(columns):
        raise ComparisonRefusal(
            _(
                "The file has none of CTDC's key columns (%(columns)s): it is not a file in CTDC's format. "
                "Nothing was imported."
            )
            % {"columns": ", ".join(sorted(vocabulary.KEY_COLUMNS))}
        )
    return _Plan(columns, ignored, typed, flags, other, len(header))


def _cached(read):
    """The same cell text reads the same way: remember each distinct text per column (a CTDC column holds
    a few dozen distinct values at most; free text is capped so the memory stays small)."""
    memo: dict[str, object] = {}

    def cached(text: str):
        try:
            found = memo[text]
        except KeyError:
            try:
                found = read(text)
            except vocabulary.CellError as error:
                found = error
            if len(memo) < 20000:
                memo[text] = found
        if isinstance(found, vocabulary.CellError):
            raise found
        return found

    return cached


FAMILY_FIELDS = tuple(vocabulary.FAMILIES)
TYPED_FIELDS = tuple(vocabulary.TYPED.values())
# The record's columns in the order _record answers them (the insert below writes them in this order).
INSERT_FIELDS = (
    "dataset",
    "row_number",
    *TYPED_FIELDS,
    *(f"{family}_{part}" for family in FAMILY_FIELDS for part in ("yes", "known")),
    "values",
)
_DEFAULTS = tuple(None if field == "year" else "" for field in TYPED_FIELDS)


def _record(plan: _Plan, row: list[str], dataset_id: int, number: int, csv_file: bool):
    """The record's column values for one row (INSERT_FIELDS' order), or None and the reasons it is
    rejected."""
    width = len(row)
    if csv_file and (
        width < plan.width or (width > plan.width and any(cell.strip() for cell in row[plan.width :]))
    ):
        message = _("The row has %(cells)s cells, the header %(header)s.")
        return None, [message % {"cells": width, "header": plan.width}]
    errors: list[str] = []
    typed = list(_DEFAULTS)
    for index, position, read in plan.typed:
        text = row[index] if index < width else ""
        if text:
            try:
                typed[position] = read(text)
            except vocabulary.CellError as error:
                errors.append(str(error))
    bits = [0] * (2 * len(FAMILY_FIELDS))  # yes, known per family
    for index, slot, bit, read in plan.flags:
        text = row[index] if index < width else ""
        if not text:
            continue
        if text != "1" and text != "0":
            try:
                text = read(text)
            except vocabulary.CellError as error:
                errors.append(str(error))
                continue
        if text == "1":
            bits[slot] |= bit
            bits[slot + 1] |= bit
        elif text == "0":
            bits[slot + 1] |= bit
    values = {}
    for index, name, read in plan.other:
        text = row[index] if index < width else ""
        if text:
            try:
                value = read(text)
            except vocabulary.CellError as error:
                errors.append(str(error))
                continue
            if value:
                values[name] = value
    if errors:
        return None, errors
    return (dataset_id, number, *typed, *bits, json.dumps(values, ensure_ascii=False) if values else "{}"), []


def _inserter():
    """Insert rows of INSERT_FIELDS a batch at a time (core.bulk: COPY on PostgreSQL, executemany on
    SQLite; model instances cost more than the rest of the import together)."""
    return plain_inserter(ComparisonRecord, INSERT_FIELDS)


def import_dataset(
    *,
    actor,
    path,
    name: str,
    file_name: str = "",
    title: str = "",
    source: str = "",
    replace: bool = False,
    synthetic: bool = False,
    operator: str = "",
) -> ImportReport:
    """Import the file at ``path`` as the comparison dataset ``name`` (``replace``: the dataset of that name
    is replaced, in the same transaction — a refused file leaves it as it was). ``actor`` None is the
    console (``operator`` says who ran it)."""
    if actor is not None:
        require(actor, Perm.MANAGE_COMPARISON)
    path = Path(path)
    name = check_name(name)
    title, source = (title or "").strip(), (source or "").strip()
    if len(title) > MAX_TITLE:
        raise ComparisonRefusal(_("The title is longer than %(count)s characters.") % {"count": MAX_TITLE})
    if len(source) > MAX_SOURCE:
        raise ComparisonRefusal(_("The source is longer than %(count)s characters.") % {"count": MAX_SOURCE})
    file_name = (file_name or path.name)[:255]
    existing = ComparisonDataset.objects.filter(name=name).first()
    if existing is not None and not replace:
        raise ComparisonRefusal(
            _("A comparison dataset named %(name)s exists already: choose another name or replace it.")
            % {"name": name}
        )
    started = time.perf_counter()
    try:
        table = open_table(path)
    except FileRefused as error:
        raise ComparisonRefusal(str(error)) from error
    try:
        plan = _plan(table.header)
    except ComparisonRefusal:
        table.close()
        raise
    csv_file = table.file_format == "csv"
    try:
        with transaction.atomic():
            if existing is not None:
                dataset = ComparisonDataset.objects.select_for_update().get(pk=existing.pk)
                ComparisonRecord.objects.filter(dataset=dataset).delete()
            else:
                dataset = ComparisonDataset(name=name)
            dataset.title = title or (existing.title if existing else "")
            dataset.source = source or (existing.source if existing else "")
            dataset.file_name = file_name
            dataset.file_sha256 = _sha256(path)
            dataset.file_format = table.file_format
            dataset.columns = plan.columns
            dataset.ignored_columns = plan.ignored
            dataset.synthetic = synthetic
            dataset.imported_by = actor if getattr(actor, "pk", None) else None
            if existing is not None:
                dataset.imported_at = timezone.now()  # auto_now_add sets it on the first import only
            dataset.save()
            imported, rejected, rejections, batch = 0, 0, [], []
            insert = _inserter()
            for position, row in enumerate(table.rows):
                if not any(cell.strip() for cell in row):
                    continue  # a blank line or an empty row of the sheet
                number = position + 2
                record, errors = _record(plan, row, dataset.pk, number, csv_file)
                if errors:
                    rejected += 1
                    if len(rejections) < MAX_REJECTIONS_KEPT:
                        rejections.append({"row": number, "reason": " ".join(errors)})
                    continue
                batch.append(record)
                if len(batch) >= BATCH:
                    insert(batch)
                    imported += len(batch)
                    batch = []
            if batch:
                insert(batch)
                imported += len(batch)
            if imported == 0:
                if rejected:
                    reasons = "; ".join(f"{item['row']}: {item['reason']}" for item in rejections[:3])
                    raise ComparisonRefusal(
                        _(
                            "No row of the file could be read (%(count)s rejected; rows %(reasons)s). "
                            "Nothing was imported."
                        )
                        % {"count": rejected, "reasons": reasons}
                    )
                raise ComparisonRefusal(_("The file has a header but no rows. Nothing was imported."))
            dataset.rows_imported = imported
            dataset.rows_rejected = rejected
            dataset.rejections = rejections
            dataset.save(update_fields=["rows_imported", "rows_rejected", "rejections"])
            record_event(
                actor=actor,
                action="comparison.replace" if existing is not None else "comparison.import",
                target=dataset,
                after={
                    "name": name,
                    "file": file_name,
                    "sha256": dataset.file_sha256,
                    "rows_imported": imported,
                    "rows_rejected": rejected,
                    "ignored_columns": plan.ignored,
                    **({"operator": operator} if operator and actor is None else {}),
                },
            )
    except FileRefused as error:
        raise ComparisonRefusal(_("%(reason)s Nothing was imported.") % {"reason": error}) from error
    finally:
        table.close()
    from isenim.comparison.sources import forget

    forget(name)
    return ImportReport(
        dataset=dataset,
        rows_imported=imported,
        rows_rejected=rejected,
        ignored_columns=plan.ignored,
        seconds=time.perf_counter() - started,
        replaced=existing is not None,
        rejections=rejections,
    )


def delete_dataset(*, actor, dataset: ComparisonDataset, operator: str = "") -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_COMPARISON)
    name = dataset.name
    with transaction.atomic():
        record_event(
            actor=actor,
            action="comparison.delete",
            target=dataset,
            before={
                "name": name,
                "file": dataset.file_name,
                "sha256": dataset.file_sha256,
                "rows_imported": dataset.rows_imported,
                **({"operator": operator} if operator and actor is None else {}),
            },
        )
        ComparisonRecord.objects.filter(dataset=dataset).delete()
        dataset.delete()
    from isenim.comparison.sources import forget

    forget(name)
