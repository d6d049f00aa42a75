"""The donor report's content for one period, in the report's language: the narrative fields, the targets
against actuals, coverage with the missing assemblies named, the meetings held, a chart, and the budget
execution by line. The same content makes the PDF, the XLSX and the console's JSON (``grants.report_files``).

Every count of case data leaves in a file: it goes through ``core.disclosure`` with ``FILE_K`` (11), never
the on-screen k — a count under 11 is "fewer than 11" and its per cent of target is not given.
Attendance at meetings is an anonymous tally of residents, not case data: shown as counted.

The budget execution of a line is what was really paid from its funding source: tool-kit purchases
(reintegration), print runs and media placements (prevention), by their dates, in the period and from the
project's start to the period's end, against the source's amount.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import F, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from isenim.core.disclosure import FILE_K, SMALL, Published, safe_count
from isenim.grants.choices import ReportState
from isenim.grants.models import BudgetLine, GrantProject, Report, ReportingPeriod
from isenim.grants.selectors.coverage import coverage
from isenim.grants.selectors.meetings import appeals_after_count, meeting_figures, meetings_of
from isenim.grants.selectors.results import display, percent_of, results_chart, results_table
from isenim.prevention.models import Placement, PrintRun
from isenim.reintegration.models import Purchase

# The narrative fields the donor asks for, in the order of the report.
NARRATIVE_FIELDS = (
    ("activities", gettext_lazy("Activities carried out in the period")),
    ("results", gettext_lazy("Results achieved")),
    ("problems", gettext_lazy("Problems met and how they were solved")),
    ("plans", gettext_lazy("Plans for the next period")),
)
NARRATIVE_KEYS = tuple(key for key, _label in NARRATIVE_FIELDS)
MOST_NARRATIVE = 8000  # characters per field


def report_list(project: GrantProject):
    return (
        Report.objects.filter(project=project)
        .select_related("period", "submitted_by")
        .order_by("-period__starts_on", "-created_at")
    )


def report_get(pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("project", "period"), pk=pk)


def submitted_report(period: ReportingPeriod) -> Report | None:
    return Report.objects.filter(period=period, state=ReportState.SUBMITTED).first()


@dataclass
class ReportContent:
    project: GrantProject
    period: ReportingPeriod
    language: str
    made_at: datetime
    narrative: list  # [(key, label, text)]
    rows: list  # results_table rows for the one period, counts of case data at FILE_K
    coverage: dict  # in the period
    coverage_to_date: dict  # from the project's start to the period's end
    meetings: list
    meeting_totals: dict
    appeals_after: Published
    budget: list
    budget_total: dict
    chart: object = None
    names: dict = field(default_factory=dict)  # assembly pk → name in the report's language


def _in_file(cell) -> None:
    """A cell of a case-data count as it may leave in a file: under FILE_K it is "fewer than 11"."""
    if isinstance(cell.shown, Published) and cell.shown.suppressed:
        hidden = Published(None, FILE_K, SMALL)
    elif cell.actual is not None and cell.actual == cell.actual.to_integral_value():
        hidden = safe_count(int(cell.actual), FILE_K)
        if not hidden.suppressed:
            return
    else:
        return
    cell.shown, cell.text, cell.actual, cell.percent = hidden, str(hidden), None, None
    cell.band = cell.good = None
    cell.breakdown = {}


def file_rows(project: GrantProject, periods) -> list:
    """results_table for a file: no reader (the on-screen k), then every case-data count at FILE_K."""
    rows = results_table(project, periods, None)
    for row in rows:
        if row.case_data:
            for cell in [*row.cells, row.life]:
                _in_file(cell)
    return rows


def _money(queryset, date_field: str, amount, starts_on: date, ends_on: date) -> int:
    return (
        queryset.filter(**{f"{date_field}__gte": starts_on, f"{date_field}__lte": ends_on}).aggregate(
            total=Sum(amount)
        )["total"]
        or 0
    )


def budget_execution(project: GrantProject, period: ReportingPeriod) -> tuple[list, dict]:
    """Each budget line: its source's amount, and what tool-kit purchases, print runs and placements paid
    from it in the period and from the project's start to the period's end."""
    out = []
    totals = {"amount": 0, "period": 0, "to_date": 0}
    windows = {"period": (period.starts_on, period.ends_on), "to_date": (project.starts_on, period.ends_on)}
    for line in BudgetLine.objects.filter(project=project).select_related("funding_source").order_by("code"):
        source = line.funding_source
        row = {"line": line, "source": source, "amount": source.amount_uzs}
        for key, (starts_on, ends_on) in windows.items():
            parts = {
                "kits": _money(
                    Purchase.objects.filter(funding_source=source),
                    "purchased_on",
                    "total_uzs",
                    starts_on,
                    ends_on,
                ),
                "print": _money(
                    PrintRun.objects.filter(funding_source=source),
                    "printed_on",
                    F("quantity") * F("unit_cost_uzs"),
                    starts_on,
                    ends_on,
                ),
                "placements": _money(
                    Placement.objects.filter(funding_source=source),
                    "starts_on",
                    "cost_uzs",
                    starts_on,
                    ends_on,
                ),
            }
            row[key] = parts
            row[f"{key}_total"] = sum(parts.values())
            totals[key] += row[f"{key}_total"]
        row["left"] = source.amount_uzs - row["to_date_total"]
        row["share"] = percent_of(Decimal(row["to_date_total"]), Decimal(source.amount_uzs))
        totals["amount"] += source.amount_uzs
        out.append(row)
    totals["left"] = totals["amount"] - totals["to_date"]
    totals["share"] = percent_of(Decimal(totals["to_date"]), Decimal(totals["amount"]))
    return out, totals


def report_content(
    project: GrantProject, period: ReportingPeriod, language: str, narrative: dict | None = None
) -> ReportContent:
    """Everything the report says, read in ``language`` (the report's, whatever the reader's screen)."""
    narrative = narrative or {}
    with translation.override(language):
        rows = file_rows(project, [period])
        meetings = list(
            meetings_of(
                project, starts_on=period.starts_on, ends_on=min(period.ends_on, timezone.localdate())
            )
            .prefetch_related("topics")
            .order_by("held_on", "id")
        )
        budget, budget_total = budget_execution(project, period)
        content = ReportContent(
            project=project,
            period=period,
            language=language,
            made_at=timezone.localtime(),
            narrative=[
                (key, str(label), (narrative.get(key) or "").strip()) for key, label in NARRATIVE_FIELDS
            ],
            rows=rows,
            coverage=coverage(project, period.starts_on, period.ends_on),
            coverage_to_date=coverage(project, project.starts_on, period.ends_on),
            meetings=meetings,
            meeting_totals=meeting_figures(project, period.starts_on, period.ends_on),
            appeals_after=safe_count(appeals_after_count(project, period.starts_on, period.ends_on), FILE_K),
            budget=budget,
            budget_total=budget_total,
            chart=results_chart(rows, [period]),
        )
    return content


def cell_number(value) -> float | int | None:
    """A Decimal as a number for a spreadsheet or JSON (an integer when whole)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def actual_text(cell) -> str:
    return cell.text if cell.text else display(cell.shown)
