"""Recording a service given to the person of a case, with an optional follow-up task."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.choices import RESULT_REACHED, ServiceResult, TaskKind, results_offered
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, CaseMember, ServiceDelivery, Task
from isenim.cases.services import CaseRuleError
from isenim.core.audit import SEALED, record_event, snapshot


@dataclass
class ServiceData:
    service_type: object
    delivered_on: date
    provider_user: object = None
    provider_partner: object = None
    duration_minutes: int | None = None
    cost_uzs: Decimal | None = None
    outcome: str = ""
    result: str = ""
    result_on: date | None = None


def _check_result(service_type, delivered_on: date, result: str, result_on: date | None) -> date | None:
    """The day the result was reached (a result reached with no day: ``delivered_on``), when ``result`` is
    one the service type offers; else a refusal. "Not yet" and "not achieved" keep a day only if given."""
    if not result:
        if result_on is not None:
            raise CaseRuleError(_("Choose the result reached on that day, or leave the day empty."))
        return None
    offered = results_offered(service_type.result_kind)
    if result not in offered:
        label = ServiceResult(result).label if result in ServiceResult.values else result
        if not offered:
            raise CaseRuleError(
                _("The service “%(service)s” records no coded result: leave the result empty.")
                % {"service": service_type.name()}
            )
        raise CaseRuleError(
            _("“%(result)s” is not a result of the service “%(service)s”: choose one of %(offered)s.")
            % {
                "result": label,
                "service": service_type.name(),
                "offered": ", ".join(f"“{ServiceResult(value).label}”" for value in offered),
            }
        )
    if result_on is not None:
        if result_on < delivered_on:
            raise CaseRuleError(_("The result cannot be reached before the service was given."))
        if result_on > timezone.localdate():
            raise CaseRuleError(_("The day of the result cannot be in the future."))
    if result_on is None and result in RESULT_REACHED.values():
        return delivered_on
    return result_on


def _check(case: Case, data: ServiceData) -> Case:
    """The case, locked and open, when ``data`` is a valid service."""
    case = lock_open_case(case, _("The case is closed: reopen it to record a service."))
    if not data.service_type.active:
        raise CaseRuleError(_("This service type is no longer in use: choose another."))
    if (data.provider_user is None) == (data.provider_partner is None):
        raise CaseRuleError(
            _("Say who gave the service: either a staff member or a partner organisation, not both.")
        )
    if data.provider_partner is not None and not data.provider_partner.active:
        raise CaseRuleError(_("This partner organisation is no longer in use: choose another."))
    if data.delivered_on > timezone.localdate():
        raise CaseRuleError(_("The date cannot be in the future."))
    if data.cost_uzs is not None and data.cost_uzs < 0:
        raise CaseRuleError(_("The cost cannot be negative."))
    if data.duration_minutes is not None and data.duration_minutes <= 0:
        raise CaseRuleError(_("The duration must be at least one minute."))
    data.result_on = _check_result(data.service_type, data.delivered_on, data.result, data.result_on)
    return case


def follow_up_text(service_type) -> str:
    return _("Follow up on the service: %(service)s") % {"service": service_type.name()}


@transaction.atomic
def service_record(
    *,
    actor,
    case: Case,
    data: ServiceData,
    follow_up_on: date | None = None,
    follow_up_assignee=None,
) -> ServiceDelivery:
    """Record one service; with ``follow_up_on`` also a follow-up task for ``follow_up_assignee`` (a team
    member; the recording user by default), in the same transaction."""
    case = _check(case, data)
    delivery = ServiceDelivery(
        case=case,
        service_type=data.service_type,
        delivered_on=data.delivered_on,
        provider_user=data.provider_user,
        provider_partner=data.provider_partner,
        duration_minutes=data.duration_minutes,
        cost_uzs=data.cost_uzs,
        result=data.result,
        result_on=data.result_on,
        recorded_by=actor,
    )
    delivery.outcome = data.outcome
    delivery.save()
    record_event(
        actor=actor,
        action="service.record",
        target=delivery,
        after={
            "case": case.number,
            "service_type": data.service_type.code,
            "delivered_on": data.delivered_on.isoformat(),
            "provider_user": data.provider_user.username if data.provider_user else "",
            "provider_partner": data.provider_partner.pk if data.provider_partner else None,
            "duration_minutes": data.duration_minutes,
            "cost_uzs": str(data.cost_uzs) if data.cost_uzs is not None else None,
            "outcome": SEALED if data.outcome.strip() else "",
            "result": data.result,
            "result_on": data.result_on.isoformat() if data.result_on else None,
        },
    )
    if follow_up_on is not None:
        task_add_follow_up(
            actor=actor,
            case=case,
            due_on=follow_up_on,
            assignee=follow_up_assignee or actor,
            text=follow_up_text(data.service_type),
            not_before=data.delivered_on,
        )
    return delivery


@transaction.atomic
def service_result_set(
    *, actor, delivery: ServiceDelivery, result: str, result_on: date | None = None
) -> ServiceDelivery:
    """Record (or correct) the coded result of a service already delivered: a job is often found weeks
    after the help. Audited ``service.result`` with the result before and after."""
    case = lock_open_case(delivery.case_id, _("The case is closed: reopen it to record a result."))
    record = ServiceDelivery.objects.select_for_update().select_related("service_type").get(pk=delivery.pk)
    result_on = _check_result(record.service_type, record.delivered_on, result, result_on)
    before = snapshot(record, RESULT_FIELDS)
    record.result, record.result_on = result, result_on
    after = snapshot(record, RESULT_FIELDS)
    if after != before:
        record.save(update_fields=RESULT_FIELDS)
        record_event(
            actor=actor,
            action="service.result",
            target=record,
            before={"case": case.number, **before},
            after={"case": case.number, **after},
        )
    return record


RESULT_FIELDS = ["result", "result_on"]


@transaction.atomic
def task_add_follow_up(
    *, actor, case: Case, due_on: date, assignee, text: str, not_before: date | None = None
) -> Task:
    case = lock_open_case(case)
    if not_before is not None and due_on < not_before:
        raise CaseRuleError(_("The follow-up cannot be before the service."))
    if not (assignee.is_active and CaseMember.objects.filter(case=case, user=assignee).exists()):
        raise CaseRuleError(
            _("%(name)s is not on the case's team: choose a team member for the follow-up.")
            % {"name": assignee.display_name()}
        )
    task = Task(case=case, kind=TaskKind.FOLLOW_UP, assignee=assignee, due_on=due_on, created_by=actor)
    task.text = text
    task.save()
    record_event(
        actor=actor,
        action="task.add",
        target=task,
        after={
            "case": case.number,
            "kind": TaskKind.FOLLOW_UP.value,
            "assignee": assignee.username,
            "due_on": due_on.isoformat(),
            "text": SEALED,
        },
    )
    return task
