"""The analysis as a grid (for the page and the files) and as files: XLSX and PDF.

A file leaves the centre: it is counted again at ``FILE_K`` (11), whatever k the screen used, and carries
its title, the source, the period, the filters, k, the disclosure note and the chart. The numbers in a file
are those of ``run_pivot(spec, user=…, k=FILE_K)`` cell for cell; a suppressed count is written as the
text the page shows ("fewer than 11" or "hidden"), never as a number. Every export is audited (who, what
specification, which format).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image as XlsxImage

from isenim.core.audit import record_event
from isenim.core.charts import figure_size, render_png
from isenim.core.disclosure import FILE_K, Published, rate
from isenim.core.pdf import PdfDocument
from isenim.core.spreadsheets import is_formula_like
from isenim.insights.forms import PERIOD_CHOICES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


# --- the grid -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    count: Published
    percent: float | None = None  # 0–100, from published counts only

    @property
    def percent_text(self) -> str:
        return "" if self.percent is None else number_format(self.percent, 1) + " %"


@dataclass(frozen=True)
class GridRow:
    key: object
    label: str
    cells: tuple[GridCell, ...]
    total: GridCell


@dataclass(frozen=True)
class Grid:
    """The pivot as the page and the files show it: one row per value of the rows' dimension, one column
    per value of the columns' dimension (none when the analysis has one dimension), totals, percentages."""

    row_heading: str
    col_heading: str
    col_labels: tuple[str, ...]
    rows: tuple[GridRow, ...]
    col_totals: tuple[GridCell, ...]
    total: GridCell
    two_way: bool
    percent: str
    k: int | None

    @property
    def has_percent(self) -> bool:
        return bool(self.percent)


def grid_of(result) -> Grid:
    """The grid of a ``PivotResult``: percentages of the row or the column as ``result.spec.percent``
    says (``PivotResult.percent_of``: published entries only). With one dimension, a percentage is of the
    grand total."""
    table = result.table
    percent = result.spec.percent or ""
    two_way = result.col_dim is not None

    def share(part, row, col):
        if not percent:
            return None
        if two_way:
            return result.percent_of(row, col)
        value = rate(part, table.total)
        return None if value is None else value * 100

    col_keys = tuple(table.col_keys) if two_way else ()
    rows = []
    for row in table.rows:
        cells = tuple(
            GridCell(count, share(count, row.key, col))
            for col, count in zip(col_keys, row.cells, strict=False)
        )
        rows.append(
            GridRow(
                row.key,
                str(result.row_labels.get(row.key, row.key)),
                cells,
                GridCell(row.total, share(row.total, row.key, None)),
            )
        )
    return Grid(
        row_heading=str(result.row_dim.label),
        col_heading=str(result.col_dim.label) if two_way else "",
        col_labels=tuple(str(result.col_labels.get(c, c)) for c in col_keys),
        rows=tuple(rows),
        col_totals=tuple(GridCell(table.col_total(c), share(table.col_total(c), None, c)) for c in col_keys),
        total=GridCell(table.total, share(table.total, None, None)),
        two_way=two_way,
        percent=percent,
        k=table.k,
    )


# --- what the analysis is -----------------------------------------------------------------------------------


def period_text(result) -> str:
    label = str(dict(PERIOD_CHOICES).get(result.spec.period, result.spec.period))
    if result.starts_on and result.ends_on:
        return f"{label}: {date_format(result.starts_on, 'SHORT_DATE_FORMAT')} – " + date_format(
            result.ends_on, "SHORT_DATE_FORMAT"
        )
    return label


def filter_lines(result, dimensions) -> list[tuple[str, str]]:
    """(dimension label, the values kept, by label) for every filter of the analysis."""
    by_name = {d.name: d for d in dimensions}
    lines = []
    for name, values in result.spec.filters.items():
        if not values:
            continue
        dimension = by_name.get(name)
        if dimension is None:
            lines.append((name, ", ".join(values)))
            continue
        labels = dimension.values()
        lines.append((str(dimension.label), ", ".join(str(labels.get(v, v)) for v in values)))
    return lines


def title_of(result) -> str:
    return result.title


def note_text(k: int) -> str:
    return _(
        "Numbers from 1 to %(last)s are not shown, and some others are hidden so that they cannot be worked "
        "out from the totals: in a small district, a small number can point to a person."
    ) % {"last": k - 1}


def facts_of(result, dimensions, source_label: str) -> list[tuple[str, str]]:
    facts = [
        (_("Data"), str(source_label)),
        (_("Rows"), str(result.row_dim.label)),
    ]
    if result.col_dim is not None:
        facts.append((_("Columns"), str(result.col_dim.label)))
    facts.append((_("Period"), period_text(result)))
    for label, values in filter_lines(result, dimensions):
        facts.append((_("Filter: %(dimension)s") % {"dimension": label}, values))
    if result.spec.percent == "row":
        facts.append((_("Percentages"), _("of the row")))
    elif result.spec.percent == "col":
        facts.append((_("Percentages"), _("of the column")))
    facts.append((_("Smallest count shown (k)"), str(result.table.k)))
    facts.append((_("Made on"), date_format(timezone.localdate(), "SHORT_DATE_FORMAT")))
    return facts


