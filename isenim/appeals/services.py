"""Every change to appeals: one transaction each, with its audit event (the narrative never in clear)."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from isenim.appeals.models import Appeal
from isenim.appeals.rules import CAUSE_FACTS, SCREENING_QUESTIONS
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.codes import next_code
from isenim.geo.places import check_place
from isenim.people.models import Person
from isenim.people.services import PersonData, person_create

ANSWER_FIELDS = [*CAUSE_FACTS, *SCREENING_QUESTIONS]
# What the audit trail keeps of an appeal; ``narrative`` is always masked by core.audit.
AUDITED_FIELDS = [
    "received_on",
    "channel",
    "category",
    "destination_id",
    "home_district_id",
    "home_assembly_id",
    "heard_about",
    "heard_about_note",
    *ANSWER_FIELDS,
    "cause",
    "presumed_victim",
]


@dataclass
class AppealData:
    """What intake records about an appeal, apart from who it is from."""

    received_on: date
    channel: str
    category: str
    destination_id: int | None = None
    home_district_id: int | None = None
    home_assembly_id: int | None = None
    heard_about: str = ""
    heard_about_note: str = ""
    narrative: str = ""
    answers: dict[str, bool] = field(default_factory=dict)  # cause facts and screening answers

    def apply_to(self, appeal: Appeal) -> None:
        for name in (
            "received_on",
            "channel",
            "category",
            "destination_id",
            "home_district_id",
            "home_assembly_id",
            "heard_about",
            "heard_about_note",
        ):
            setattr(appeal, name, getattr(self, name))
        if self.narrative.strip() != appeal.narrative:
            appeal.narrative = self.narrative  # re-sealed only when it changed
        for name in ANSWER_FIELDS:
            setattr(appeal, name, bool(self.answers.get(name)))
        appeal.classify()


def _audit_values(appeal: Appeal) -> dict:
    return {
        **snapshot(appeal, AUDITED_FIELDS),
        "person": appeal.person.code if appeal.person_id else "",
        "anonymous": appeal.anonymous,
        "narrative": "sealed" if appeal.sealed_narrative else "",
    }


@transaction.atomic
def appeal_register(
    *,
    actor,
    data: AppealData,
    person: Person | None = None,
    new_person: PersonData | None = None,
    anonymous: bool = False,
) -> Appeal:
    """Register an appeal from an existing person, a new person (created here, in the same
    transaction) or anonymously: exactly one of the three."""
    if (person is not None) + (new_person is not None) + bool(anonymous) != 1:
        raise ValueError("an appeal is from one existing person, one new person, or anonymous")
    if person is not None and person.merged_into_id:
        raise ValueError("this person was merged into another record")
    check_place(data.home_district_id, data.home_assembly_id)
    if new_person is not None:
        person = person_create(actor=actor, data=new_person)
    appeal = Appeal(
        code=next_code("APL"),
        person=person,
        anonymous=anonymous,
        registered_by=actor if getattr(actor, "pk", None) else None,
    )
    data.apply_to(appeal)
    appeal.save()
    record_event(actor=actor, action="appeal.create", target=appeal, after=_audit_values(appeal))
    return appeal


@transaction.atomic
def appeal_update(*, actor, appeal: Appeal, data: AppealData) -> Appeal:
    """Correct what intake recorded; the cause and the screening result are computed again."""
    check_place(data.home_district_id, data.home_assembly_id)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    # ``narrative`` is compared in clear here, in memory, and masked by record_event before it is stored.
    before = snapshot(appeal, [*AUDITED_FIELDS, "narrative"])
    data.apply_to(appeal)
    appeal.save()
    record_change(actor=actor, action="appeal.update", target=appeal, before=before)
    return appeal
