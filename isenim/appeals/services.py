"""Every change to appeals: one transaction each, with its audit event (the narrative never in clear).

Intake registers and corrects; triage (docs/appeals.md) assigns an owner and records one outcome. A change
the rules refuse raises ``core.errors.Refusal`` with a message for the page.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals import urgency
from isenim.appeals.choices import Outcome, TriageState
from isenim.appeals.intake_extensions import save_extensions
from isenim.appeals.models import Appeal, AppealSettings
from isenim.appeals.rules import CAUSE_FACTS, SCREENING_QUESTIONS
from isenim.core.access import Perm, can
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.codes import next_code
from isenim.core.errors import Refusal
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
    "due_on",
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
    # What the form's extensions (intake_extensions.py) collected, by extension name; saved with the appeal.
    extensions: dict = field(default_factory=dict)

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
    if (person is not None) + (new_person is not None) + bool(anonymous) != 1:  # a caller's mistake, a bug
        raise ValueError("an appeal is from one existing person, one new person, or anonymous")
    if person is not None and person.merged_into_id:
        raise Refusal(_("This record was merged into another one: register the appeal there."))
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
    appeal.due_on = _due_on(appeal)
    appeal.save()
    record_event(actor=actor, action="appeal.create", target=appeal, after=_audit_values(appeal))
    save_extensions(actor=actor, appeal=appeal, values=data.extensions)
    return appeal


def _due_on(appeal: Appeal) -> date:
    days = AppealSettings.current().working_days_to_act
    return urgency.due_date(appeal.received_on, presumed_victim=appeal.presumed_victim, working_days=days)


@transaction.atomic
def appeal_update(*, actor, appeal: Appeal, data: AppealData) -> Appeal:
    """Correct what intake recorded; the cause and the screening result are computed again."""
    check_place(data.home_district_id, data.home_assembly_id)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    # ``narrative`` is compared in clear here, in memory, and masked by record_event before it is stored.
    before = snapshot(appeal, [*AUDITED_FIELDS, "narrative"])
    urgency_before = (appeal.received_on, appeal.presumed_victim)
    data.apply_to(appeal)
    if appeal.is_open and (appeal.received_on, appeal.presumed_victim) != urgency_before:
        appeal.due_on = _due_on(appeal)  # a corrected date or screening moves the due date (open appeals)
    appeal.save()
    record_change(actor=actor, action="appeal.update", target=appeal, before=before)
    save_extensions(actor=actor, appeal=appeal, values=data.extensions)
    return appeal


# Triage: an owner, then one outcome -------------------------------------------------------------------

# What the audit trail keeps of an outcome; the note is sealed ("sealed" in the trail, never its text).
OUTCOME_FIELDS = ["state", "outcome", "advice_kind", "referred_to"]


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


def _username(user) -> str:
    return user.username if user is not None else ""


def _refuse_if_closed(appeal: Appeal) -> None:
    if not appeal.is_open:
        raise Refusal(
            _("Appeal %(code)s already has its outcome: %(outcome)s.")
            % {"code": appeal.code, "outcome": appeal.get_outcome_display()}
        )


def _first_action(appeal: Appeal, now) -> None:
    if appeal.first_action_at is None:
        appeal.first_action_at = now


def check_assignee(user) -> None:
    """Only staff who work on cases (and so have "My work") take appeals."""
    if not can(user, Perm.HANDLE_APPEALS):
        raise Refusal(
            _("%(name)s cannot take appeals: their role does not work on cases.")
            % {"name": user.display_name()}
        )


@transaction.atomic
def appeal_assign(*, actor, appeal: Appeal, assignee) -> Appeal:
    """Give an open appeal its owner (or another one). The first assignment is the appeal's first action."""
    if not can(actor, Perm.ASSIGN_APPEALS):
        raise Refusal(_("Only the director or a case manager assigns appeals."))
    check_assignee(assignee)
    appeal = _locked(appeal)
    _refuse_if_closed(appeal)
    if appeal.assigned_to_id == assignee.pk:
        return appeal  # already theirs: nothing changes, nothing to record
    before = {"assigned_to": _username(appeal.assigned_to), "state": appeal.state}
    now = timezone.now()
    appeal.assigned_to, appeal.assigned_at, appeal.state = assignee, now, TriageState.ASSIGNED
    _first_action(appeal, now)
    appeal.save()
    after = {"assigned_to": assignee.username, "state": appeal.state, "due_on": str(appeal.due_on or "")}
    record_event(actor=actor, action="appeal.assign", target=appeal, before=before, after=after)
    return appeal


@transaction.atomic
def appeals_assign(*, actor, appeals: list[Appeal], assignee) -> list[Appeal]:
    """Several appeals to one owner at once (the list's checkboxes): all, or none if one is refused."""
    return [appeal_assign(actor=actor, appeal=appeal, assignee=assignee) for appeal in appeals]


@dataclass
class OutcomeData:
    """One outcome and what it needs: what advice (advice given), which organisation and why (referred),
    which appeal (duplicate), why (no action needed). ``note`` is sealed."""

    outcome: str
    advice_kind: str = ""
    referred_to: str = ""
    duplicate_of: Appeal | None = None
    note: str = ""


