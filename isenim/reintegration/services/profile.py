"""The vocational profile of a case. Education level and speciality belong to the person: they are changed
through the people service (``person_update``), which audits them as a change of the person."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case
from isenim.core.audit import record_event
from isenim.people.models import EducationLevel, Person
from isenim.people.services import PERSON_FIELDS, PersonData, person_update
from isenim.reintegration.models import Trade, VocationalProfile
from isenim.reintegration.services import ReintegrationError

MAX_TEXT = 4000
MAX_SPECIALITY = 120
SEALED = ["skills", "work_history", "trade_wanted", "trade_reason"]


@dataclass
class ProfileData:
    education_level: str = ""
    education_speciality: str = ""
    skills: str = ""
    work_history: str = ""
    trade_wanted: str = ""
    trade: Trade | None = None
    trade_reason: str = ""


def _update_education(*, actor, person: Person, level: str, speciality: str) -> None:
    if level == person.education_level and speciality == person.education_speciality:
        return
    data = PersonData(identity=person.identity, **{name: getattr(person, name) for name in PERSON_FIELDS})
    data.education_level, data.education_speciality = level, speciality
    person_update(actor=actor, person=person, data=data)


@transaction.atomic
def profile_save(*, actor, case: Case, data: ProfileData) -> VocationalProfile:
    case = lock_open_case(case, _("The case is closed: reopen it to change the vocational profile."))
    if data.education_level and data.education_level not in EducationLevel.values:
        raise ReintegrationError(_("Choose the education level from the list."))
    speciality = (data.education_speciality or "").strip()
    if len(speciality) > MAX_SPECIALITY:
        raise ReintegrationError(_("The speciality is too long."))
    for name in SEALED:
        if len(getattr(data, name) or "") > MAX_TEXT:
            raise ReintegrationError(_("A text is too long (at most %(n)s characters).") % {"n": MAX_TEXT})
    if data.trade is not None and not data.trade.active:
        raise ReintegrationError(_("This trade is no longer in use."))
    if data.trade is not None and not (data.trade_reason or "").strip():
        raise ReintegrationError(_("Say why this trade was chosen."))
    person = Person.objects.select_for_update().get(pk=case.person_id)
    _update_education(actor=actor, person=person, level=data.education_level, speciality=speciality)
    profile = VocationalProfile.objects.select_for_update().filter(case=case).first()
    adding = profile is None
    if adding:
        profile = VocationalProfile(case=case, updated_by=actor)
    old_trade_id = None if adding else profile.trade_id
    changed = [name for name in SEALED if getattr(profile, name) != (getattr(data, name) or "").strip()]
    for name in SEALED:
        setattr(profile, name, getattr(data, name))
    profile.trade = data.trade
    profile.updated_by = actor
    profile.save()
    if adding or changed:
        record_event(
            actor=actor,
            action="vocational_profile.update",
            target=profile,
            after={"case": case.number, **dict.fromkeys(changed, "sealed")},
        )
    if profile.trade_id != old_trade_id:
        record_event(
            actor=actor,
            action="trade.choose",
            target=profile,
            before={"trade": Trade.objects.get(pk=old_trade_id).code} if old_trade_id else {},
            after={"case": case.number, "trade": data.trade.code if data.trade else ""},
        )
    return profile
