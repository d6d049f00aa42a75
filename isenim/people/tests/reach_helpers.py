"""Test helpers for need to know (docs/protection.md, "Who sees what"): give a member of staff the reach of
a person the way the centre does, through a case team or an appeal, never by a back door."""

from django.utils import timezone

from isenim.core.access import Role


def open_case(staff, person, *team, manager=None, appeal=None):
    """A case for ``person`` (from ``appeal``, which it closes) opened by the director; ``manager``
    (default: the director) and ``team`` join its team, and so read the person."""
    from isenim.cases.services.cases import CaseData, case_open

    data = CaseData(
        priority="normal",
        risk="medium",
        manager=manager or staff[Role.DIRECTOR],
        opened_on=timezone.localdate(),
    )
    return case_open(actor=staff[Role.DIRECTOR], person=person, data=data, appeal=appeal, team=list(team))


def appeal_from(actor, person=None, **fields):
    """An appeal of ``person`` (anonymous without one) registered by ``actor``: state new, no owner."""
    from isenim.appeals.services import AppealData, appeal_register

    data = AppealData(
        received_on=fields.pop("received_on", timezone.localdate()),
        channel=fields.pop("channel", "phone"),
        category=fields.pop("category", "other"),
        **fields,
    )
    return appeal_register(actor=actor, data=data, person=person, anonymous=person is None)


def close_appeal(actor, appeal):
    """Record an outcome (no action needed): the appeal leaves triage."""
    from isenim.appeals.services import OutcomeData, appeal_record_outcome

    return appeal_record_outcome(
        actor=actor, appeal=appeal, data=OutcomeData(outcome="no_action", note="Тек сорады.")
    )
