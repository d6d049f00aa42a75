"""Demo cases for a developer's machine (``isenim seed-demo``), opened from the demo appeals.

Six cases with teams of the demo accounts (casemanager, psychologist, lawyer, director) at different
points of the workflow, with plan actions overdue and due this week, follow-ups, referrals waiting for a
handler and a closure waiting for the director: so that "My work" and the case list show something for
every casework role. The closed case keeps a plan action, a follow-up, a note and a referral, so that "a
closed case accepts no change" can be tried on each of them. Everything goes through the services (audit
rows as in real use). Every text here is invented. Runs once: nothing is added when a demo person already
has a case.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.appeals.demo import DEMO_MARK
from isenim.appeals.models import Appeal
from isenim.cases.choices import ApprovalKind, ClosureReason, Domain, PartnerKind, Status
from isenim.cases.models import Case, Partner
from isenim.cases.services.cases import (
    CaseData,
    approval_decide,
    approval_request,
    case_open,
    status_change,
)
from isenim.cases.services.notes import note_add
from isenim.cases.services.plan import action_add, goal_add
from isenim.cases.services.referrals import ReferralData, referral_receive, referral_send
from isenim.cases.services.services_delivered import task_add_follow_up

WORKFLOW = [Status.OPEN, Status.ASSESSMENT, Status.PLAN, Status.IN_SERVICE, Status.FOLLOW_UP]


@dataclass
class DemoCase:
    manager: str
    team: tuple[str, ...]
    status: str
    priority: str
    risk: str
    days_open: int
    # (domain, goal text, action text, assignee, due in days: negative = overdue)
    goals: tuple[tuple[str, str, str, str, int], ...] = ()
    follow_ups: tuple[tuple[str, int, str], ...] = ()  # (assignee, due in days, text)
    referrals: tuple[tuple[str, str, str, int], ...] = ()  # (direction, partner kind, handler, days ago)
    notes: tuple[tuple[str, str, str], ...] = ()  # (author, discipline, text)
    closure: str = ""  # "requested" (waiting for the director) or "closed"


DEMO_CASES = [
    DemoCase(
        "casemanager",
        ("psychologist", "lawyer"),
        Status.IN_SERVICE,
        "high",
        "high",
        45,
        goals=(
            (Domain.SAFETY, "Қәўипсиз турақ жай", "Уақытша баспана менен келисиў", "casemanager", -4),
            (Domain.PSYCHOLOGICAL, "Қорқыныш азайыўы", "Жеке консультация", "psychologist", 3),
            (Domain.LEGAL, "Жумыс ҳақысын қайтарыў", "Претензия хатын таярлаў", "lawyer", -2),
        ),
        follow_ups=(("casemanager", 2, "Шаңарағы менен телефон арқалы байланысыў"),),
        referrals=(
            ("incoming", PartnerKind.INTERNATIONAL, "casemanager", 6),
            ("outgoing", PartnerKind.STATE_REHABILITATION, "lawyer", 3),
        ),
    ),
    DemoCase(
        "casemanager",
        ("psychologist",),
        Status.ASSESSMENT,
        "normal",
        "medium",
        12,
        goals=((Domain.DOCUMENTS, "Паспортты тиклеў", "ИИБ ге арза жазыўға жәрдем", "casemanager", 5),),
        follow_ups=(("psychologist", 1, "Биринши консультациядан кейин ҳалын сораў"),),
    ),
    DemoCase(
        "casemanager",
        ("lawyer",),
        Status.PLAN,
        "urgent",
        "high",
        20,
        goals=((Domain.LEGAL, "Депортация қарарын үйрениў", "Қарардың нусқасын алыў", "lawyer", 4),),
        referrals=(("outgoing", PartnerKind.LABOUR_MIGRATION, "lawyer", 2),),
    ),
    DemoCase(
        "director",
        ("casemanager",),
        Status.OPEN,
        "high",
        "medium",
        6,
        goals=((Domain.FAMILY, "Шаңарақ пенен байланыс", "Ата-анасы менен ушырасыў", "director", -1),),
    ),
    DemoCase(
        "casemanager",
        ("psychologist", "lawyer"),
        Status.FOLLOW_UP,
        "normal",
        "low",
        160,
        follow_ups=(("casemanager", 6, "Жумысқа орналасқаннан кейин ҳалын сораў"),),
        closure="requested",
    ),
    DemoCase(
        "casemanager",
        ("psychologist",),
        Status.FOLLOW_UP,
        "low",
        "low",
        300,
        goals=((Domain.ECONOMIC, "Турақлы жумыс", "Жумыс орнында ҳалын сораў", "casemanager", 10),),
        follow_ups=(("psychologist", 3, "Жабылғаннан кейин телефон арқалы сәлемлесиў"),),
        referrals=(("outgoing", PartnerKind.LABOUR_MIGRATION, "casemanager", 30),),
        notes=(("casemanager", "shared", "Жумысқа орналасты; шаңарағы қоллап-қуўатлайды."),),
        closure="closed",
    ),
]


def _partner(kind: str):
    return Partner.objects.filter(kind=kind, active=True).order_by("pk").first() or (
        Partner.objects.filter(active=True).order_by("pk").first()
    )


@transaction.atomic
def ensure_demo_cases() -> int:
    """Open the demo cases unless a demo person already has one; returns how many were opened."""
    if Case.objects.filter(person__external_id__startswith=DEMO_MARK).exists():
        return 0
    users = {user.username: user for user in get_user_model().objects.filter(is_active=True)}
    needed = {"director", "casemanager", "psychologist", "lawyer"}
    if not needed <= users.keys():
        return 0  # the demo accounts come first (accounts.demo.ensure_demo_staff)
    appeals = list(
        Appeal.objects.filter(person__external_id__startswith=DEMO_MARK)
        .select_related("person")
        .order_by("-presumed_victim", "received_on", "pk")
    )
    chosen, seen = [], set()
    for appeal in appeals:
        if appeal.person_id not in seen:
            seen.add(appeal.person_id)
            chosen.append(appeal)
    today = timezone.localdate()
    opened = 0
    for spec, appeal in zip(DEMO_CASES, chosen, strict=False):
        _open(spec, appeal, users, today)
        opened += 1
    return opened


def _open(spec: DemoCase, appeal, users: dict, today) -> Case:
    manager = users[spec.manager]
    opened_on = max(appeal.received_on, today - timedelta(days=spec.days_open))
    case = case_open(
        actor=manager,
        person=appeal.person,
        appeal=appeal,
        data=CaseData(priority=spec.priority, risk=spec.risk, manager=manager, opened_on=opened_on),
        team=[users[name] for name in spec.team],
    )
    for status in WORKFLOW[1 : WORKFLOW.index(spec.status) + 1]:
        case = status_change(actor=manager, case=case, to_status=status)
    for domain, goal_text, action_text, assignee, due_in in spec.goals:
        goal = goal_add(actor=manager, case=case, domain=domain, text=goal_text)
        due = max(opened_on, today + timedelta(days=due_in))
        action_add(actor=manager, goal=goal, text=action_text, assignee=users[assignee], due_on=due)
    for assignee, due_in, text in spec.follow_ups:
        due = today + timedelta(days=due_in)
        task_add_follow_up(actor=manager, case=case, due_on=due, assignee=users[assignee], text=text)
    for direction, kind, handler, days_ago in spec.referrals:
        partner = _partner(kind)
        if partner is None:
            continue  # no partner list loaded (isenim load-catalogue)
        data = ReferralData(
            partner=partner,
            reason="Жәрдем сорап мүрәжат етти" if direction == "incoming" else "Қосымша жәрдем ушын",
            sent_on=max(opened_on, today - timedelta(days=days_ago)),
            handler=users[handler],
            shares_personal_data=False,
        )
        send = referral_receive if direction == "incoming" else referral_send
        send(actor=manager, case=case, data=data)
    for author, discipline, text in spec.notes:
        note_add(actor=users[author], case=case, discipline=discipline, body=text)
    if spec.closure:
        approval = approval_request(
            actor=manager,
            case=case,
            kind=ApprovalKind.CLOSURE,
            closure_reason=ClosureReason.REINTEGRATED,
            summary="Жумысқа орналасты, шаңарағы менен жасайды.",
        )
        if spec.closure == "closed":
            approval_decide(actor=users["director"], approval=approval, approve=True)
    return case
