"""The donor report's files from its content (``selectors.reports.ReportContent``): the PDF (core.pdf,
DejaVu: every Karakalpak letter; the chart through ``core.charts.render_png``), the XLSX (one sheet per
part, text cells safe against formula injection) and the JSON of the console (``isenim grant-report``).

Every label is translated in the report's language (``translation.override``), whatever the language of the
screen or the console that asked for it. No photograph is included: Isenim keeps none of the meetings.
"""

import io
import json

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from isenim.core.charts import render_png
from isenim.core.disclosure import FILE_K, Published
from isenim.core.pdf import PdfDocument
from isenim.core.spreadsheets import is_formula_like
from isenim.grants.selectors.reports import ReportContent, cell_number

NO_PHOTOS = gettext_lazy(
    "No photographs are attached: Isenim keeps no photographs of meetings or of the people who came (a "
    "photograph would be included only with the written consent of everyone in it)."
)


def _band(cell) -> str:
    labels = {"on_track": _("on track"), "above": _("above the target"), "below": _("below the target")}
    return labels.get(cell.band, "—")


def _money(amount) -> str:
    return number_format(amount, force_grouping=True)


def _percent(value) -> str:
    return "—" if value is None else f"{value} %"


def _names(units, language: str) -> str:
    return ", ".join(unit.name(language) for unit in units) or "—"


def _title(content: ReportContent) -> str:
    return _("Report to the donor for %(period)s") % {"period": content.period.label}


def _key_facts(content: ReportContent) -> list[tuple[str, str]]:
    project, period = content.project, content.period
    return [
        (_("Project"), project.title),
        (_("Donor"), project.donor),
        (_("Programme"), project.programme or "—"),
        (_("Contract number"), project.contract_number or "—"),
        (_("Project dates"), f"{date_format(project.starts_on)} – {date_format(project.ends_on)}"),
        (
            _("Reporting period"),
            f"{period.label}: {date_format(period.starts_on)} – {date_format(period.ends_on)}",
        ),
        (_("Budget, UZS"), _money(project.budget_uzs)),
    ]


def _coverage_line(cov: dict) -> str:
    return _("%(covered)s of %(target)s target assemblies") % {
        "covered": len(cov["covered"]),
        "target": len(cov["target"]),
    }


def indicator_table(content: ReportContent) -> tuple[list[str], list[list]]:
    headers = [
        _("Indicator"),
        _("Unit"),
        _("Target for the period"),
        _("Actual"),
        _("% of target"),
        _("Status"),
        _("Life-of-project target"),
        _("Actual to date"),
    ]
    rows = []
    for row in content.rows:
        cell, life = row.cells[0], row.life
        indicator = row.indicator
        name = f"{indicator.code} {indicator.name}"
        if indicator.direction == "down":
            name += " (" + _("lower is better") + ")"
        rows.append(
            [
                name,
                indicator.get_unit_display(),
                cell.target,
                cell,
                cell.percent,
                _band(cell),
                life.target,
                life,
            ]
        )
    return headers, rows


def _text(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "text") and hasattr(value, "shown"):  # a results Cell: its actual as shown
        return value.text
    if isinstance(value, Published):
        return str(value)
    number = cell_number(value) if not isinstance(value, str) else value
    if isinstance(number, (int, float)):
        return number_format(number, force_grouping=True)
    return str(value)


def budget_table(content: ReportContent) -> tuple[list[str], list[list]]:
    headers = [
        _("Line"),
        _("Funding source"),
        _("Amount, UZS"),
        _("Tool kits bought in the period"),
        _("Print runs in the period"),
        _("Media placements in the period"),
        _("Paid in the period"),
        _("Paid to date"),
        _("% of the amount"),
        _("Left"),
    ]
    rows = [
        [
            row["line"].code,
            row["source"].name,
            row["amount"],
            row["period"]["kits"],
            row["period"]["print"],
            row["period"]["placements"],
            row["period_total"],
            row["to_date_total"],
            row["share"],
            row["left"],
        ]
        for row in content.budget
    ]
    total = content.budget_total
    if rows:
        rows.append(
            [
                _("Total"),
                "",
                total["amount"],
                None,
                None,
                None,
                total["period"],
                total["to_date"],
                total["share"],
                total["left"],
            ]
        )
    return headers, rows


