"""A campaign compared honestly (docs/insights.md, "Campaigns compared"): appeals per month in the
campaign's districts before and after its start, against the other districts of the same region over the
same months, and the difference in differences (``insights.did``) with its interval.

Every count goes through ``core.disclosure`` with the reader's k: the table of months × (campaign
districts, other districts) is published with its totals, primary and secondary suppression applied. The
estimate is computed only from the months whose two group counts are both published (a month with a hidden
cell is left out of the estimate, and the page names it), so that the estimate cannot give a hidden count
back; the interval comes from the spread between districts over the same months.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.appeals.models import Appeal
from isenim.core.charts import Chart, Series
from isenim.core.disclosure import SafeTable, rate, safe_table
from isenim.geo.models import AdminUnit
from isenim.geo.places import DISTRICT_LEVELS
from isenim.insights.did import Estimate, NotEstimable, estimate
from isenim.prevention.models import Campaign

MEASURES = ("appeals", "presumed_victims")
DEFAULT_MONTHS = 12
MOST_MONTHS = 36
# Fewer counted months than this before or after the start (the others suppressed): no estimate.
FEWEST_MONTHS = 3
CAMPAIGN, OTHERS = "campaign", "others"


def month_key(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_start(key: int) -> date:
    return date(key // 12, key % 12 + 1, 1)


def month_end(key: int) -> date:
    nxt = month_start(key + 1)
    return date.fromordinal(nxt.toordinal() - 1)


@dataclass
class MonthRow:
    month: date
    post: bool
    used: bool
    campaign: object  # Published
    others: object
    total: object
    campaign_per_district: float | None
    others_per_district: float | None


@dataclass
class Comparison:
    campaign: Campaign
    measure: str
    before: int
    after: int
    k: int | None
    campaign_districts: list
    other_districts: list
    rows: list[MonthRow] = field(default_factory=list)
    table: SafeTable | None = None
    estimate: Estimate | None = None
    why_no_estimate: str = ""
    left_out: list[date] = field(default_factory=list)
    future_months: int = 0
    other_campaigns: list = field(default_factory=list)
    chart: Chart | None = None

    @property
    def measure_label(self) -> str:
        return _("Presumed victims") if self.measure == "presumed_victims" else _("Appeals")


def campaign_districts(campaign: Campaign) -> list[AdminUnit]:
    """Its target districts and the districts of its target citizens' assemblies."""
    ids = set(campaign.target_districts.filter(level__in=DISTRICT_LEVELS).values_list("pk", flat=True))
    ids |= set(
        campaign.target_assemblies.filter(parent__level__in=DISTRICT_LEVELS).values_list(
            "parent_id", flat=True
        )
    )
    return list(AdminUnit.objects.filter(pk__in=ids).order_by("code"))


def _other_districts(treated: list[AdminUnit]) -> list[AdminUnit]:
    regions = {unit.parent_id for unit in treated}
    return list(
        AdminUnit.objects.filter(parent_id__in=regions, level__in=DISTRICT_LEVELS)
        .exclude(pk__in=[u.pk for u in treated])
        .order_by("code")
    )


def _monthly_counts(district_ids, first: date, last: date, measure: str) -> dict[int, dict[int, int]]:
    """{district id: {month key: count}} of appeals received from ``first`` to ``last`` (duplicates of
    another appeal not counted). Grouped by day in the database (portable, no date truncation), folded
    into months here."""
    appeals = Appeal.objects.filter(
        received_on__gte=first,
        received_on__lte=last,
        home_district_id__in=district_ids,
        duplicate_of__isnull=True,
    )
    if measure == "presumed_victims":
        appeals = appeals.filter(presumed_victim=True)
    out: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for district, day, n in (
        appeals.order_by()
        .values("home_district_id", "received_on")
        .annotate(n=Count("pk"))
        .values_list("home_district_id", "received_on", "n")
    ):
        out[district][month_key(day)] += n
    return out


