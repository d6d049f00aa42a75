"""Reads of campaigns and placements: the list every caseworker may see, and the campaign page's figures
(targets against actuals, month by month, the appeals it brought) for Perm.VIEW_PREVENTION.

The figures of a campaign include those of its sub-campaigns. Every sum is one aggregate query over the
indexes of the models (never a query per row), so a campaign page stays fast with 50,000 actions, half a
million stock movements and a million appeals:

- materials handed out: copies drawn from stock to the campaign's actions less those brought back (the sum of
  the actions' ``copies_handed_out``, kept with the ledger by ``services.stock.move_stock``; by month from the
  ledger, ``prev_move_action_cover``) and copies of the campaign's own materials left at distribution points
  within its dates (``prev_move_edition``);
- people reached: the sum of its actions' ``reach_total`` (``prev_action_campaign``); actions held: those
  whose tally was entered;
- placements aired: its placements that have started (``prev_placement_campaign``);
- appeals: ``AppealSource`` rows of the campaign (``prev_source_campaign``), counted through the disclosure
  control (``isenim.core.disclosure``), since they come from case files.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, require
from isenim.prevention.choices import MovementKind, TargetGroup
from isenim.prevention.models import (
    AppealSource,
    Campaign,
    OutreachAction,
    Placement,
    PrintRun,
    StockMovement,
)

# The campaign page's chart shows at most this many months (the latest of a long campaign).
CHART_MONTHS = 36
# The campaign page lists its latest actions and placements; the lists hold the rest.
PAGE_ROWS = 20
LIST_PAGE_SIZE = 50


# --- The list (Perm.VIEW_CAMPAIGN_LIST) ---------------------------------------------------------------


def campaign_list(user, filters: dict, today: date) -> list[Campaign]:
    """Campaigns with their districts, filtered: name, kind, when, district, target group."""
    require(user, Perm.VIEW_CAMPAIGN_LIST)
    rows: QuerySet = Campaign.objects.prefetch_related("target_districts").order_by("-starts_on", "name")
    if filters.get("q"):
        rows = rows.filter(name__icontains=filters["q"])
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    when = filters.get("when")
    if when == "running":
        rows = rows.filter(starts_on__lte=today, ends_on__gte=today)
    elif when == "coming":
        rows = rows.filter(starts_on__gt=today)
    elif when == "past":
        rows = rows.filter(ends_on__lt=today)
    if filters.get("district"):
        rows = rows.filter(target_districts=filters["district"])
    campaigns = list(rows)
    if filters.get("group"):  # a JSON list: filtered here (SQLite has no JSON "contains")
        campaigns = [campaign for campaign in campaigns if filters["group"] in campaign.target_groups]
    return campaigns


def group_labels(campaign: Campaign) -> list[str]:
    labels = dict(TargetGroup.choices)
    return [str(labels[group]) for group in campaign.target_groups if group in labels]


def campaign_get(user, pk: int) -> Campaign:
    require(user, Perm.VIEW_PREVENTION)
    return get_object_or_404(Campaign.objects.select_related("parent", "funding_source", "created_by"), pk=pk)


def campaign_for_edit(user, pk: int) -> Campaign:
    require(user, Perm.EDIT_PREVENTION)
    return get_object_or_404(Campaign, pk=pk)


# --- Actuals of several campaigns at once -------------------------------------------------------------


@dataclass
class Actuals:
    materials: int = 0
    people: int = 0
    actions: int = 0
    placements: int = 0
    # this month (the dashboard)
    month_materials: int = 0
    month_people: int = 0
    month_actions: int = 0
    month_placements: int = 0
    # the operators' own estimates: shown beside, never added to ``people``
    stated_reach: int = 0
    placement_cost: int = 0

    def add(self, other: "Actuals") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def campaign_trees(campaign_ids) -> dict[int, list[int]]:
    """Each campaign with the ids of its sub-campaigns at any depth (itself first). One query for the whole
    table of campaigns (a centre has hundreds, not millions)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Campaign.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    trees = {}
    for root in campaign_ids:
        found, frontier = [root], [root]
        while frontier:
            frontier = [child for pk in frontier for child in children.get(pk, []) if child not in found]
            found.extend(frontier)
        trees[root] = found
    return trees


