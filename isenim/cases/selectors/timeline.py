"""The case timeline: everything that happened on a case that the viewer may see, oldest first.

Each part of the case file is read from its own table (status changes, approvals, assessments, goals,
tasks, services, referrals, documents), notes only through ``selectors.notes.readable_notes`` (so a
lawyer never sees a psychologist's note, nor its date, author or existence), and the case's own events
(changes of priority, risk or manager; team changes) from the audit log. Audit rows of other objects are
never read here: their text could tell a reader that a note of another discipline exists.

The number of queries does not grow with the number of entries (a test holds it to a fixed bound).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.cases.choices import (
    ApprovalKind,
    ApprovalState,
    ClosureReason,
    Direction,
    Discipline,
    Domain,
    Priority,
    ReferralStatus,
    Risk,
    Status,
)
from isenim.cases.models import (
    Approval,
    Assessment,
    Case,
    CaseDocument,
    Goal,
    Referral,
    ServiceDelivery,
    StatusChange,
    Task,
)
from isenim.cases.sections import SECTIONS
from isenim.cases.selectors.notes import readable_notes
from isenim.cases.selectors.services_delivered import visible_outcome
from isenim.core.access import Perm, cases_for, readable_disciplines
from isenim.core.audit import action_label, record_access
from isenim.core.models import AuditEvent
from isenim.core.templatetags.ui import ui_script

# Case-level audit actions shown from the log. Actions covered by their own tables (status changes,
# approvals, closure) are not repeated; actions of other objects (notes…) are never read.
COVERED_ACTIONS = frozenset(
    {"case.open", "case.status", "case.reopen", "case.close", "case.approval_request", "case.approval_decide"}
)


class Kind:
    STATUS = "status"
    APPROVAL = "approval"
    CASE = "case"
    TEAM = "team"
    ASSESSMENT = "assessment"
    GOAL = "goal"
    TASK = "task"
    SERVICE = "service"
    REFERRAL = "referral"
    NOTE = "note"
    DOCUMENT = "document"


def kind_labels() -> dict[str, str]:
    return {
        Kind.STATUS: _("Status"),
        Kind.APPROVAL: _("Approval"),
        Kind.CASE: _("Case"),
        Kind.TEAM: _("Team"),
        Kind.ASSESSMENT: _("Needs assessment"),
        Kind.GOAL: _("Plan goal"),
        Kind.TASK: _("Task"),
        Kind.SERVICE: _("Service"),
        Kind.REFERRAL: _("Referral"),
        Kind.NOTE: _("Note"),
        Kind.DOCUMENT: _("Document"),
    }


# The case page's section a kind of entry links to, by the section keys the parts register (first found).
SECTION_KEYS = {
    Kind.ASSESSMENT: ("assessment", "assessments"),
    Kind.GOAL: ("plan",),
    Kind.TASK: ("plan", "tasks"),
    Kind.SERVICE: ("services",),
    Kind.REFERRAL: ("referrals",),
    Kind.NOTE: ("notes",),
    Kind.DOCUMENT: ("documents",),
    Kind.TEAM: ("team",),
    Kind.STATUS: ("workflow",),
    Kind.APPROVAL: ("workflow",),
}
PAGE_ANCHORS = frozenset({"team", "workflow"})  # parts of case_detail.html itself, not sections


@dataclass(frozen=True)
class Entry:
    when: datetime  # aware; for a dated record (a service, a referral) the start of that day
    timed: bool  # False: only the date is known
    kind: str
    who: str
    summary: str
    text: str = ""  # the readable free text (a note's body, a service's outcome), shown below the summary
    link: str = ""
    note_id: int | None = None  # a note's entry: which note was shown (recorded in the access log)

    @property
    def kind_label(self) -> str:
        return kind_labels().get(self.kind, self.kind)

    @property
    def day(self) -> date:
        return timezone.localdate(self.when) if timezone.is_aware(self.when) else self.when.date()


def _name(user) -> str:
    return ui_script(user.display_name()) if user is not None else ""


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _dated(day: date, recorded_at: datetime | None) -> tuple[datetime, bool]:
    """When a dated record happened: its recording time if it was recorded that day, else its date."""
    if recorded_at is not None and timezone.localdate(recorded_at) == day:
        return recorded_at, True
    return _day_start(day), False


def _short(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "—"


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class _Links:
    def __init__(self, case: Case):
        self.page = reverse("cases:case_detail", kwargs={"number": case.number})

    def __call__(self, kind: str) -> str:
        for key in SECTION_KEYS.get(kind, ()):
            if key in SECTIONS or key in PAGE_ANCHORS:
                return f"{self.page}#{key}"
        return ""


def case_timeline(user, number: str) -> tuple[Case, list[Entry]]:
    """The case (404 unless it is one of the user's) and its timeline, oldest first. Recorded as a view."""
    case = cases_for(user, Perm.VIEW_CASES).select_related("person").filter(number=number).first()
    if case is None:
        raise Http404
    entries = timeline_entries(user, case)
    note_ids = ",".join(str(entry.note_id) for entry in entries if entry.note_id)
    detail = f"timeline; notes: {note_ids}" if note_ids else "timeline"
    record_access(actor=user, kind="view", target=case, detail=detail)
    return case, entries


def timeline_entries(user, case: Case) -> list[Entry]:
    """Every entry of ``case`` that ``user`` may see (the case must already be one of theirs)."""
    link = _Links(case)
    entries: list[Entry] = []
    entries += _status_changes(case, link)
    entries += _approvals(case, link)
    entries += _case_events(case, link)
    entries += _assessments(case, link)
    entries += _goals_and_tasks(case, link)
    entries += _services(case, link, readable_disciplines(user, case))
    entries += _referrals(case, link)
    entries += _notes(user, case, link)
    entries += _documents(case, link)
    return sorted(entries, key=lambda entry: entry.when)


def _status_changes(case: Case, link) -> list[Entry]:
    entries = []
    for change in StatusChange.objects.filter(case=case).select_related("by").order_by("at", "id"):
        if change.from_status == Status.CLOSED:
            summary = _("Case reopened")  # by the director, with the reason (the entry's text)
        elif change.from_status:
            summary = _("Status changed: %(from)s → %(to)s") % {
                "from": _label(Status, change.from_status),
                "to": _label(Status, change.to_status),
            }
        else:
            summary = _("Case opened")
        entries.append(
            Entry(
                change.at,
                True,
                Kind.STATUS,
                _name(change.by),
                summary,
                text=change.reason if change.sealed_reason else "",
                link=link(Kind.STATUS),
            )
        )
    return entries


def _approvals(case: Case, link) -> list[Entry]:
    entries = []
    approvals = Approval.objects.filter(case=case).select_related("requested_by", "decided_by")
    for approval in approvals.order_by("requested_at", "id"):
        what = _label(ApprovalKind, approval.kind)
        summary = _("Approval requested: %(what)s") % {"what": what}
        if approval.kind == ApprovalKind.CLOSURE and approval.closure_reason:
            summary += f" · {_label(ClosureReason, approval.closure_reason)}"
        entries.append(
            Entry(
                approval.requested_at,
                True,
                Kind.APPROVAL,
                _name(approval.requested_by),
                summary,
                link=link(Kind.APPROVAL),
            )
        )
        if approval.decided_at and approval.state != ApprovalState.PENDING:
            summary = _("Approval decided: %(what)s — %(decision)s") % {
                "what": what,
                "decision": _label(ApprovalState, approval.state),
            }
            entries.append(
                Entry(
                    approval.decided_at,
                    True,
                    Kind.APPROVAL,
                    _name(approval.decided_by),
                    summary,
                    text=approval.comment,
                    link=link(Kind.APPROVAL),
                )
            )
    return entries


def _case_events(case: Case, link) -> list[Entry]:
    events = list(
        AuditEvent.objects.filter(
            target_type="cases.case", target_id=str(case.pk), action__startswith="case."
        )
        .exclude(action__in=COVERED_ACTIONS)
        .select_related("actor")
        .order_by("at", "id")
    )
    # Team members and managers are named in the rows by username or id: one query for all of them.
    usernames, user_ids = set(), set()
    for event in events:
        for values in (event.before, event.after):
            if isinstance(values.get("member"), str):
                usernames.add(values["member"])
            if isinstance(values.get("manager_id"), int):
                user_ids.add(values["manager_id"])
    users = {}
    if usernames or user_ids:
        found = get_user_model().objects.filter(Q(username__in=usernames) | Q(pk__in=user_ids))
        for person in found:
            users[person.username] = users[person.pk] = person
    entries = []
    for event in events:
        who = _name(event.actor)
        if event.action in ("case.team_add", "case.team_remove"):
            username = (event.after if event.action == "case.team_add" else event.before).get("member", "")
            member = users.get(username)
            name = _name(member) if member else username
            role = member.get_role_display() if member else ""
            summary = f"{action_label(event.action)}: {name}" + (f" · {role}" if role else "")
            entries.append(Entry(event.at, True, Kind.TEAM, who, summary, link=link(Kind.TEAM)))
        elif event.action == "case.update":
            changes = _case_changes(event, users)
            summary = action_label(event.action) + (f": {changes}" if changes else "")
            entries.append(Entry(event.at, True, Kind.CASE, who, summary))
        else:
            entries.append(Entry(event.at, True, Kind.CASE, who, action_label(event.action)))
    return entries


def _case_changes(event: AuditEvent, users: dict) -> str:
    labels = {"priority": (_("Priority"), Priority), "risk": (_("Risk level"), Risk)}
    parts = []
    for key in sorted(event.after):
        before, after = event.before.get(key), event.after.get(key)
        if key in labels:
            title, choices = labels[key]
            before, after = _label(choices, before), _label(choices, after)
        elif key == "manager_id":
            title = _("Case manager")
            before, after = (_name(users[v]) if v in users else "—" for v in (before, after))
        else:
            continue  # other fields move through their own entries (status, closure)
        parts.append(f"{title} {before or '—'} → {after or '—'}")
    return "; ".join(parts)


def _assessments(case: Case, link) -> list[Entry]:
    entries = []
    assessments = (
        Assessment.objects.filter(case=case)
        .select_related("assessed_by")
        .prefetch_related("scores")
        .order_by("assessed_on", "id")
    )
    for assessment in assessments:
        scores = sorted(assessment.scores.all(), key=lambda s: list(Domain.values).index(s.domain))
        scored = ", ".join(f"{_label(Domain, s.domain)} {s.score}" for s in scores)
        summary = _("Needs assessment: %(count)s domains scored") % {"count": len(scores)}
        when, timed = _dated(assessment.assessed_on, assessment.created_at)
        entries.append(
            Entry(
                when,
                timed,
                Kind.ASSESSMENT,
                _name(assessment.assessed_by),
                summary,
                text=scored,
                link=link(Kind.ASSESSMENT),
            )
        )
    return entries


def _goals_and_tasks(case: Case, link) -> list[Entry]:
    entries = []
    for goal in Goal.objects.filter(case=case).select_related("created_by").order_by("created_at", "id"):
        domain = _label(Domain, goal.domain)
        entries.append(
            Entry(
                goal.created_at,
                True,
                Kind.GOAL,
                _name(goal.created_by),
                _("Plan goal added: %(domain)s") % {"domain": domain},
                text=goal.text,
                link=link(Kind.GOAL),
            )
        )
        if goal.achieved_on:
            when, timed = _dated(goal.achieved_on, None)
            entries.append(
                Entry(
                    when,
                    timed,
                    Kind.GOAL,
                    "",
                    _("Plan goal achieved: %(domain)s") % {"domain": domain},
                    text=goal.text,
                    link=link(Kind.GOAL),
                )
            )
    tasks = Task.objects.filter(case=case).select_related("created_by", "assignee", "goal")
    for task in tasks.order_by("created_at", "id"):
        details = _("responsible: %(who)s, due %(due)s") % {
            "who": _name(task.assignee),
            "due": _short(task.due_on),
        }
        title = (
            _("Plan action added (%(domain)s)") % {"domain": _label(Domain, task.goal.domain)}
            if task.goal_id
            else _("%(kind)s added") % {"kind": task.get_kind_display()}
        )
        entries.append(
            Entry(
                task.created_at,
                True,
                Kind.TASK,
                _name(task.created_by),
                f"{title}: {details}",
                text=task.text,
                link=link(Kind.TASK),
            )
        )
        if task.done_on:
            when, timed = _dated(task.done_on, None)
            entries.append(
                Entry(
                    when,
                    timed,
                    Kind.TASK,
                    "",
                    _("Done: %(kind)s") % {"kind": task.get_kind_display()},
                    text=task.text,
                    link=link(Kind.TASK),
                )
            )
    return entries


def _services(case: Case, link, readable: frozenset[str]) -> list[Entry]:
    entries = []
    services = ServiceDelivery.objects.filter(case=case).select_related(
        "service_type", "provider_user", "provider_partner", "recorded_by"
    )
    for service in services.order_by("delivered_on", "id"):
        provider = (
            _name(service.provider_user) if service.provider_user_id else service.provider_partner.name()
        )
        summary = _("Service: %(service)s") % {"service": service.service_type.name()}
        if service.duration_minutes:
            summary += " · " + _("%(minutes)s min") % {"minutes": service.duration_minutes}
        when, timed = _dated(service.delivered_on, service.created_at)
        entries.append(
            Entry(
                when,
                timed,
                Kind.SERVICE,
                provider,
                summary,
                text=visible_outcome(service, readable),
                link=link(Kind.SERVICE),
            )
        )
    return entries


def _referrals(case: Case, link) -> list[Entry]:
    entries = []
    referrals = Referral.objects.filter(case=case).select_related("partner", "created_by")
    for referral in referrals.order_by("sent_on", "id"):
        partner = referral.partner.name()
        if referral.direction == Direction.INCOMING:
            summary = _("Referral received from %(partner)s") % {"partner": partner}
        else:
            summary = _("Referral sent to %(partner)s") % {"partner": partner}
        when, timed = _dated(referral.sent_on, referral.created_at)
        entries.append(
            Entry(
                when,
                timed,
                Kind.REFERRAL,
                _name(referral.created_by),
                summary,
                text=referral.reason,
                link=link(Kind.REFERRAL),
            )
        )
        answer = (
            ReferralStatus.REJECTED if referral.status == ReferralStatus.REJECTED else ReferralStatus.ACCEPTED
        )
        for day, status in (
            (referral.answered_on, answer),
            (referral.completed_on, ReferralStatus.COMPLETED),
        ):
            if day:
                when, timed = _dated(day, None)
                summary = _("Referral to %(partner)s: %(status)s") % {
                    "partner": partner,
                    "status": _label(ReferralStatus, status),
                }
                text = referral.feedback if status == referral.status else ""
                entries.append(
                    Entry(when, timed, Kind.REFERRAL, "", summary, text=text, link=link(Kind.REFERRAL))
                )
    return entries


def _notes(user, case: Case, link) -> list[Entry]:
    return [
        Entry(
            note.created_at,
            True,
            Kind.NOTE,
            _name(note.author),
            _label(Discipline, note.discipline),
            text=note.body,
            link=link(Kind.NOTE),
            note_id=note.pk,
        )
        for note in readable_notes(user, case)
    ]


def _documents(case: Case, link) -> list[Entry]:
    documents = (
        CaseDocument.objects.filter(case=case).select_related("uploaded_by").order_by("uploaded_at", "id")
    )
    return [
        Entry(
            document.uploaded_at,
            True,
            Kind.DOCUMENT,
            _name(document.uploaded_by),
            _("Document uploaded: %(title)s") % {"title": document.title},
            link=link(Kind.DOCUMENT),
        )
        for document in documents
    ]
