"""A case with something of every kind hanging on it, for the closed-case tests.

``casefile(staff, closed=...)`` opens a case whose team holds every caseworker of the ``staff`` fixture
and puts on it, through the services, one of each thing a later change could touch: a plan goal with an
action, a follow-up task, a referral waiting for an answer, a return, document applications (one being
prepared, one issued), a pre-departure consultation, tool kit requests at each step of the chain, a plan
approval waiting for the director. With ``closed=True`` the director then approves its closure, as in real
use, so the closed case is like the demo's.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from hashlib import sha256

from django.apps import apps
from django.utils import timezone

from isenim.cases.choices import ApprovalKind, ClosureReason, Domain
from isenim.cases.models import Approval, Case, Goal, Partner, Referral, ServiceType, Task
from isenim.cases.services.cases import approval_decide, approval_request
from isenim.cases.services.catalogue import load_catalogue
from isenim.cases.services.plan import action_add, goal_add
from isenim.cases.services.referrals import ReferralData, referral_receive
from isenim.cases.services.services_delivered import task_add_follow_up
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.geo.models import Country
from isenim.guide.models import Mission
from isenim.reintegration.models import AidRequest, FundingSource, Trade
from isenim.reintegration.services.catalogue import load_trades
from isenim.reintegration.tests.helpers import (
    SAMPLE_PDF,
    approved,
    funding,
    handed_over,
    purchased,
    requested,
)
from isenim.returns.models import DocumentApplication
from isenim.returns.services.documents import MoveData, application_add, application_move
from isenim.returns.services.returns import return_plan_save

__all__ = ["SAMPLE_PDF", "World", "casefile", "fingerprint", "reference"]

# What reading a page writes (the access log and the head of its hash chain): not a change of the case.
READING = frozenset({"core.AccessEvent", "core.ChainHead"})


@dataclass
class World:
    case: Case
    goal: Goal
    action: Task
    follow_up: Task
    referral: Referral
    preparing: DocumentApplication
    issued: DocumentApplication
    requested: AidRequest
    approved: AidRequest
    purchased: AidRequest
    handed_over: AidRequest
    plan_approval: Approval
    country: Country
    mission: Mission
    partner: Partner
    service_type: ServiceType
    trade: Trade
    source: FundingSource


def reference() -> dict:
    """The shared lists (catalogue, partners, trades, a country and its mission, a funding source)."""
    load_catalogue()
    load_trades()
    country, _ = Country.objects.get_or_create(
        iso2="KZ", defaults={"iso3": "KAZ", "name_kaa": "Қазақстан", "name_en": "Kazakhstan"}
    )
    mission = Mission.objects.filter(country=country).first() or Mission.objects.create(
        country=country, kind="embassy", name_kaa="Астана", name_en="Astana"
    )
    return {"country": country, "mission": mission}


def casefile(staff, *, closed: bool) -> World:
    ref = reference()
    manager, director = staff[Role.CASE_MANAGER], staff[Role.DIRECTOR]
    source = FundingSource.objects.order_by("pk").first() or funding(director, amount=500_000_000)
    today = timezone.localdate()
    case = sample_case(staff)
    goal = goal_add(actor=manager, case=case, domain=Domain.ECONOMIC, text="Турақлы жумыс")
    action = action_add(
        actor=manager, goal=goal, text="Жумыс орнында ҳалын сораў", assignee=manager, due_on=today
    )
    follow_up = task_add_follow_up(
        actor=manager, case=case, due_on=today + timedelta(days=3), assignee=manager, text="Қоңыраў етиў"
    )
    partner = Partner.objects.filter(active=True).order_by("pk").first()
    referral = referral_receive(
        actor=manager,
        case=case,
        data=ReferralData(partner=partner, reason="Жәрдем сорады", sent_on=today, handler=manager),
    )
    return_plan_save(
        actor=manager, case=case, from_country=ref["country"], planned_travel_on=None, status="planned"
    )
    lawyer = staff[Role.LAWYER]
    preparing = application_add(actor=lawyer, case=case, doc_type="passport", mission=ref["mission"])
    issued = application_add(
        actor=lawyer, case=case, doc_type="id_card", mission=ref["mission"], applied_on=today
    )
    issued = application_move(
        actor=lawyer, application=issued, data=MoveData(to_status="issued", on=today, number="AB1234567")
    )
    trades = list(Trade.objects.filter(active=True).order_by("code")[:4])
    chain = {
        "handed_over": handed_over(case, staff, source, trade=trades[0]),
        "requested": requested(case, staff, source, trade=trades[1]),
        "approved": approved(case, staff, source, trade=trades[2]),
        "purchased": purchased(case, staff, source, trade=trades[3]),
    }
    plan_approval = approval_request(actor=manager, case=case, kind=ApprovalKind.PLAN)
    if closed:
        closure = approval_request(
            actor=manager,
            case=case,
            kind=ApprovalKind.CLOSURE,
            closure_reason=ClosureReason.REINTEGRATED,
            summary="Жумысқа орналасты.",
        )
        approval_decide(actor=director, approval=closure, approve=True)
    case.refresh_from_db()
    assert case.is_closed == closed
    return World(
        case=case,
        goal=goal,
        action=action,
        follow_up=follow_up,
        referral=referral,
        preparing=preparing,
        issued=issued,
        plan_approval=plan_approval,
        country=ref["country"],
        mission=ref["mission"],
        partner=partner,
        service_type=ServiceType.objects.filter(active=True).order_by("pk").first(),
        trade=trades[0],
        source=source,
        **chain,
    )


def a_while_ago(days: int = 1) -> date:
    return timezone.localdate() - timedelta(days=days)


def fingerprint(*, ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every row of every Isenim table (the audit and access logs included), as one digest per model."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("isenim.") or label in ignore:
            continue
        rows = list(model.objects.order_by("pk").values_list())
        digests[label] = sha256(repr(rows).encode()).hexdigest()
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]
