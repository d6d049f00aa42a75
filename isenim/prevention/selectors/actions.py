"""Reads of outreach actions: the filtered list, a month of the calendar, one action with its materials,
and the appeals it brought (a count only, through the disclosure layer)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from isenim.core.forms import parse_id
from isenim.prevention.choices import MovementKind
from isenim.prevention.models import AppealSource, Edition, OutreachAction, StockMovement


def actions() -> QuerySet:
    return OutreachAction.objects.select_related("campaign", "district", "assembly")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_actions(filters: dict) -> QuerySet:
    """``filters``: campaign, place_type, district, date_from, date_to (each optional, already valid)."""
    rows = actions()
    if filters.get("campaign") is not None:
        rows = rows.filter(campaign=filters["campaign"])
    if filters.get("place_type"):
        rows = rows.filter(place_type=filters["place_type"])
    if filters.get("district") is not None:
        rows = rows.filter(district=filters["district"])
    if filters.get("date_from"):
        rows = rows.filter(starts_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to") and filters["date_to"] < date.max:
        rows = rows.filter(starts_at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    return rows.order_by("-starts_at", "-pk")


def action_get(pk) -> OutreachAction:
    pk = parse_id(pk)
    action = (
        actions().select_related("created_by").prefetch_related("staff").filter(pk=pk).first() if pk else None
    )
    if action is None:
        raise Http404
    return action


@dataclass
class MaterialLine:
    edition: object
    taken: int = 0
    returned: int = 0

    @property
    def handed_out(self) -> int:
        return self.taken - self.returned


def materials_of(action: OutreachAction) -> list[MaterialLine]:
    """Per edition: copies taken to the action, brought back, and so handed out."""
    rows = (
        StockMovement.objects.filter(action=action, kind__in=[MovementKind.TO_ACTION, MovementKind.RETURNED])
        .values("edition", "kind")
        .annotate(total=Sum("quantity"))
    )
    lines: dict[int, MaterialLine] = {}
    editions = Edition.objects.select_related("material").in_bulk({row["edition"] for row in rows})
    for row in rows:
        line = lines.setdefault(row["edition"], MaterialLine(edition=editions[row["edition"]]))
        if row["kind"] == MovementKind.TO_ACTION:
            line.taken += -row["total"]
        else:
            line.returned += row["total"]
    return sorted(lines.values(), key=lambda line: str(line.edition))


def handed_out_by_action(action_ids: list[int]) -> dict[int, int]:
    """Materials handed out at each action (taken less returned), for lists and the export."""
    rows = (
        StockMovement.objects.filter(
            action_id__in=action_ids, kind__in=[MovementKind.TO_ACTION, MovementKind.RETURNED]
        )
        .values("action")
        .annotate(total=Sum("quantity"))
    )
    return {row["action"]: -row["total"] for row in rows}


def movements_of(action: OutreachAction) -> QuerySet:
    return (
        StockMovement.objects.filter(action=action)
        .select_related("edition__material", "created_by")
        .order_by("-moved_on", "-id")
    )


def appeals_brought(action: OutreachAction) -> int:
    """How many appeals name this action as where they heard of the centre (raw: show it only through
    the disclosure layer)."""
    return AppealSource.objects.filter(action=action).count()


# --- The calendar --------------------------------------------------------------------------------------


@dataclass
class Day:
    day: date
    in_month: bool
    actions: list = field(default_factory=list)


def month_of(raw: str | None, today: date) -> date:
    """The first day of the month asked for as "YYYY-MM"; this month for anything else."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        if 1900 <= year <= 9998 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_weeks(first: date, filters: dict | None = None) -> list[list[Day]]:
    """The weeks (Monday first) that show the month beginning on ``first``, each day with its actions."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1] + timedelta(days=1)
    rows = filter_actions(filters or {}).filter(
        starts_at__gte=_day_start(start), starts_at__lt=_day_start(end)
    )
    by_day: dict[date, list] = {}
    for action in rows.order_by("starts_at"):
        by_day.setdefault(timezone.localtime(action.starts_at).date(), []).append(action)
    return [[Day(day, day.month == first.month, by_day.get(day, [])) for day in week] for week in weeks]


def summary(rows: QuerySet) -> dict:
    return rows.aggregate(
        count=Count("pk"),
        reached=Sum("reach_total"),
        consultations=Sum("consultations"),
        counted=Count("pk", filter=Q(tally_entered_at__isnull=False)),
    )