def month_bounds(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return first, next_first - timedelta(days=1)


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the centre's time zone: datetimes are compared with it as they are stored,
    never through a function of each row (on SQLite such a function is Python, called for every row)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _next_month(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)


def by_month(
    queryset: QuerySet, field: str, months: list[date], aggregate, *, moment: bool = False
) -> list[int]:
    """``aggregate(filter=…)`` for each of ``months`` in one query: a conditional aggregate per month over
    the plain column ``field`` (a date, or a datetime when ``moment``), so that the grouping needs no
    function of each row."""
    if not months:
        return []

    def bound(day: date):
        return local_midnight(day) if moment else day

    columns = {
        f"m{index}": aggregate(
            filter=Q(**{f"{field}__gte": bound(month), f"{field}__lt": bound(_next_month(month))})
        )
        for index, month in enumerate(months)
    }
    row = queryset.filter(
        **{f"{field}__gte": bound(months[0]), f"{field}__lt": bound(_next_month(months[-1]))}
    ).aggregate(**columns)
    return [row[f"m{index}"] or 0 for index in range(len(months))]


def own_actuals(ids: list[int], today: date) -> dict[int, Actuals]:
    """Each campaign's own figures (without its sub-campaigns'): five grouped queries."""
    own = {pk: Actuals() for pk in ids}
    if not ids:
        return own
    first, last = month_bounds(today)
    this_month = Q(
        starts_at__gte=local_midnight(first), starts_at__lt=local_midnight(last + timedelta(days=1))
    )
    for row in (
        OutreachAction.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            copies=Sum("copies_handed_out"),
            people=Sum("reach_total"),
            held=Count("pk", filter=Q(tally_entered_at__isnull=False)),
            month_people=Sum("reach_total", filter=this_month),
            month_held=Count("pk", filter=this_month & Q(tally_entered_at__isnull=False)),
        )
        .order_by()
    ):
        actuals = own[row["campaign_id"]]
        actuals.materials += row["copies"] or 0
        actuals.people = row["people"] or 0
        actuals.actions = row["held"]
        actuals.month_people = row["month_people"] or 0
        actuals.month_actions = row["month_held"]
    in_month = Q(moved_on__gte=first, moved_on__lte=last)
    # All the copies handed out at the actions: their kept count (above), never a scan of the ledger; this
    # month's: the ledger's rows of the month only (``prev_move_kind``: kind, moved_on).
    for row in (
        _drawn_to_actions(ids)
        .filter(in_month)
        .values("action__campaign_id")
        .annotate(month=Sum("quantity"))
        .order_by()
    ):
        own[row["action__campaign_id"]].month_materials -= row["month"] or 0  # draws are negative
    for row in (
        _left_at_points(ids)
        .values("edition__material__campaign_id")
        .annotate(copies=Sum("quantity"), month=Sum("quantity", filter=in_month))
        .order_by()
    ):
        actuals = own[row["edition__material__campaign_id"]]
        actuals.materials -= row["copies"] or 0
        actuals.month_materials -= row["month"] or 0
    for row in (
        Placement.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            aired=Count("pk", filter=Q(starts_on__lte=today)),
            month=Count("pk", filter=Q(starts_on__gte=first, starts_on__lte=min(last, today))),
            stated=Sum("stated_reach"),
            cost=Sum("cost_uzs"),
        )
        .order_by()
    ):
        actuals = own[row["campaign_id"]]
        actuals.placements = row["aired"]
        actuals.month_placements = row["month"]
        actuals.stated_reach = row["stated"] or 0
        actuals.placement_cost = row["cost"] or 0
    return own


def _left_at_points(ids: list[int]) -> QuerySet:
    """Copies of the campaigns' own materials left at distribution points within each campaign's dates."""
    return StockMovement.objects.filter(
        kind=MovementKind.TO_POINT,
        edition__material__campaign_id__in=ids,
        moved_on__gte=F("edition__material__campaign__starts_on"),
        moved_on__lte=F("edition__material__campaign__ends_on"),
    )


def campaign_actuals(campaigns, today: date, *, own: dict[int, Actuals] | None = None) -> dict[int, Actuals]:
    """The actuals of each campaign, its sub-campaigns' included: a constant number of queries. ``own``:
    each campaign's own figures when the caller has them already (``own_actuals`` of every id of the
    trees)."""
    trees = campaign_trees([campaign.pk for campaign in campaigns])
    if own is None:
        own = own_actuals(sorted({pk for tree in trees.values() for pk in tree}), today)
    totals = {}
    for root, tree in trees.items():
        total = Actuals()
        for pk in tree:
            total.add(own.get(pk, Actuals()))
        totals[root] = total
    return totals


@dataclass
class TargetRow:
    key: str
    label: str
    target: int | None
    actual: int
    month: int = 0

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.actual / self.target)

    @property
    def bar(self) -> int:
        """The width of the progress bar, 0–100."""
        return min(self.percent or 0, 100)


