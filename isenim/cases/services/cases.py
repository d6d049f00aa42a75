"""Opening a case, its team, its status workflow, approvals and closure."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals.services import appeal_case_opened, appeal_pseudonymous_person
from isenim.cases.choices import TRANSITIONS, ApprovalKind, ApprovalState, Status
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Approval, Case, CaseMember, CaseworkSettings, StatusChange
from isenim.cases.services import CaseRuleError
from isenim.core.access import CASE_TEAM_ROLES, Perm, can, role_of
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.codes import next_code

CASE_FIELDS = ["priority", "risk", "manager_id", "status", "closure_reason", "closed_on", "opened_on"]


def _check_team_member(user) -> None:
    if role_of(user) not in CASE_TEAM_ROLES - {None}:
        raise CaseRuleError(
            _("%(name)s cannot join a case team: their role has no part in casework.")
            % {"name": user.display_name()}
        )


@dataclass
class CaseData:
    priority: str
    risk: str
    manager: object
    opened_on: date | None = None


@transaction.atomic
def case_open(*, actor, person, data: CaseData, appeal=None, team=()) -> Case:
    """A new case for ``person`` (from ``appeal`` if given); the manager and ``team`` join its team."""
    if person.merged_into_id:
        raise CaseRuleError(_("This record was merged into another one: open the case there."))
    if appeal is not None and appeal.person_id != person.pk:
        raise CaseRuleError(_("The appeal is not from this person."))
    _check_team_member(data.manager)
    case = Case.objects.create(
        number=next_code("CASE"),
        person=person,
        home_district_id=person.home_district_id,
        appeal=appeal,
        manager=data.manager,
        priority=data.priority,
        risk=data.risk,
        opened_on=data.opened_on or timezone.localdate(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    StatusChange.objects.create(case=case, from_status="", to_status=Status.OPEN, by=_staff(actor))
    members = {data.manager.pk: data.manager, **{user.pk: user for user in team}}
    for user in members.values():
        _check_team_member(user)
        CaseMember.objects.create(case=case, user=user, added_by=_staff(actor))
    record_event(
        actor=actor,
        action="case.open",
        target=case,
        after={
            **snapshot(case, CASE_FIELDS),
            "person": person.code,
            "appeal": appeal.code if appeal else "",
            "team": sorted(user.username for user in members.values()),
        },
    )
    if appeal is not None:  # the appeal's outcome: "case opened" (appeals refuses if it had another one)
        appeal_case_opened(actor=actor, appeal=appeal, case_number=case.number)
    return case


@transaction.atomic
def case_open_anonymous(*, actor, appeal, data: CaseData, pseudonym: str = "", team=()) -> Case:
    """A case for the appellant of an anonymous appeal: a registry record is made for them under a
    pseudonym (their identity is added later, with the duplicate check then), then the case is opened."""
    appeal = appeal_pseudonymous_person(actor=actor, appeal=appeal, pseudonym=pseudonym)
    return case_open(actor=actor, person=appeal.person, data=data, appeal=appeal, team=team)


def _staff(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def case_update(*, actor, case: Case, priority: str, risk: str, manager) -> Case:
    case = lock_open_case(case)
    _check_team_member(manager)
    before = snapshot(case, CASE_FIELDS)
    case.priority, case.risk, case.manager = priority, risk, manager
    case.save()
    CaseMember.objects.get_or_create(case=case, user=manager, defaults={"added_by": _staff(actor)})
    record_change(actor=actor, action="case.update", target=case, before=before)
    return case


@transaction.atomic
def team_add(*, actor, case: Case, user) -> CaseMember:
    case = lock_open_case(case)
    _check_team_member(user)
    member, created = CaseMember.objects.get_or_create(
        case=case, user=user, defaults={"added_by": _staff(actor)}
    )
    if created:
        record_event(actor=actor, action="case.team_add", target=case, after={"member": user.username})
    return member


@transaction.atomic
def team_remove(*, actor, case: Case, user) -> None:
    case = lock_open_case(case)
    if user.pk == case.manager_id:
        raise CaseRuleError(_("The case manager stays on the team: name another manager first."))
    deleted, _rows = CaseMember.objects.filter(case=case, user=user).delete()
    if deleted:
        record_event(actor=actor, action="case.team_remove", target=case, before={"member": user.username})


def _move(case: Case, to_status: str, actor) -> None:
    StatusChange.objects.create(case=case, from_status=case.status, to_status=to_status, by=_staff(actor))
    case.status = to_status


def allowed_moves(case: Case) -> list[str]:
    """The statuses a user can move the case to directly (closing goes through an approval, reopening is
    the director's ``case_reopen``)."""
    return [status for status in Status.values if status in TRANSITIONS[case.status]]


@transaction.atomic
def status_change(*, actor, case: Case, to_status: str) -> Case:
    """Move the case along its workflow; refuses, with the reason, any move the workflow does not allow."""
    case = lock_open_case(case)
    if to_status not in TRANSITIONS.get(case.status, ()):
        if to_status == Status.CLOSED:
            raise CaseRuleError(_("A case is closed through the director's approval: request closure."))
        raise CaseRuleError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Status(case.status).label,
                "to": Status(to_status).label if to_status in Status.values else to_status,
            }
        )
    if case.status == Status.PLAN and to_status == Status.IN_SERVICE and plan_approval_missing(case):
        raise CaseRuleError(_("The plan needs the director's approval before services start."))
    before = snapshot(case, CASE_FIELDS)
    _move(case, to_status, actor)
    case.save()
    record_change(actor=actor, action="case.status", target=case, before=before)
    return case