def _count_value(count: Published):
    return count.value if count.value is not None else str(count)


def grid_rows(grid: Grid) -> tuple[list[str], list[list]]:
    """Header and rows: counts as numbers (a suppressed one as its text), then the percentages."""
    header = [grid.row_heading]
    if grid.two_way:
        header += list(grid.col_labels)
    header.append(_("Total"))
    if grid.has_percent:
        if grid.two_way:
            header += [f"{label} (%)" for label in grid.col_labels]
        header.append(_("Total") + " (%)")
    rows = []
    for row in (*grid.rows, None):
        if row is None:
            label, cells, total = _("Total"), grid.col_totals, grid.total
        else:
            label, cells, total = row.label, row.cells, row.total
        line = [label, *[_count_value(c.count) for c in cells], _count_value(total.count)]
        if grid.has_percent:
            line += [c.percent_text or "—" for c in (*cells, total)]
        rows.append(line)
    return header, rows


# --- files --------------------------------------------------------------------------------------------------


def _xlsx_cell(sheet, value, *, bold: bool = False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(result, *, dimensions, source_label: str) -> bytes:
    """Sheet 1 "Table": what the analysis is, then the grid (counts at k = FILE_K), the note; sheet 2
    "Chart": the chart as a picture. A suppressed count is its text ("fewer than 11"), never a number."""
    grid = grid_of(result)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Table")[:31])
    sheet.append([_xlsx_cell(sheet, title_of(result), bold=True)])
    for key, value in facts_of(result, dimensions, source_label):
        sheet.append([_xlsx_cell(sheet, key), _xlsx_cell(sheet, value)])
    sheet.append([])
    header, rows = grid_rows(grid)
    sheet.append([_xlsx_cell(sheet, h, bold=True) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    sheet.append([])
    sheet.append([_xlsx_cell(sheet, note_text(result.table.k))])
    if result.comparison is not None:
        sheet.append([])
        sheet.append([_xlsx_cell(sheet, _("The same period one year earlier"), bold=True)])
        sheet.append([_xlsx_cell(sheet, _("Period")), _xlsx_cell(sheet, period_text(result.comparison))])
        header, rows = grid_rows(grid_of(result.comparison))
        sheet.append([_xlsx_cell(sheet, h, bold=True) for h in header])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    chart_sheet = workbook.create_sheet(title=_("Chart")[:31])
    picture = XlsxImage(io.BytesIO(render_png(result.chart(), dpi=110)))
    picture.anchor = "A1"
    chart_sheet.add_image(picture)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pdf_table(doc: PdfDocument, grid: Grid) -> None:
    header, rows = grid_rows(grid)
    text_rows = [
        [str(v) if not isinstance(v, int) else number_format(v, force_grouping=True) for v in r] for r in rows
    ]
    first = 3 if len(header) <= 8 else 2
    doc.table_rows(header, text_rows, widths=(first, *([1.2] * (len(header) - 1))))


def pdf_bytes(result, *, dimensions, source_label: str) -> bytes:
    grid = grid_of(result)
    doc = PdfDocument(title=title_of(result))
    doc.key_values(facts_of(result, dimensions, source_label))
    doc.section(_("Table"))
    _pdf_table(doc, grid)
    doc.paragraph(note_text(result.table.k), small=True)
    chart = result.chart()
    width, height = figure_size(chart)
    if doc.get_y() + 20 + doc.epw * height / width > doc.page_break_trigger:
        doc.add_page()  # the heading with its chart, never alone at the foot of a page
    doc.section(_("Chart"))
    doc.image(io.BytesIO(render_png(chart)), w=doc.epw)
    if result.comparison is not None:
        doc.section(_("The same period one year earlier"))
        doc.paragraph(period_text(result.comparison))
        _pdf_table(doc, grid_of(result.comparison))
    return doc.output_bytes()


def export_analysis(*, actor, spec, fmt: str, dimensions, source_label: str, run) -> tuple[bytes, str, str]:
    """The file of the analysis (``fmt`` "xlsx" or "pdf") counted at FILE_K by ``run(spec, k)``, audited;
    returns (content, content type, file name)."""
    result = run(spec, FILE_K)
    if fmt == "pdf":
        content, content_type = pdf_bytes(result, dimensions=dimensions, source_label=source_label), PDF
    else:
        content, content_type = xlsx_bytes(result, dimensions=dimensions, source_label=source_label), XLSX
    record_event(
        actor=actor,
        action="analysis.export",
        target_type="insights",
        after={"format": fmt, "k": FILE_K, "spec": spec.as_dict()},
    )
    name = f"analysis-{spec.source.replace(':', '-')}-{spec.rows}"
    if spec.cols:
        name += f"-{spec.cols}"
    return content, content_type, f"{name}-{timezone.localdate().isoformat()}.{fmt}"
