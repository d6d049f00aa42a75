"""Referrals: sending the person to a partner organisation (with the consent check), recording one
received from a partner, and moving a referral along its workflow (choices.REFERRAL_TRANSITIONS)."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.choices import REFERRAL_TRANSITIONS, Direction, ReferralStatus
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, CaseMember, Partner, Referral
from isenim.cases.services import CaseRuleError
from isenim.core.audit import SEALED, record_event, snapshot
from isenim.core.translit import kaa_to_latin, uz_to_cyrillic
from isenim.geo.models import NAME_LANGUAGES
from isenim.people.models import Consent

STATUS_FIELDS = ["status", "answered_on", "completed_on"]


class ConsentMissing(CaseRuleError):
    """An outgoing referral would share personal data without the person's consent for that partner.
    ``consent_url`` is where that consent is recorded (the person's page)."""

    def __init__(self, message: str, *, partner: Partner, person_code: str):
        super().__init__(message)
        self.partner = partner
        self.person_code = person_code
        self.consent_url = reverse("people:consent_add", kwargs={"code": person_code})
        self.person_url = reverse("people:person_detail", kwargs={"code": person_code})


@dataclass
class ReferralData:
    partner: Partner
    reason: str
    sent_on: date
    handler: object
    shares_personal_data: bool = True


_PUNCTUATION = re.compile(r"[\"'«»“”„‘’`.,;:()\[\]]+")
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    # Karakalpak Latin's dotless ı has no capital of its own (I): fold both to i.
    folded = _SPACES.sub(" ", _PUNCTUATION.sub(" ", text or "")).strip().casefold()
    return folded.replace("ı", "i")


def partner_names(partner: Partner) -> set[str]:
    """Every way the partner is written in the list (each language, and each script of Karakalpak and
    Uzbek), normalised: a consent names its partner in free text, in whichever language staff wrote."""
    names = {getattr(partner, f"name_{lang}") for lang in NAME_LANGUAGES}
    names |= {kaa_to_latin(partner.name_kaa), uz_to_cyrillic(partner.name_uz)}
    return {_normal(name) for name in names if name and name.strip()}


def sharing_consent(person, partner: Partner, on: date) -> Consent | None:
    """The person's consent, given by ``on`` and not withdrawn, to share data with ``partner``."""
    names = partner_names(partner)
    consents = Consent.objects.filter(
        person=person, purpose=Consent.Purpose.SHARING, withdrawn_on__isnull=True, given_on__lte=on
    ).order_by("-given_on", "-id")
    return next((consent for consent in consents if _normal(consent.partner) in names), None)


def _check_new(case: Case, data: ReferralData) -> Case:
    """The case, locked and open, when ``data`` makes a valid new referral."""
    case = lock_open_case(case, _("The case is closed: reopen it to record a referral."))
    if not data.partner.active:
        raise CaseRuleError(_("This partner organisation is no longer in use: choose another."))
    if data.sent_on > timezone.localdate():
        raise CaseRuleError(_("The date cannot be in the future."))
    if not data.reason.strip():
        raise CaseRuleError(_("Give the reason for the referral."))
    handler = data.handler
    if handler is None or not (
        handler.is_active and CaseMember.objects.filter(case=case, user=handler).exists()
    ):
        raise CaseRuleError(_("The referral is handled by a member of the case's team: choose one."))
    return case


def _after(referral: Referral) -> dict:
    return {
        "case": referral.case.number,
        "direction": referral.direction,
        "partner": referral.partner_id,
        "shares_personal_data": referral.shares_personal_data,
        "consent": referral.consent_id,
        "sent_on": referral.sent_on.isoformat(),
        "handler": referral.handler.username if referral.handler else "",
        "status": referral.status,
        "reason": SEALED,
    }


@transaction.atomic
def referral_send(*, actor, case: Case, data: ReferralData) -> Referral:
    """Send the person to a partner. Sharing personal data needs the person's active consent to share
    with that partner, given by the day the referral is sent; the consent used is kept on the referral."""
    case = _check_new(case, data)
    consent = None
    if data.shares_personal_data:
        consent = sharing_consent(case.person, data.partner, data.sent_on)
        if consent is None:
            raise ConsentMissing(
                _(
                    "This referral shares personal data, but %(person)s has no consent on record to share "
                    "data with “%(partner)s” (given by %(date)s and not withdrawn). Record the consent "
                    "“Sharing data with a named partner” on the person's page, naming the partner as "
                    "“%(partner)s”, or send the referral without personal data."
                )
                % {
                    "person": case.person.code,
                    "partner": data.partner.name(),
                    "date": data.sent_on.strftime("%d.%m.%Y"),
                },
                partner=data.partner,
                person_code=case.person.code,
            )
    referral = Referral(
        case=case,
        direction=Direction.OUTGOING,
        partner=data.partner,
        shares_personal_data=data.shares_personal_data,
        consent=consent,
        status=ReferralStatus.SENT,
        sent_on=data.sent_on,
        handler=data.handler,
        created_by=actor,
    )
    referral.reason = data.reason
    referral.save()
    record_event(actor=actor, action="referral.send", target=referral, after=_after(referral))
    return referral


@transaction.atomic
def referral_receive(*, actor, case: Case, data: ReferralData) -> Referral:
    """Record a referral a partner sent to us; the handler answers it (accept or reject)."""
    case = _check_new(case, data)
    referral = Referral(
        case=case,
        direction=Direction.INCOMING,
        partner=data.partner,
        # What the partner shared with us is not ours to consent to; nothing of ours goes out.
        shares_personal_data=False,
        status=ReferralStatus.SENT,
        sent_on=data.sent_on,
        handler=data.handler,
        created_by=actor,
    )
    referral.reason = data.reason
    referral.save()
    record_event(actor=actor, action="referral.receive", target=referral, after=_after(referral))
    return referral


def _label(status: str) -> str:
    return str(ReferralStatus(status).label) if status in ReferralStatus.values else status


@transaction.atomic
def referral_status(
    *, actor, referral: Referral, to_status: str, on: date, feedback: str | None = None
) -> Referral:
    """Move a referral: sent → accepted or rejected (the answer, ``answered_on``), accepted → completed
    (``completed_on``). ``feedback`` (sealed), when given, replaces the recorded feedback."""
    lock_open_case(referral.case_id)
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    if to_status not in REFERRAL_TRANSITIONS.get(referral.status, ()):
        allowed = REFERRAL_TRANSITIONS.get(referral.status, frozenset())
        if allowed:
            raise CaseRuleError(
                _(
                    "A referral cannot go from “%(from)s” to “%(to)s”; "
                    "from “%(from)s” it can go to: %(allowed)s."
                )
                % {
                    "from": _label(referral.status),
                    "to": _label(to_status),
                    "allowed": ", ".join(_label(s) for s in ReferralStatus.values if s in allowed),
                }
            )
        raise CaseRuleError(
            _("The referral is “%(status)s”: its status cannot change any more.")
            % {"status": _label(referral.status)}
        )
    if on > timezone.localdate():
        raise CaseRuleError(_("The date cannot be in the future."))
    if on < referral.sent_on:
        raise CaseRuleError(_("The date cannot be before the referral was sent."))
    before = snapshot(referral, STATUS_FIELDS)
    if to_status == ReferralStatus.COMPLETED:
        if referral.answered_on and on < referral.answered_on:
            raise CaseRuleError(_("The referral cannot be completed before it was accepted."))
        referral.completed_on = on
    else:
        referral.answered_on = on
    referral.status = to_status
    feedback_changed = feedback is not None and feedback.strip() != referral.feedback
    if feedback_changed:
        referral.feedback = feedback
    referral.save()
    after = snapshot(referral, STATUS_FIELDS)
    changed = [name for name in STATUS_FIELDS if before[name] != after[name]]
    record_event(
        actor=actor,
        action="referral.status",
        target=referral,
        before={name: before[name] for name in changed},
        after={
            **{name: after[name] for name in changed},
            "case": referral.case.number,
            **({"feedback": SEALED} if feedback_changed else {}),
        },
    )
    return referral