def meetings_table(content: ReportContent) -> tuple[list[str], list[list]]:
    headers = [_("Date"), _("Citizens' assembly"), _("Venue"), _("Topics"), _("People present")]
    rows = [
        [
            meeting.held_on,
            meeting.assembly.name(content.language),
            meeting.venue,
            "; ".join(topic.name for topic in meeting.topics.all()),
            meeting.attendance_total if meeting.attendance_entered_at else None,
        ]
        for meeting in content.meetings
    ]
    return headers, rows


def _meetings_summary(content: ReportContent) -> list[tuple[str, str]]:
    totals = content.meeting_totals
    return [
        (_("Meetings held"), _money(totals["held"])),
        (_("People present (attendance entered)"), _money(totals["people"])),
        (_("Appeals that followed the meetings"), str(content.appeals_after)),
    ]


# --- PDF --------------------------------------------------------------------------------------------


def pdf_bytes(content: ReportContent, progress=None) -> bytes:
    with translation.override(content.language):
        doc = PdfDocument(title=_title(content), subtitle=content.project.code)
        doc.key_values(_key_facts(content))
        for _key, label, text in content.narrative:
            doc.section(label)
            doc.paragraph(text or _("(not written)"))
        doc.section(_("Targets against actuals"))
        headers, rows = indicator_table(content)
        if rows:
            doc.table_rows(
                headers,
                [[_text(v) if i != 4 else _percent(v) for i, v in enumerate(r)] for r in rows],
                widths=(56, 20, 18, 18, 14, 20, 18, 18),
            )
        else:
            doc.paragraph(_("The project has no indicator yet."))
        doc.paragraph(
            _(
                "On track: within 15 %% of the target either way. The life-of-project target is its own "
                "number. "
                "Counts of people from case data under %(k)s are shown as “fewer than %(k)s”."
            )
            % {"k": FILE_K},
            small=True,
        )
        if progress:
            progress(55)
        if content.chart is not None and content.rows:
            doc.image(io.BytesIO(render_png(content.chart)), w=doc.epw)
        if progress:
            progress(70)
        doc.section(_("Coverage of the target assemblies"))
        cov, total = content.coverage, content.coverage_to_date
        doc.key_values(
            [
                (_("In the period"), _coverage_line(cov)),
                (_("Reached in the period"), _names(cov["covered"], content.language)),
                (_("Not reached in the period"), _names(cov["missing"], content.language)),
                (_("Since the project began"), _coverage_line(total)),
                (_("Not reached yet"), _names(total["missing"], content.language)),
            ]
            + (
                [(_("Met outside the targets"), _names(cov["outside"], content.language))]
                if cov["outside"]
                else []
            )
        )
        doc.section(_("Meetings with residents held"))
        doc.key_values(_meetings_summary(content))
        headers, rows = meetings_table(content)
        if rows:
            doc.table_rows(
                headers,
                [
                    [date_format(r[0], "SHORT_DATE_FORMAT"), r[1], r[2], r[3] or "—", _text(r[4])]
                    for r in rows
                ],
                widths=(24, 35, 35, 56, 20),
            )
        doc.section(_("Budget execution by line"))
        headers, rows = budget_table(content)
        if rows:
            doc.table_rows(
                headers,
                [[_text(v) if i != 8 else _percent(v) for i, v in enumerate(r)] for r in rows],
                widths=(10, 30, 18, 18, 16, 18, 16, 16, 12, 16),
            )
        else:
            doc.paragraph(_("The project has no budget line."))
        doc.section(_("Photographs"))
        doc.paragraph(str(NO_PHOTOS))
        return doc.output_bytes()


# --- XLSX -------------------------------------------------------------------------------------------