def target_rows(campaign: Campaign, actuals: Actuals) -> list[TargetRow]:
    return [
        TargetRow(
            "materials",
            _("Materials handed out"),
            campaign.target_materials,
            actuals.materials,
            actuals.month_materials,
        ),
        TargetRow(
            "people", _("People reached"), campaign.target_people, actuals.people, actuals.month_people
        ),
        TargetRow(
            "actions", _("Actions held"), campaign.target_actions, actuals.actions, actuals.month_actions
        ),
        TargetRow(
            "placements",
            _("Placements aired"),
            campaign.target_placements,
            actuals.placements,
            actuals.month_placements,
        ),
    ]


# --- The campaign page ----------------------------------------------------------------------------------


def _months(start: date, end: date) -> list[date]:
    months = []
    cursor = start.replace(day=1)
    while cursor <= end:
        months.append(cursor)
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months[-CHART_MONTHS:]


@dataclass
class CostFigures:
    materials_cost: int = 0
    copies_costed: int = 0
    copies_uncosted: int = 0
    placement_cost: int = 0
    people: int = 0

    @property
    def total(self) -> int:
        return self.materials_cost + self.placement_cost

    @property
    def per_person(self) -> int | None:
        if not self.people or not self.total:
            return None
        return round(self.total / self.people)


@dataclass
class CampaignFigures:
    campaign: Campaign
    actuals: Actuals
    targets: list[TargetRow]
    months: list[date]
    reach_by_month: list[int]
    materials_by_month: list[int]
    chart: object | None
    actions: list[OutreachAction]
    action_count: int
    placements: list[Placement]
    placement_count: int
    children: list[Campaign]
    appeals: object = None  # a disclosure.SafeTable: months × (presumed victims, others)
    cost: CostFigures = field(default_factory=CostFigures)


def _drawn_to_actions(ids: list[int]) -> QuerySet:
    """Copies taken to the campaigns' actions and those brought back unused (returns, positive in the
    ledger): summed, minus their sum is what was handed out, as on the action's page."""
    return StockMovement.objects.filter(
        kind__in=[MovementKind.TO_ACTION, MovementKind.RETURNED],
        action_id__in=OutreachAction.objects.filter(campaign_id__in=ids).values("pk"),
    )


def _copies_by_edition(ids: list[int]) -> dict[int, int]:
    copies: dict[int, int] = {}
    for queryset in (
        _drawn_to_actions(ids),
        _left_at_points(ids),
    ):
        for row in queryset.values("edition_id").annotate(copies=Sum("quantity")).order_by():
            copies[row["edition_id"]] = copies.get(row["edition_id"], 0) - (row["copies"] or 0)
    return copies


def _cost(ids: list[int], actuals: Actuals) -> CostFigures:
    """What the copies handed out cost (each edition at the average unit cost of its print runs) and what
    the placements cost, per person counted at actions. Copies of an edition with no print run recorded
    are not costed (and said so)."""
    copies = _copies_by_edition(ids)
    figures = CostFigures(placement_cost=actuals.placement_cost, people=actuals.people)
    if copies:
        runs = {
            row["edition_id"]: row
            for row in PrintRun.objects.filter(edition_id__in=list(copies))
            .values("edition_id")
            .annotate(printed=Sum("quantity"), cost=Sum(F("quantity") * F("unit_cost_uzs")))
            .order_by()
        }
        for edition_id, count in copies.items():
            run = runs.get(edition_id)
            if run and run["printed"]:
                figures.materials_cost += round(count * run["cost"] / run["printed"])
                figures.copies_costed += count
            else:
                figures.copies_uncosted += count
    return figures


def _appeals(ids: list[int], user, months: list[date]):
    """Appeals heard of through the campaign, per month, split into presumed victims and the others — counts
    from case files, so a table through the disclosure control (small counts and whatever would give them
    away are not shown; the row total is the month's appeals). Months before ``months`` are one row
    (key None). Counted per day in the database (a plain column, its index), put into months here."""
    from isenim.core.disclosure import safe_table, screen_k

    per_day = (
        AppealSource.objects.filter(campaign_id__in=ids)
        .values("received_on")
        .annotate(appeals=Count("pk"), victims=Count("pk", filter=Q(appeal__presumed_victim=True)))
        .order_by()
    )
    counts: dict = {}
    for row in per_day:
        day = row["received_on"]
        key = day.replace(day=1) if day >= months[0] else None
        month = counts.setdefault(key, {"victims": 0, "others": 0})
        month["victims"] += row["victims"]
        month["others"] += row["appeals"] - row["victims"]
    keys = ([None] if None in counts else []) + sorted(key for key in counts if key is not None)
    return safe_table(counts, screen_k(user), row_keys=keys, col_keys=("victims", "others"))


