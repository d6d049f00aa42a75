"""Return home: the planned travel and the steps of the return, with who did them and what they cost."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case
from isenim.cases.services import CaseRuleError
from isenim.core.audit import SEALED, record_change, record_event, snapshot
from isenim.returns.models import ReturnAssistance, ReturnStatus, ReturnStep, ReturnStepKind

ASSISTANCE_FIELDS = ["from_country_id", "planned_travel_on", "status"]


@transaction.atomic
def return_plan_save(
    *, actor, case: Case, from_country, planned_travel_on: date | None, status: str
) -> ReturnAssistance:
    """Create or change the case's return: where from, the planned travel date, the status."""
    case = lock_open_case(case, _("The case is closed: reopen it to change the return."))
    if status not in ReturnStatus.values:
        raise CaseRuleError(_("Choose a status from the list."))
    record = ReturnAssistance.objects.select_for_update().filter(case=case).first()
    created = record is None
    if created:
        record = ReturnAssistance(case=case, updated_by=actor)
    before = snapshot(record, ASSISTANCE_FIELDS) if not created else None
    record.from_country = from_country
    record.planned_travel_on = planned_travel_on
    record.status = status
    record.updated_by = actor
    record.save()
    if created:
        after = {"case": case.number, **snapshot(record, ASSISTANCE_FIELDS)}
        record_event(actor=actor, action="case.update", target=record, after=after)
    else:
        record_change(actor=actor, action="case.update", target=record, before=before)
    return record


@dataclass
class StepData:
    kind: str
    done_on: date
    done_by: object
    partner: object = None
    cost_uzs: Decimal | None = None
    note: str = ""


@transaction.atomic
def return_step_record(*, actor, case: Case, data: StepData) -> ReturnStep:
    case = lock_open_case(case, _("The case is closed: reopen it to record a return step."))
    if data.kind not in ReturnStepKind.values:
        raise CaseRuleError(_("Choose a step from the list."))
    if data.done_on > timezone.localdate():
        raise CaseRuleError(_("The date cannot be in the future."))
    if data.cost_uzs is not None and data.cost_uzs < 0:
        raise CaseRuleError(_("The cost cannot be negative."))
    if data.done_by is None or not data.done_by.is_active:
        raise CaseRuleError(_("Say which staff member did this step."))
    if data.partner is not None and not data.partner.active:
        raise CaseRuleError(_("This partner organisation is no longer in use: choose another."))
    step = ReturnStep(
        case=case,
        kind=data.kind,
        done_on=data.done_on,
        done_by=data.done_by,
        partner=data.partner,
        cost_uzs=data.cost_uzs,
        recorded_by=actor,
    )
    step.note = data.note
    step.save()
    record_event(
        actor=actor,
        action="return.step",
        target=step,
        after={
            "case": case.number,
            "kind": data.kind,
            "done_on": data.done_on.isoformat(),
            "done_by": data.done_by.username,
            "partner": data.partner.pk if data.partner else None,
            "cost_uzs": str(data.cost_uzs) if data.cost_uzs is not None else None,
            "note": SEALED if data.note.strip() else "",
        },
    )
    return step