def compare(
    campaign: Campaign,
    *,
    k: int | None,
    measure: str = "appeals",
    before: int = DEFAULT_MONTHS,
    after: int = DEFAULT_MONTHS,
    today: date,
) -> Comparison:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    treated = campaign_districts(campaign)
    others = _other_districts(treated) if treated else []
    result = Comparison(campaign, measure, before, after, k, treated, others)
    if not treated:
        result.why_no_estimate = _(
            "The campaign names no district or citizens' assembly: there is nothing to compare it with."
        )
        return result
    start = month_key(campaign.starts_on)
    this_month = month_key(today)
    months = [m for m in range(start - before, start + after) if m < this_month]
    result.future_months = start + after - max(this_month, start)
    if result.future_months < 0:
        result.future_months = 0
    if not months:
        result.why_no_estimate = _("The campaign starts in the future: there is no month to count yet.")
        return result
    counts = _monthly_counts(
        [u.pk for u in treated + others], month_start(months[0]), month_end(months[-1]), measure
    )
    treated_ids = {u.pk for u in treated}
    grid = {
        m: {
            CAMPAIGN: sum(counts.get(u, {}).get(m, 0) for u in treated_ids),
            OTHERS: sum(counts.get(u.pk, {}).get(m, 0) for u in others),
        }
        for m in months
    }
    table = safe_table(grid, k, row_keys=months, col_keys=(CAMPAIGN, OTHERS))
    result.table = table
    post = [m >= start for m in months]
    used = [not table.cell(m, CAMPAIGN).suppressed and not table.cell(m, OTHERS).suppressed for m in months]
    for m, is_post, is_used in zip(months, post, used, strict=True):
        cell_t, cell_c = table.cell(m, CAMPAIGN), table.cell(m, OTHERS)
        result.rows.append(
            MonthRow(
                month=month_start(m),
                post=is_post,
                used=is_used,
                campaign=cell_t,
                others=cell_c,
                total=table.row_total(m),
                campaign_per_district=rate(cell_t, len(treated)),
                others_per_district=rate(cell_c, len(others)) if others else None,
            )
        )
    result.left_out = [month_start(m) for m, u in zip(months, used, strict=True) if not u]
    result.other_campaigns = list(
        Campaign.objects.filter(starts_on__lte=month_end(months[-1]), ends_on__gte=month_start(months[0]))
        .filter(target_districts__in=others)
        .exclude(pk=campaign.pk)
        .distinct()
        .order_by("starts_on")
    )
    result.chart = _chart(result)
    if not others:
        result.why_no_estimate = _(
            "Every district of the region is in the campaign: no district is left to compare."
        )
        return result
    counted_before = sum(1 for p, u in zip(post, used, strict=True) if u and not p)
    counted_after = sum(1 for p, u in zip(post, used, strict=True) if u and p)
    if min(counted_before, counted_after) < FEWEST_MONTHS:
        result.why_no_estimate = _(
            "Too few months can be counted: an estimate needs at least %(n)s months before the start and "
            "%(n)s from it whose counts are shown (here %(before)s and %(after)s). Choose more months, or "
            "count appeals rather than presumed victims."
        ) % {"n": FEWEST_MONTHS, "before": counted_before, "after": counted_after}
        return result
    panel = {u.pk: [float(counts.get(u.pk, {}).get(m, 0)) for m in months] for u in treated + others}
    try:
        result.estimate = estimate(panel, treated_ids, post, used=used)
    except NotEstimable:
        result.why_no_estimate = _(
            "An estimate needs at least one counted month before the start and one after it, and at least "
            "three districts in all."
        )
    return result


def _chart(result: Comparison) -> Chart:
    return Chart(
        title=_("%(measure)s per district and month") % {"measure": result.measure_label},
        labels=[date_format(row.month, "YEAR_MONTH_FORMAT") for row in result.rows],
        series=[
            Series(_("Campaign districts"), [row.campaign_per_district for row in result.rows]),
            Series(_("Other districts"), [row.others_per_district for row in result.rows]),
        ],
        kind="line",
        unit=_("per district"),
        note=_("The campaign started in %(month)s.")
        % {"month": date_format(result.campaign.starts_on, "YEAR_MONTH_FORMAT")},
    )
