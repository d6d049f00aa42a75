""" "My work": what a member of staff has to do, across the cases they may see.

Each list is one query with a fixed cap, so the page costs the same whether a user has 5 tasks or 5,000.
Tasks and referrals count only on cases the user still sees (a member who left a team stops seeing them).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from isenim.appeals.selectors import assigned_appeals
from isenim.cases.choices import Status
from isenim.cases.models import Approval, Case, CaseMember, Referral, Task
from isenim.cases.selectors.cases import visible_cases_filter
from isenim.core.access import Perm, can, cases_for, sees_every_case
from isenim.core.audit import record_access

# Each list shows at most this many rows, most urgent first; a full list says so (page cost, bench cases).
LIST_CAP = 25

# Lists other apps add to "My work" (certificates of return about to expire, tool kits to approve…):
# each is ``panel(user) -> dict | None`` giving {"title", "template", "items"}; registered from the app's
# ready(), so the case app does not depend on the apps built on it.
MY_WORK_PANELS: list[Callable] = []


def register_panel(panel: Callable) -> Callable:
    if panel not in MY_WORK_PANELS:
        MY_WORK_PANELS.append(panel)
    return panel


@dataclass
class MyWork:
    today: date
    cases: list[Case]
    overdue: list[Task]
    due_this_week: list[Task]
    follow_ups: list[Task]
    referrals: list[Referral]
    approvals: list[Approval]
    panels: list[dict]
    appeals: list = field(default_factory=list)  # open appeals assigned to the user, most urgent first


def _my_cases(user):
    """Active cases the user manages or is on the team of (even the director: "my" cases are their own).

    For everyone but the director, the cases they may see are exactly their team's (cases_for). Saying the
    team rule a second time made PostgreSQL expect a few hundred rows and sort thousands of cases instead
    of walking the active cases in order (33 → 5 ms at 300,000 cases, bench cases)."""
    cases = cases_for(user)
    if sees_every_case(user):
        cases = cases.filter(pk__in=CaseMember.objects.filter(user=user).values("case_id"))
    return (
        cases.exclude(status=Status.CLOSED).select_related("person").order_by("-opened_on", "-id")[:LIST_CAP]
    )


def open_tasks_of(user, *, on_closed_cases: bool = False):
    """The user's tasks not done yet, on the cases they see. A closed case's tasks wait for it to be
    reopened: they are left out, unless ``on_closed_cases`` (the "done" button finds a task of a case
    closed since the page was shown, so that the refusal says why)."""
    tasks = (
        Task.objects.filter(assignee=user, done_on=None)
        .filter(visible_cases_filter(user))
        .select_related("case", "goal")
    )
    return tasks if on_closed_cases else tasks.exclude(case__status=Status.CLOSED)


def my_work(user) -> MyWork:
    cases_for(user)  # the permission check, before any query
    # The page shows task texts of several cases: one access event for the page, none per case.
    record_access(actor=user, kind="view", target_type="cases.case", detail="my work")
    today = timezone.localdate()
    week_end = today + timedelta(days=7)
    tasks = open_tasks_of(user)
    referrals = (
        Referral.objects.waiting()
        .filter(handler=user)
        .filter(visible_cases_filter(user))
        .exclude(case__status=Status.CLOSED)  # nothing on a closed case waits on anyone
        .select_related("case", "partner")
        .order_by("sent_on", "id")[:LIST_CAP]
    )
    approvals = []
    if can(user, Perm.APPROVE_CASES):
        approvals = list(
            Approval.objects.filter(state="pending")
            .exclude(case__status=Status.CLOSED)
            .select_related("case", "requested_by")
            .order_by("requested_at")[:LIST_CAP]
        )
    return MyWork(
        today=today,
        cases=list(_my_cases(user)),
        overdue=list(tasks.filter(due_on__lt=today).order_by("due_on", "id")[:LIST_CAP]),
        due_this_week=list(
            tasks.exclude(kind="follow_up")
            .filter(due_on__gte=today, due_on__lte=week_end)
            .order_by("due_on")[:LIST_CAP]
        ),
        follow_ups=list(
            tasks.filter(kind="follow_up", due_on__gte=today, due_on__lte=week_end).order_by("due_on")[
                :LIST_CAP
            ]
        ),
        referrals=list(referrals),
        approvals=approvals,
        panels=[panel for panel in (make(user) for make in MY_WORK_PANELS) if panel and panel["items"]],
        appeals=assigned_appeals(user) if can(user, Perm.HANDLE_APPEALS) else [],
    )