def _per_month(queryset: QuerySet, field: str, value: str, months: list[date]) -> list[int]:
    """The sum of ``value`` in each of ``months``, by a date column: summed per day in the database (no
    function of each row), put into months here."""
    if not months:
        return []
    totals = dict.fromkeys(months, 0)
    rows = (
        queryset.filter(**{f"{field}__gte": months[0], f"{field}__lt": _next_month(months[-1])})
        .values(field)
        .annotate(total=Sum(value))
        .order_by()
    )
    for row in rows:
        totals[row[field].replace(day=1)] += row["total"] or 0
    return list(totals.values())


def _chart(campaign: Campaign, months: list[date], reach: list[int], materials: list[int]):
    from isenim.core.charts import Chart, Series

    return Chart(
        title=_("People reached and materials handed out, by month"),
        labels=[f"{month:%Y-%m}" for month in months],
        series=[Series(_("People reached"), reach), Series(_("Materials handed out"), materials)],
        kind="bar",
        note=_("People counted at the campaign's actions; copies drawn to its actions or left at points."),
    )


def campaign_figures(campaign: Campaign, user, today: date | None = None) -> CampaignFigures:
    """Everything the campaign page shows (Perm.VIEW_PREVENTION): about a dozen queries, whatever the size."""
    require(user, Perm.VIEW_PREVENTION)
    today = today or timezone.localdate()
    ids = campaign_trees([campaign.pk])[campaign.pk]
    actuals = campaign_actuals([campaign], today)[campaign.pk]
    months = _months(campaign.starts_on, min(campaign.ends_on, today)) if campaign.starts_on <= today else []
    reach = by_month(
        OutreachAction.objects.filter(campaign_id__in=ids),
        "starts_at",
        months,
        lambda **kw: Sum("reach_total", **kw),
        moment=True,
    )
    materials = [0] * len(months)
    for queryset in (
        _drawn_to_actions(ids),
        _left_at_points(ids),
    ):
        drawn = _per_month(queryset, "moved_on", "quantity", months)
        materials = [total - copies for total, copies in zip(materials, drawn, strict=True)]
    actions_all = OutreachAction.objects.filter(campaign_id__in=ids)
    actions = list(actions_all.select_related("district", "campaign").order_by("-starts_at")[:PAGE_ROWS])
    action_count = actions_all.count() if len(actions) == PAGE_ROWS else len(actions)
    placements_all = Placement.objects.filter(campaign_id__in=ids)
    placements = list(
        placements_all.select_related("district", "edition__material", "campaign").order_by(
            "-starts_on", "-id"
        )[:PAGE_ROWS]
    )
    placement_count = placements_all.count() if len(placements) == PAGE_ROWS else len(placements)
    children = list(Campaign.objects.filter(parent=campaign).order_by("starts_on", "name"))
    return CampaignFigures(
        campaign=campaign,
        actuals=actuals,
        targets=target_rows(campaign, actuals),
        months=months,
        reach_by_month=reach,
        materials_by_month=materials,
        chart=_chart(campaign, months, reach, materials) if months else None,
        actions=actions,
        action_count=action_count,
        placements=placements,
        placement_count=placement_count,
        children=children,
        appeals=_appeals(ids, user, _months(min(campaign.starts_on, today), today)),
        cost=_cost(ids, actuals),
    )


# --- Placements -----------------------------------------------------------------------------------------


def placement_list(user, filters: dict, today: date) -> QuerySet:
    require(user, Perm.VIEW_PREVENTION)
    rows = Placement.objects.select_related("campaign", "district", "edition__material", "funding_source")
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("campaign"):
        rows = rows.filter(campaign=filters["campaign"])
    if filters.get("district"):
        rows = rows.filter(district=filters["district"])
    if filters.get("q"):
        rows = rows.filter(
            Q(operator__icontains=filters["q"]) | Q(programme_or_route__icontains=filters["q"])
        )
    when = filters.get("when")
    if when == "running":
        rows = rows.filter(starts_on__lte=today, ends_on__gte=today)
    elif when == "coming":
        rows = rows.filter(starts_on__gt=today)
    elif when == "past":
        rows = rows.filter(ends_on__lt=today)
    return rows.order_by("-starts_on", "-id")


def placement_for_edit(user, pk: int) -> Placement:
    require(user, Perm.EDIT_PREVENTION)
    return get_object_or_404(Placement, pk=pk)
