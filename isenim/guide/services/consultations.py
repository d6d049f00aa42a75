"""Pre-departure consultations: what was offered, the checklist gone through, the topics given; each is
also a service delivered on the case (catalogue type ``pre-departure-consultation``), in one transaction."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, ServiceType
from isenim.cases.services import CaseRuleError
from isenim.cases.services.services_delivered import ServiceData, service_record
from isenim.core.audit import SEALED, record_event
from isenim.guide.models import CHECKLIST_FIELDS, Consultation, OfferSource

SERVICE_CODE = "pre-departure-consultation"
MAX_TEXT = 2000


def topic_values() -> list[str]:
    from isenim.guide.models import Topic

    return list(Topic.values)


def consultation_service_type() -> ServiceType:
    """The catalogue's pre-departure consultation; loads the shipped catalogue once if it is missing."""
    found = ServiceType.objects.filter(code=SERVICE_CODE).first()
    if found is None:
        from isenim.cases.services.catalogue import load_catalogue

        load_catalogue(actor=None)
        found = ServiceType.objects.filter(code=SERVICE_CODE).first()
    if found is None:
        raise CaseRuleError(_("The service catalogue has no pre-departure consultation."))
    return found


@dataclass
class ConsultationData:
    destination: object
    consulted_on: date
    consulted_by: object
    offer_source: str = OfferSource.NONE
    job_offered: str = ""
    offered_by: str = ""
    checklist: dict[str, bool] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    duration_minutes: int | None = None


def _check(case: Case, data: ConsultationData) -> Case:
    """The case, locked and open, when ``data`` is a valid consultation."""
    case = lock_open_case(case, _("The case is closed: reopen it to record a consultation."))
    if data.destination is None:
        raise CaseRuleError(_("Choose the destination country."))
    if data.consulted_on > timezone.localdate():
        raise CaseRuleError(_("The date cannot be in the future."))
    if data.offer_source not in OfferSource.values:
        raise CaseRuleError(_("Choose from the list who offered the job."))
    unknown = set(data.topics) - set(topic_values())
    if unknown:
        raise CaseRuleError(_("Choose the topics from the list."))
    if len(data.job_offered) > MAX_TEXT or len(data.offered_by) > MAX_TEXT:
        raise CaseRuleError(_("The text is too long."))
    if set(data.checklist) - set(CHECKLIST_FIELDS):
        raise CaseRuleError(_("Unknown item in the checklist."))
    return case


@transaction.atomic
def consultation_record(*, actor, case: Case, data: ConsultationData) -> Consultation:
    case = _check(case, data)
    service = service_record(
        actor=actor,
        case=case,
        data=ServiceData(
            service_type=consultation_service_type(),
            delivered_on=data.consulted_on,
            provider_user=data.consulted_by,
            duration_minutes=data.duration_minutes,
        ),
    )
    topics = [value for value in topic_values() if value in set(data.topics)]  # the list's order, once each
    consultation = Consultation(
        case=case,
        service=service,
        destination=data.destination,
        consulted_on=data.consulted_on,
        consulted_by=data.consulted_by,
        offer_source=data.offer_source,
        topics=topics,
        recorded_by=actor,
        **{name: bool(data.checklist.get(name)) for name in CHECKLIST_FIELDS},
    )
    consultation.job_offered = data.job_offered
    consultation.offered_by = data.offered_by
    consultation.save()
    record_event(
        actor=actor,
        action="consultation.record",
        target=consultation,
        after={
            "case": case.number,
            "destination": data.destination.iso2,
            "consulted_on": data.consulted_on.isoformat(),
            "consulted_by": data.consulted_by.username,
            "offer_source": data.offer_source,
            "job_offered": SEALED if data.job_offered.strip() else "",
            "offered_by": SEALED if data.offered_by.strip() else "",
            **{name: bool(data.checklist.get(name)) for name in CHECKLIST_FIELDS},
            "topics": topics,
        },
    )
    return consultation