def _cell(sheet, value):
    if hasattr(value, "text") and hasattr(value, "shown"):  # a results Cell
        value = cell_number(value.actual) if value.actual is not None else value.text
    elif isinstance(value, Published):
        value = value.value if value.value is not None else str(value)
    elif value is not None and not isinstance(value, (str, int, float)) and hasattr(value, "as_tuple"):
        value = cell_number(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif hasattr(value, "isoformat"):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _sheet(workbook, title: str, headers, rows) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_cell(sheet, h) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def xlsx_bytes(content: ReportContent) -> bytes:
    with translation.override(content.language):
        workbook = Workbook(write_only=True)
        _sheet(
            workbook,
            _("Report"),
            [_("Item"), _("Value")],
            _key_facts(content)
            + [(label, text or _("(not written)")) for _key, label, text in content.narrative]
            + [(_("Photographs"), str(NO_PHOTOS))],
        )
        headers, rows = indicator_table(content)
        _sheet(workbook, _("Targets and actuals"), headers, rows)
        cov, total = content.coverage, content.coverage_to_date
        cov_rows = [
            [
                unit.name(content.language),
                _("yes") if unit in cov["covered"] else _("no"),
                _("yes") if unit in total["covered"] else _("no"),
            ]
            for unit in cov["target"]
        ]
        _sheet(
            workbook,
            _("Coverage"),
            [_("Citizens' assembly"), _("Reached in the period"), _("Reached since the project began")],
            cov_rows,
        )
        headers, rows = meetings_table(content)
        _sheet(
            workbook,
            _("Meetings"),
            headers,
            rows + [[]] + [list(pair) for pair in _meetings_summary(content)],
        )
        headers, rows = budget_table(content)
        _sheet(workbook, _("Budget"), headers, rows)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


# --- JSON -------------------------------------------------------------------------------------------


def _json_cell(cell) -> dict:
    return {
        "value": cell_number(cell.actual),
        "text": cell.text,
    }


def json_data(content: ReportContent) -> dict:
    language = content.language
    with translation.override(language):
        project, period = content.project, content.period
        cov, total = content.coverage, content.coverage_to_date
        return {
            "project": {
                "code": project.code,
                "title": project.title,
                "donor": project.donor,
                "programme": project.programme,
                "contract_number": project.contract_number,
                "starts_on": project.starts_on.isoformat(),
                "ends_on": project.ends_on.isoformat(),
                "budget_uzs": project.budget_uzs,
            },
            "period": {
                "label": period.label,
                "kind": period.kind,
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
            },
            "language": language,
            "coverage": {
                "covered": [unit.name(language) for unit in cov["covered"]],
                "target": [unit.name(language) for unit in cov["target"]],
                "missing": [unit.name(language) for unit in cov["missing"]],
                "outside": [unit.name(language) for unit in cov["outside"]],
                "to_date": {
                    "covered": [unit.name(language) for unit in total["covered"]],
                    "missing": [unit.name(language) for unit in total["missing"]],
                },
            },
            "indicators": [
                {
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "unit": row.indicator.unit,
                    "direction": row.indicator.direction,
                    "computed": bool(row.indicator.measure),
                    "target": cell_number(row.cells[0].target),
                    "actual": cell_number(row.cells[0].actual),
                    "actual_text": row.cells[0].text,
                    "percent_of_target": cell_number(row.cells[0].percent),
                    "status": row.cells[0].band,
                    "life_target": cell_number(row.life.target),
                    "life_actual": cell_number(row.life.actual),
                }
                for row in content.rows
            ],
            "meetings_held": content.meeting_totals["held"],
            "people_at_meetings": content.meeting_totals["people"],
            "appeals_after_meetings": str(content.appeals_after),
            "budget": [
                {
                    "line": row["line"].code,
                    "funding_source": row["source"].name,
                    "amount_uzs": row["amount"],
                    "paid_in_period_uzs": row["period_total"],
                    "paid_to_date_uzs": row["to_date_total"],
                }
                for row in content.budget
            ],
            "small_counts_below": FILE_K,
        }


def json_bytes(content: ReportContent) -> bytes:
    return (json.dumps(json_data(content), ensure_ascii=False, indent=2) + "\n").encode()
