"""The appeal form's "came after a meeting with residents" choice, registered on the appeals floor's
extension hook (appeals/intake_extensions.py) from ``GrantsConfig.ready()``, as prevention's "heard of us
through". Saved as a ``MeetingAppeal`` through ``services.meetings.meeting_appeal_set``, inside the
appeal's transaction.

The list offers the meetings held in the last 90 days; a meeting's page opens the form with that meeting
chosen (``?meeting=<id>``) even when it is older. Optional, like every extension's field.
"""

from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.appeals.intake_extensions import IntakeExtension
from isenim.core.forms import parse_id
from isenim.grants.models import Meeting, MeetingAppeal
from isenim.grants.services.meetings import meeting_appeal_set

FIELD = "after_meeting"
RECENT = timedelta(days=90)
MOST_OFFERED = 100


def meeting_label(meeting: Meeting) -> str:
    return (
        f"{date_format(meeting.held_on, 'SHORT_DATE_FORMAT')} · {meeting.assembly.name()} · {meeting.venue}"
    )


def _found(value) -> Meeting | None:
    pk = parse_id(value)
    if pk is None:
        return None
    return Meeting.objects.select_related("assembly").filter(pk=pk).first()


def choices(chosen: str = "") -> list:
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(held_on__gte=today - RECENT, held_on__lte=today)
        .select_related("assembly")
        .order_by("-held_on", "-id")[:MOST_OFFERED]
    )
    extra = _found(chosen)
    if extra is not None and extra.pk not in {meeting.pk for meeting in meetings}:
        meetings.insert(0, extra)
    return [("", "—"), *((str(meeting.pk), meeting_label(meeting)) for meeting in meetings)]


class MeetingChoiceField(forms.ChoiceField):
    """Validated by looking the meeting up, not only among the ones offered."""

    def valid_value(self, value) -> bool:
        return _found(value) is not None


def register_appeal_url(meeting: Meeting) -> str:
    return f"{reverse('appeals:appeal_create')}?meeting={meeting.pk}"


class AfterMeeting(IntakeExtension):
    name = "grants"

    def add_fields(self, form) -> list[str]:
        chosen = form.data.get(FIELD) if form.is_bound else form.initial.get(FIELD)
        form.fields[FIELD] = MeetingChoiceField(
            label=gettext_lazy("Came after a meeting with residents"),
            choices=choices(str(chosen or "")),
            required=False,
            help_text=gettext_lazy("Optional: only when they came because of a meeting in their assembly."),
        )
        return [FIELD]

    def initial(self, query) -> dict:
        meeting = _found(query.get("meeting"))
        if meeting is None:
            return {}
        return {FIELD: str(meeting.pk)}

    def initial_for(self, appeal) -> dict:
        link = MeetingAppeal.objects.filter(appeal=appeal).first()
        return {FIELD: str(link.meeting_id)} if link else {}

    def clean(self, form, data: dict):
        return _found(data.get(FIELD) or "")

    def save(self, *, actor, appeal, value) -> None:
        if value is None and not MeetingAppeal.objects.filter(appeal=appeal).exists():
            return
        meeting_appeal_set(actor=actor, appeal=appeal, meeting=value)

    def rows(self, *, user, appeal) -> list[tuple[str, str]]:
        link = MeetingAppeal.objects.filter(appeal=appeal).select_related("meeting__assembly").first()
        if link is None:
            return []
        return [(_("Came after a meeting with residents"), meeting_label(link.meeting))]
