"""Referrals: the consent check for sharing personal data, incoming referrals, the status workflow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff
from isenim.cases.models import Partner, Referral
from isenim.cases.services import CaseRuleError
from isenim.cases.services.catalogue import load_catalogue
from isenim.cases.services.referrals import referral_status
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.people.services import consent_record, consent_withdraw

IOM_EN = "International Organization for Migration (IOM), Uzbekistan"


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def case(staff):
    load_catalogue()
    return sample_case(staff)


@pytest.fixture
def iom(case):
    return Partner.objects.get(name_en=IOM_EN)


def _consent(staff, case, partner_name, *, purpose="sharing", days_ago=1):
    return consent_record(
        actor=staff[Role.CASE_MANAGER],
        person=case.person,
        purpose=purpose,
        partner=partner_name,
        given_on=timezone.localdate() - timedelta(days=days_ago),
    )


def _send(client, case, partner, staff, **extra):
    form = {
        "partner": partner.pk,
        "sent_on": timezone.localdate().isoformat(),
        "shares_personal_data": "on",
        "reason": "Needs reintegration support; Жумабаева agrees.",
        "handler": staff[Role.CASE_MANAGER].pk,
        **extra,
    }
    return client.post(url("cases:referral_send", number=case.number), form)


def test_sharing_without_consent_is_refused_with_a_link_to_the_consents(client_as, staff, case, iom):
    response = _send(client_as(staff[Role.CASE_MANAGER]), case, iom, staff)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"has no consent on record to share data with “{IOM_EN}”" in page
    assert case.person.code in page
    assert url("people:consent_add", code=case.person.code) in page
    assert "Needs reintegration support" in page  # what was typed is kept
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action="referral.send").exists()


def test_sharing_with_the_partners_consent_is_sent_and_keeps_the_consent(client_as, staff, case, iom):
    consent = _consent(
        staff, case, "Международная организация по миграции (МОМ), представительство в Узбекистане"
    )
    manager = staff[Role.CASE_MANAGER]
    response = _send(client_as(manager), case, iom, staff)
    assert response.status_code == 302 and response["Location"].endswith("#referrals")
    referral = Referral.objects.get()
    assert referral.direction == "outgoing" and referral.status == "sent" and referral.consent == consent
    assert referral.handler == manager and referral.reason.startswith("Needs reintegration")
    assert "Жумабаева" not in referral.sealed_reason
    event = AuditEvent.objects.get(action="referral.send")
    assert event.actor == manager and event.after["consent"] == consent.pk
    assert event.after["reason"] == "sealed" and "Жумабаева" not in str(event.after)


def test_the_consent_may_name_the_partner_in_another_script(staff, case, iom):
    from isenim.cases.services.referrals import sharing_consent
    from isenim.core.translit import kaa_to_latin

    consent = _consent(staff, case, "  " + kaa_to_latin(iom.name_kaa).upper() + " ")
    assert sharing_consent(case.person, iom, timezone.localdate()) == consent


@pytest.mark.parametrize("problem", ["withdrawn", "other_partner", "services_only", "given_after"])
def test_a_consent_that_does_not_cover_the_referral_is_not_enough(client_as, staff, case, iom, problem):
    if problem == "withdrawn":
        consent = _consent(staff, case, IOM_EN, days_ago=5)
        consent_withdraw(actor=staff[Role.CASE_MANAGER], consent=consent, withdrawn_on=timezone.localdate())
    elif problem == "other_partner":
        _consent(staff, case, "Hokimiyat of Moynaq district")
    elif problem == "services_only":
        _consent(staff, case, "", purpose="services")
    else:
        _consent(staff, case, IOM_EN, days_ago=0)
    sent_on = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = _send(client_as(staff[Role.CASE_MANAGER]), case, iom, staff, sent_on=sent_on)
    assert "has no consent on record" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_without_personal_data_needs_no_consent(client_as, staff, case, iom):
    form = {"shares_personal_data": ""}
    assert _send(client_as(staff[Role.LAWYER]), case, iom, staff, **form).status_code == 302
    referral = Referral.objects.get()
    assert not referral.shares_personal_data and referral.consent is None


def test_it_records_an_incoming_referral(client_as, staff, case, iom):
    lawyer = staff[Role.LAWYER]
    form = {
        "partner": iom.pk,
        "sent_on": timezone.localdate().isoformat(),
        "reason": "IOM asks for legal help with a complaint.",
        "handler": lawyer.pk,
    }
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:referral_receive", number=case.number), form
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (
        referral.direction == "incoming" and referral.handler == lawyer and not referral.shares_personal_data
    )
    assert AuditEvent.objects.get(action="referral.receive").after["handler"] == "bakhtiyar"
    page = client_as(lawyer).get(url("cases:case_detail", number=case.number)).content.decode()
    assert 'data-testid="referrals-incoming"' in page and IOM_EN in page


def test_the_handler_must_be_on_the_team(client_as, staff, case, iom):
    outsider = make_staff(Role.CASE_MANAGER, "other_manager")
    response = _send(
        client_as(staff[Role.CASE_MANAGER]), case, iom, staff, handler=outsider.pk, shares_personal_data=""
    )
    assert response.status_code == 200 and not Referral.objects.exists()


def _sent(staff, case, iom, days_ago=3) -> Referral:
    from isenim.cases.services.referrals import ReferralData, referral_send

    data = ReferralData(
        partner=iom,
        reason="Shelter.",
        sent_on=timezone.localdate() - timedelta(days=days_ago),
        handler=staff[Role.CASE_MANAGER],
        shares_personal_data=False,
    )
    return referral_send(actor=staff[Role.CASE_MANAGER], case=case, data=data)


def _move(client, case, referral, to_status, *, on=None, feedback=""):
    form = {"to_status": to_status, "on": (on or timezone.localdate()).isoformat(), "feedback": feedback}
    return client.post(url("cases:referral_status", number=case.number, pk=referral.pk), form)


def test_the_status_goes_sent_accepted_completed_with_dates_and_feedback(client_as, staff, case, iom):
    referral = _sent(staff, case, iom)
    client = client_as(staff[Role.CASE_MANAGER])
    yesterday = timezone.localdate() - timedelta(days=1)
    assert _move(client, case, referral, "accepted", on=yesterday).status_code == 302
    referral.refresh_from_db()
    assert (
        referral.status == "accepted" and referral.answered_on == yesterday and referral.completed_on is None
    )
    response = _move(
        client, case, referral, "completed", feedback="Placed in the IOM shelter; Жумабаева is safe."
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.completed_on == timezone.localdate()
    assert referral.feedback.startswith("Placed in the IOM shelter")
    assert "Жумабаева" not in referral.sealed_feedback
    events = list(AuditEvent.objects.filter(action="referral.status").order_by("id"))
    assert [event.after["status"] for event in events] == ["accepted", "completed"]
    assert events[1].after["feedback"] == "sealed" and "Жумабаева" not in str(events[1].after)


@pytest.mark.parametrize(
    "steps, to_status, message",
    [
        ([], "completed", "A referral cannot go from “Sent” to “Completed”"),
        (["rejected"], "accepted", "its status cannot change any more"),
        (["accepted"], "rejected", "A referral cannot go from “Accepted” to “Rejected”"),
    ],
)
def test_an_invalid_move_is_refused_with_a_clear_message(
    client_as, staff, case, iom, steps, to_status, message
):
    referral = _sent(staff, case, iom)
    for step in steps:
        referral_status(
            actor=staff[Role.CASE_MANAGER], referral=referral, to_status=step, on=timezone.localdate()
        )
    before = Referral.objects.get().status
    response = _move(client_as(staff[Role.CASE_MANAGER]), case, referral, to_status)
    assert response.status_code == 200 and message in response.content.decode()
    assert Referral.objects.get().status == before


def test_an_answer_before_the_referral_was_sent_is_refused(staff, case, iom):
    referral = _sent(staff, case, iom, days_ago=1)
    with translation.override("en"), pytest.raises(CaseRuleError, match="before the referral was sent"):
        referral_status(
            actor=staff[Role.CASE_MANAGER],
            referral=referral,
            to_status="accepted",
            on=timezone.localdate() - timedelta(days=2),
        )


def test_opening_a_referral_is_an_access_event(client_as, staff, case, iom):
    referral = _sent(staff, case, iom)
    lawyer = staff[Role.LAWYER]
    page = client_as(lawyer).get(url("cases:referral_detail", number=case.number, pk=referral.pk))
    assert page.status_code == 200 and "Shelter." in page.content.decode()
    assert AccessEvent.objects.filter(actor=lawyer, kind="view", target_type="cases.referral").exists()


def test_another_teams_caseworker_gets_404(client_as, staff, case, iom):
    referral = _sent(staff, case, iom)
    client = client_as(make_staff(Role.LAWYER, "other_lawyer"))
    assert client.get(url("cases:referral_detail", number=case.number, pk=referral.pk)).status_code == 404
    assert client.get(url("cases:referral_send", number=case.number)).status_code == 404
    assert _move(client, case, referral, "accepted").status_code == 404
    assert Referral.objects.get().status == "sent"
    assert not AccessEvent.objects.filter(target_type="cases.referral").exists()


def test_a_referral_waits_on_its_handler_until_it_is_answered_and_done_in_every_list(
    client_as, staff, case, iom
):
    """One definition (Referral.objects.waiting), which My work uses: an incoming referral the lawyer
    accepted still waits on them until it is completed."""
    from isenim.cases.services.referrals import ReferralData, referral_receive

    lawyer = staff[Role.LAWYER]
    data = ReferralData(
        partner=iom,
        reason="Legal help.",
        sent_on=timezone.localdate(),
        handler=lawyer,
        shares_personal_data=False,
    )
    referral = referral_receive(actor=staff[Role.CASE_MANAGER], case=case, data=data)

    def waiting_in_my_work() -> bool:
        page = client_as(lawyer).get(url("cases:my_work")).content.decode()
        return 'data-testid="my-referrals"' in page and IOM_EN in page

    for to_status in ("accepted", "completed"):
        assert list(Referral.objects.waiting().filter(handler=lawyer)) == [referral]
        assert waiting_in_my_work()
        referral_status(actor=lawyer, referral=referral, to_status=to_status, on=timezone.localdate())
    assert not Referral.objects.waiting().filter(handler=lawyer).exists()
    assert not waiting_in_my_work()