MAX_REASON_LENGTH = 4000


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str) -> Case:
    """The director reopens a closed case, saying why: the reason is kept (sealed) on the status change,
    the audit event says that one was given. The case starts again at "open"."""
    if not can(actor, Perm.APPROVE_CASES):
        raise CaseRuleError(_("Only the director reopens a closed case."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_closed:
        raise CaseRuleError(_("This case is not closed."))
    reason = (reason or "").strip()
    if not reason:
        raise CaseRuleError(_("Say why the case is reopened."))
    if len(reason) > MAX_REASON_LENGTH:
        raise CaseRuleError(_("The text is too long."))
    before = snapshot(case, CASE_FIELDS)
    change = StatusChange(case=case, from_status=case.status, to_status=Status.OPEN, by=_staff(actor))
    change.reason = reason
    change.save()
    case.status = Status.OPEN
    case.closed_on, case.closure_reason, case.outcome = None, "", ""
    case.save()
    after = snapshot(case, CASE_FIELDS)
    changed = [name for name in CASE_FIELDS if before[name] != after[name]]
    record_event(
        actor=actor,
        action="case.reopen",
        target=case,
        before={name: before[name] for name in changed},
        after={**{name: after[name] for name in changed}, "reason": "sealed"},
    )
    return case


def plan_approval_missing(case: Case) -> bool:
    if not CaseworkSettings.current().plan_needs_approval:
        return False
    latest = case.approvals.filter(kind=ApprovalKind.PLAN).first()
    return latest is None or latest.state != ApprovalState.APPROVED


@transaction.atomic
def approval_request(
    *, actor, case: Case, kind: str, closure_reason: str = "", summary: str = ""
) -> Approval:
    case = lock_open_case(case, _("The case is already closed."))
    if case.approvals.filter(kind=kind, state=ApprovalState.PENDING).exists():
        raise CaseRuleError(_("A request of this kind is already waiting for the director."))
    if kind == ApprovalKind.CLOSURE and not (closure_reason and summary.strip()):
        raise CaseRuleError(_("Give the closure reason and a summary of the outcome."))
    approval = Approval(case=case, kind=kind, requested_by=actor, closure_reason=closure_reason)
    approval.summary = summary
    approval.save()
    record_event(
        actor=actor,
        action="case.approval_request",
        target=case,
        after={"kind": kind, "closure_reason": closure_reason, "summary": "sealed" if summary else ""},
    )
    return approval


@transaction.atomic
def approval_decide(*, actor, approval: Approval, approve: bool, comment: str = "") -> Approval:
    """The director's decision. An approved closure closes the case with the reason and outcome asked."""
    case = lock_open_case(approval.case_id, _("The case is already closed."))
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.state != ApprovalState.PENDING:
        raise CaseRuleError(_("This request was already decided."))
    approval.state = ApprovalState.APPROVED if approve else ApprovalState.REJECTED
    approval.decided_by, approval.decided_at = actor, timezone.now()
    approval.comment = comment
    approval.save()
    record_event(
        actor=actor,
        action="case.approval_decide",
        target=case,
        after={"kind": approval.kind, "decision": approval.state, "comment": "sealed" if comment else ""},
    )
    if approve and approval.kind == ApprovalKind.CLOSURE:
        before = snapshot(case, CASE_FIELDS)
        case.closure_reason, case.closed_on = approval.closure_reason, timezone.localdate()
        case.outcome = approval.summary
        _move(case, Status.CLOSED, actor)
        case.save()
        record_change(actor=actor, action="case.close", target=case, before=before)
    return approval


@transaction.atomic
def settings_update(*, actor, plan_needs_approval: bool) -> CaseworkSettings:
    current = CaseworkSettings.current()
    before = snapshot(current, ["plan_needs_approval"])
    current.plan_needs_approval = plan_needs_approval
    current.save()
    record_change(actor=actor, action="casework_settings.update", target=current, before=before)
    return current