def _check_outcome(appeal: Appeal, data: OutcomeData) -> Appeal | None:
    """Refuse an outcome without what it needs; returns the original a duplicate points at."""
    if data.outcome == Outcome.CASE_OPENED:
        raise Refusal(_("Open the case from the appeal: its outcome is then recorded by itself."))
    if data.outcome not in Outcome.values:
        raise Refusal(_("Choose the outcome."))
    if data.outcome == Outcome.ADVICE_GIVEN and not data.advice_kind:
        raise Refusal(_("Say what information or advice was given."))
    if data.outcome == Outcome.REFERRED and not (data.referred_to.strip() and data.note.strip()):
        raise Refusal(_("Name the organisation and give the reason for the referral."))
    if data.outcome == Outcome.NO_ACTION and not data.note.strip():
        raise Refusal(_("Give the reason why no action is needed."))
    if data.outcome != Outcome.DUPLICATE:
        return None
    if data.duplicate_of is None:
        raise Refusal(_("Give the code of the appeal this one repeats."))
    original, seen = data.duplicate_of, set()
    while original.duplicate_of_id and original.pk not in seen:  # point at the first of the repeats
        seen.add(original.pk)
        original = original.duplicate_of
    if original.pk == appeal.pk:
        raise Refusal(_("An appeal cannot be a duplicate of itself."))
    return original


@transaction.atomic
def appeal_record_outcome(*, actor, appeal: Appeal, data: OutcomeData) -> Appeal:
    """Close an appeal with its one outcome. The owner records it; the director and case managers may
    record it on any appeal (and become its owner if it had none)."""
    appeal = _locked(appeal)
    _refuse_if_closed(appeal)
    if appeal.assigned_to_id != getattr(actor, "pk", None) and not can(actor, Perm.ASSIGN_APPEALS):
        raise Refusal(
            _(
                "Only the member of staff the appeal is assigned to, the director or a case manager "
                "records its outcome."
            )
        )
    original = _check_outcome(appeal, data)
    now = timezone.now()
    if appeal.assigned_to_id is None:
        appeal.assigned_to, appeal.assigned_at = actor, now
    _first_action(appeal, now)
    appeal.state, appeal.outcome, appeal.outcome_at, appeal.outcome_by = (
        TriageState.CLOSED,
        data.outcome,
        now,
        actor,
    )
    appeal.advice_kind = data.advice_kind if data.outcome == Outcome.ADVICE_GIVEN else ""
    appeal.referred_to = data.referred_to.strip() if data.outcome == Outcome.REFERRED else ""
    appeal.duplicate_of = original
    appeal.outcome_note = data.note
    appeal.save()
    after = {
        **snapshot(appeal, OUTCOME_FIELDS),
        "assigned_to": _username(appeal.assigned_to),
        "duplicate_of": original.code if original else "",
        "note": "sealed" if appeal.sealed_outcome_note else "",
    }
    record_event(actor=actor, action="appeal.outcome", target=appeal, after=after)
    return appeal


@transaction.atomic
def appeal_case_opened(*, actor, appeal: Appeal, case_number: str) -> Appeal:
    """The outcome of an appeal a case was opened from (called by the case app when it opens one)."""
    appeal = _locked(appeal)
    if appeal.outcome == Outcome.CASE_OPENED:  # a second case from the same appeal: noted, nothing changes
        record_event(actor=actor, action="appeal.case_opened", target=appeal, after={"case": case_number})
        return appeal
    if not appeal.is_open:
        raise Refusal(
            _("Appeal %(code)s was closed as “%(outcome)s”: register a new appeal to open a case.")
            % {"code": appeal.code, "outcome": appeal.get_outcome_display()}
        )
    now = timezone.now()
    if appeal.assigned_to_id is None:
        appeal.assigned_to, appeal.assigned_at = actor, now
    _first_action(appeal, now)
    appeal.state, appeal.outcome, appeal.outcome_at = TriageState.CLOSED, Outcome.CASE_OPENED, now
    appeal.outcome_by = actor if getattr(actor, "pk", None) else None
    appeal.save()
    after = {"state": appeal.state, "outcome": appeal.outcome, "case": case_number}
    record_event(actor=actor, action="appeal.case_opened", target=appeal, after=after)
    return appeal


@transaction.atomic
def appeal_pseudonymous_person(*, actor, appeal: Appeal, pseudonym: str = "") -> Appeal:
    """A registry record for the appellant of an anonymous appeal, under a pseudonym (or only its code):
    a case needs a person. Their identity is added later on the person's page, with the duplicate check
    then. The appeal stays counted as anonymous."""
    appeal = _locked(appeal)
    if not appeal.anonymous:
        raise Refusal(_("This appeal is from a person of the registry: the case is opened for them."))
    if appeal.person_id:
        return appeal  # the record was made already (an earlier case)
    identity = {"pseudonym": pseudonym.strip()} if pseudonym.strip() else {}
    person = person_create(
        actor=actor,
        data=PersonData(
            identity=identity,
            home_district_id=appeal.home_district_id,
            home_assembly_id=appeal.home_assembly_id,
        ),
    )
    appeal.person = person
    appeal.save()
    record_event(actor=actor, action="appeal.person_added", target=appeal, after={"person": person.code})
    return appeal


@transaction.atomic
def settings_update(*, actor, working_days_to_act: int) -> AppealSettings:
    """The director's number of working days; appeals registered from now on are due by it."""
    current = AppealSettings.objects.select_for_update().get(pk=AppealSettings.current().pk)
    before = snapshot(current, ["working_days_to_act"])
    current.working_days_to_act = working_days_to_act
    current.save()
    record_change(actor=actor, action="appeal_settings.update", target=current, before=before)
    return current
