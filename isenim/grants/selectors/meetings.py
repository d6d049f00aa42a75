"""Meetings with residents: lists, one meeting's page, and the figures the project page, the logframe's
measures and the donor report add up.

A meeting is **held** once its date is today or before; its people reached are its attendance tally, once
entered (``attendance_entered_at``). Appeals that followed a meeting are case data: they are counted, never
listed, and every count shown goes through ``core.disclosure``.
"""

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from isenim.core.disclosure import Published, safe_count
from isenim.grants.models import GrantProject, Meeting, MeetingAppeal, MeetingMaterial
from isenim.prevention.choices import TALLY_FIELDS

PAGE = 50


def meetings_of(
    project: GrantProject,
    *,
    starts_on: date | None = None,
    ends_on: date | None = None,
    assembly_id: int | None = None,
    topic_id: int | None = None,
):
    """The project's meetings, latest first, filtered; with their assembly and project read at once."""
    meetings = Meeting.objects.filter(project=project).select_related("assembly", "assembly__parent")
    if starts_on:
        meetings = meetings.filter(held_on__gte=starts_on)
    if ends_on:
        meetings = meetings.filter(held_on__lte=ends_on)
    if assembly_id:
        meetings = meetings.filter(assembly_id=assembly_id)
    if topic_id:
        meetings = meetings.filter(topics=topic_id)
    return meetings.order_by("-held_on", "-id")


def summary(meetings) -> dict:
    """{held, entered, people} of a list of meetings (e.g. the filtered list): those held by today."""
    return meetings.filter(held_on__lte=timezone.localdate()).aggregate(
        held=Count("id"),
        entered=Count("id", filter=Q(attendance_entered_at__isnull=False)),
        people=Coalesce(Sum("attendance_total"), 0),
    )


def held_meetings(project: GrantProject, starts_on: date | None = None, ends_on: date | None = None):
    """Meetings held (dated today or before) from ``starts_on`` to ``ends_on``, either open-ended."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(project=project, held_on__lte=min(ends_on, today) if ends_on else today)
    if starts_on:
        meetings = meetings.filter(held_on__gte=starts_on)
    return meetings


def meeting_figures(
    project: GrantProject,
    starts_on: date | None = None,
    ends_on: date | None = None,
    assemblies: list[int] | None = None,
) -> dict:
    """{held, entered, people, tally: {f_0_17…}, by_assembly: {assembly_id: {"held", "people"}}} for the
    meetings held in the window (``assemblies``: only those assemblies). People are the entered tallies'
    sum (anonymous counts of residents, not case data). Two queries."""
    meetings = held_meetings(project, starts_on, ends_on)
    if assemblies is not None:
        meetings = meetings.filter(assembly_id__in=assemblies)
    sums = meetings.aggregate(
        held=Count("id"),
        entered=Count("id", filter=Q(attendance_entered_at__isnull=False)),
        people=Sum("attendance_total"),
        **{name: Sum(name) for name in TALLY_FIELDS},
    )
    by_assembly = {
        row["assembly_id"]: {"held": row["held"], "people": row["people"] or 0}
        for row in meetings.values("assembly_id").annotate(held=Count("id"), people=Sum("attendance_total"))
    }
    return {
        "held": sums["held"],
        "entered": sums["entered"],
        "people": sums["people"] or 0,
        "tally": {name: sums[name] or 0 for name in TALLY_FIELDS},
        "by_assembly": by_assembly,
    }


def appeals_after_count(
    project: GrantProject, starts_on: date | None = None, ends_on: date | None = None
) -> int:
    """How many appeals followed the project's meetings held in the window (raw: publish it through
    ``core.disclosure``)."""
    return MeetingAppeal.objects.filter(
        meeting__in=held_meetings(project, starts_on, ends_on).values("pk")
    ).count()


def appeals_after(meeting: Meeting, k: int | None) -> Published:
    """The appeals that followed one meeting, as a count that may be published to a reader with ``k``."""
    return safe_count(MeetingAppeal.objects.filter(meeting=meeting).count(), k)


def materials_of(meeting: Meeting) -> list[dict]:
    """The copies handed out at the meeting, by edition: [{edition, quantity}] (quantity positive)."""
    rows: dict[int, dict] = {}
    for material in MeetingMaterial.objects.filter(meeting=meeting).select_related(
        "movement__edition__material"
    ):
        movement = material.movement
        row = rows.setdefault(movement.edition_id, {"edition": movement.edition, "quantity": 0})
        row["quantity"] += -movement.quantity
    return sorted(rows.values(), key=lambda row: str(row["edition"]))


def copies_handed_out(
    project: GrantProject, starts_on: date | None = None, ends_on: date | None = None
) -> int:
    """Copies of materials handed out at the project's meetings held in the window."""
    total = MeetingMaterial.objects.filter(
        meeting__in=held_meetings(project, starts_on, ends_on).values("pk")
    ).aggregate(total=Sum("movement__quantity"))["total"]
    return -(total or 0)
