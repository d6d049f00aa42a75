"""Meetings with residents: record and correct one, enter its attendance from the printed sheet, draw the
materials handed out there from the prevention stock, and link the appeals that followed it.

Every write is one transaction with its audit event. Stock moves only through prevention's
``services.stock.move_stock`` (kind ``to_meeting``): a meeting's materials are drawn all together or not
at all. An assembly outside the project's targets is allowed (the meeting is saved and said to be outside;
it never counts in coverage).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.audit import record_event, snapshot
from isenim.geo.models import AdminUnit
from isenim.grants.models import GrantProject, Meeting, MeetingAppeal, MeetingMaterial, Topic
from isenim.grants.services import GrantError
from isenim.prevention.choices import TALLY_FIELDS, MovementKind
from isenim.prevention.models import Edition
from isenim.prevention.services import PreventionError
from isenim.prevention.services.stock import check_quantity, move_stock

# More residents than a meeting in a village hall plausibly gathers: a larger count needs confirming.
PLAUSIBLE_MEETING = 500
# More than any meeting at all: refused.
MOST_PEOPLE = 10_000
MATERIAL_LINES = 6
MAX_TEXT = 300
MAX_QUESTIONS = 5000

AUDITED_FIELDS = ["held_on", "assembly_id", "venue", "facilitators", "partners", "questions_raised"]


@dataclass
class MeetingData:
    held_on: date
    assembly: AdminUnit
    venue: str
    topics: list = field(default_factory=list)
    facilitators: str = ""
    partners: str = ""
    questions_raised: str = ""


def _check(project: GrantProject, data: MeetingData) -> None:
    if not isinstance(data.held_on, date):
        raise GrantError(_("Give the date of the meeting."))
    if not project.starts_on <= data.held_on <= project.ends_on:
        raise GrantError(
            _("The meeting must fall within the project's dates, %(start)s to %(end)s.")
            % {"start": project.starts_on.isoformat(), "end": project.ends_on.isoformat()}
        )
    if data.assembly is None or data.assembly.level != AdminUnit.Level.ASSEMBLY:
        raise GrantError(_("Choose the citizens' assembly from the list."))
    if not data.venue.strip():
        raise GrantError(_("Say where the meeting was held (the venue)."))
    for text in (data.venue, data.facilitators, data.partners):
        if len(text) > MAX_TEXT:
            raise GrantError(_("Keep each line under %(most)s characters.") % {"most": MAX_TEXT})
    if len(data.questions_raised) > MAX_QUESTIONS:
        raise GrantError(_("Keep the questions under %(most)s characters.") % {"most": MAX_QUESTIONS})
    for topic in data.topics:
        if not isinstance(topic, Topic) or topic.project_id != project.pk:
            raise GrantError(_("Choose the topics from the project's list."))


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.held_on = data.held_on
    meeting.assembly = data.assembly
    meeting.venue = data.venue.strip()
    meeting.facilitators = data.facilitators.strip()
    meeting.partners = data.partners.strip()
    meeting.questions_raised = data.questions_raised.strip()


def _values(meeting: Meeting) -> dict:
    return {
        **snapshot(meeting, AUDITED_FIELDS),
        "held_on": meeting.held_on.isoformat(),
        "topics": sorted(meeting.topics.values_list("pk", flat=True)) if meeting.pk else [],
    }


@transaction.atomic
def meeting_create(*, actor, project: GrantProject, data: MeetingData) -> Meeting:
    _check(project, data)
    meeting = Meeting(project=project, created_by=actor)
    _apply(meeting, data)
    meeting.save()
    meeting.topics.set(data.topics)
    record_event(actor=actor, action="meeting.add", target=meeting, after=_values(meeting))
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, data: MeetingData) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("project").get(pk=meeting.pk)
    _check(meeting.project, data)
    if meeting.attendance_entered_at and data.held_on > timezone.localdate():
        raise GrantError(_("Its attendance is entered: the meeting cannot move to a later day than today."))
    before = _values(meeting)
    _apply(meeting, data)
    meeting.save()
    meeting.topics.set(data.topics)
    after = _values(meeting)
    changed = [key for key in before if before[key] != after[key]]
    if changed:
        record_event(
            actor=actor,
            action="meeting.update",
            target=meeting,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return meeting


# --- Attendance ----------------------------------------------------------------------------------------


def _count(value) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise GrantError(_("Counts are whole numbers."))
    if value < 0:
        raise GrantError(_("A count cannot be negative."))
    if value > MOST_PEOPLE:
        raise GrantError(_("%(count)s is more than can be counted here.") % {"count": value})
    return value


@transaction.atomic
def attendance_enter(
    *, actor, meeting: Meeting, counts: dict[str, int], total: int, confirmed: bool = False
) -> Meeting:
    """The residents at the meeting by sex and age band, as counted on the printed sheet, with the sheet's
    total: cells that do not add up to it are refused (one of them was mistyped). A total above
    PLAUSIBLE_MEETING needs ``confirmed``."""
    if set(counts) != set(TALLY_FIELDS):
        raise ValueError("a tally has exactly the TALLY_FIELDS")  # a caller's mistake
    values = {name: _count(counts[name]) for name in TALLY_FIELDS}
    total = _count(total)
    added = sum(values.values())
    if added != total:
        raise GrantError(
            _(
                "The counts add up to %(added)s but the sheet's total is %(total)s: check each cell against "
                "the sheet."
            )
            % {"added": added, "total": total}
        )
    if added > PLAUSIBLE_MEETING and not confirmed:
        raise GrantError(
            _(
                "%(total)s people is more than a meeting with residents usually gathers (%(plausible)s). "
                "Check the sheet, and tick the confirmation if the count is right."
            )
            % {"total": added, "plausible": PLAUSIBLE_MEETING}
        )
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.held_on > timezone.localdate():
        raise GrantError(_("The meeting has not been held yet: its attendance is entered afterwards."))
    before = (
        {**snapshot(meeting, TALLY_FIELDS), "attendance_total": meeting.attendance_total}
        if meeting.attendance_entered_at
        else {}
    )
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.attendance_total = added
    meeting.attendance_entered_at = timezone.now()
    meeting.save()
    record_event(
        actor=actor,
        action="meeting.attendance",
        target=meeting,
        before=before,
        after={**values, "attendance_total": added},
    )
    return meeting


# --- Materials handed out ------------------------------------------------------------------------------


@transaction.atomic
def meeting_materials_draw(
    *, actor, meeting: Meeting, lines: list[tuple[Edition, int]], moved_on: date | None = None
) -> list[MeetingMaterial]:
    """Copies handed out at the meeting, drawn from the prevention stock (``to_meeting`` rows of the
    ledger), every edition or none: when one lacks stock, the refusal names it and undoes the others."""
    if not lines:
        raise GrantError(_("Choose at least one material and its quantity."))
    if len(lines) > MATERIAL_LINES:
        raise GrantError(_("At most %(most)s materials at once.") % {"most": MATERIAL_LINES})
    seen = set()
    for edition, quantity in lines:
        try:
            check_quantity(quantity)
        except PreventionError as error:
            raise GrantError(str(error)) from error
        if edition.pk in seen:
            raise GrantError(_("%(edition)s is chosen twice: give its quantity once.") % {"edition": edition})
        seen.add(edition.pk)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    day = moved_on or min(meeting.held_on, timezone.localdate())
    drawn = []
    for edition, quantity in lines:
        try:
            movement = move_stock(
                actor=actor,
                edition=edition,
                kind=MovementKind.TO_MEETING,
                quantity=quantity,
                moved_on=day,
                note=_("Meeting with residents: %(meeting)s") % {"meeting": meeting},
            )
        except PreventionError as error:
            raise GrantError(str(error)) from error
        drawn.append(MeetingMaterial.objects.create(meeting=meeting, movement=movement))
    return drawn


# --- Appeals that followed -----------------------------------------------------------------------------


@transaction.atomic
def meeting_appeal_link(*, actor, meeting: Meeting, appeal) -> MeetingAppeal:
    """An appeal that followed the meeting (the person came after it). One meeting per appeal."""
    existing = MeetingAppeal.objects.filter(appeal=appeal).select_related("meeting").first()
    if existing is not None:
        if existing.meeting_id == meeting.pk:
            return existing
        raise GrantError(_("This appeal is already linked to another meeting."))
    link = MeetingAppeal.objects.create(meeting=meeting, appeal=appeal)
    record_event(actor=actor, action="meeting.appeal", target=meeting, after={"appeal": appeal.pk})
    return link


@transaction.atomic
def meeting_appeal_set(*, actor, appeal, meeting: Meeting | None) -> MeetingAppeal | None:
    """The meeting an appeal followed, as the appeal form says (``None``: none); called inside the
    transaction that registers or corrects the appeal. Audited on the meeting(s) concerned."""
    existing = MeetingAppeal.objects.filter(appeal=appeal).first()
    if existing is not None and meeting is not None and existing.meeting_id == meeting.pk:
        return existing
    if existing is not None:
        existing.delete()
        record_event(
            actor=actor, action="meeting.appeal", target=existing.meeting, before={"appeal": appeal.pk}
        )
    if meeting is None:
        return None
    return meeting_appeal_link(actor=actor, meeting=meeting, appeal=appeal)
