"""The way back: only the director reopens a closed case, with a reason that is kept sealed and audited."""

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.cases.models import StatusChange
from isenim.cases.services.cases import approval_decide, approval_request, case_reopen, status_change
from isenim.cases.services.notes import note_add
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.errors import Refusal
from isenim.core.models import AuditEvent

REASON = "Жумабаева қайтып келди: жумыс бериўши қорқытып атыр."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def closed(staff):
    case = sample_case(staff)
    approval = approval_request(
        actor=staff[Role.CASE_MANAGER],
        case=case,
        kind="closure",
        closure_reason="goals_met",
        summary="Питти.",
    )
    approval_decide(actor=staff[Role.DIRECTOR], approval=approval, approve=True)
    case.refresh_from_db()
    assert case.is_closed
    return case


def url(name, case):
    return reverse(name, kwargs={"number": case.number})


def test_only_the_director_reopens_and_only_with_a_reason(staff, closed):
    for role in (Role.CASE_MANAGER, Role.PSYCHOLOGIST, Role.LAWYER):
        with pytest.raises(Refusal, match="Only the director"):
            case_reopen(actor=staff[role], case=closed, reason=REASON)
    with pytest.raises(Refusal, match="Say why"):
        case_reopen(actor=staff[Role.DIRECTOR], case=closed, reason="  ")
    # The workflow's moves no longer reopen a case, whoever asks.
    with pytest.raises(Refusal, match="closed"):
        status_change(actor=staff[Role.DIRECTOR], case=closed, to_status="open")
    closed.refresh_from_db()
    assert closed.is_closed and not AuditEvent.objects.filter(action="case.reopen").exists()


def test_the_reason_is_sealed_and_audited_and_the_case_takes_changes_again(staff, closed):
    case = case_reopen(actor=staff[Role.DIRECTOR], case=closed, reason=REASON)
    assert case.status == "open" and case.closed_on is None and case.closure_reason == ""
    change = StatusChange.objects.filter(case=case).last()
    assert (change.from_status, change.to_status, change.by) == ("closed", "open", staff[Role.DIRECTOR])
    assert change.reason == REASON and "Жумабаева" not in change.sealed_reason
    event = AuditEvent.objects.get(action="case.reopen", target_id=str(case.pk))
    assert event.actor == staff[Role.DIRECTOR]
    assert event.before["status"] == "closed" and event.after["status"] == "open"
    assert event.after["reason"] == "sealed" and "Жумабаева" not in str(event.after)
    note_add(actor=staff[Role.CASE_MANAGER], case=case, discipline="shared", body="Қайта баслаймыз.")
    with pytest.raises(Refusal, match="not closed"):
        case_reopen(actor=staff[Role.DIRECTOR], case=case, reason=REASON)


def test_the_director_reopens_from_the_case_page(client_as, staff, closed):
    manager = client_as(staff[Role.CASE_MANAGER])
    page = manager.get(url("cases:case_detail", closed)).content.decode()
    assert 'data-testid="reopen-form"' not in page
    assert manager.post(url("cases:case_reopen", closed), {"reason": REASON}).status_code == 404
    director = client_as(staff[Role.DIRECTOR])
    page = director.get(url("cases:case_detail", closed)).content.decode()
    assert 'data-testid="reopen-form"' in page
    response = director.post(url("cases:case_reopen", closed), {"reason": ""}, follow=True)
    assert "Say why the case is reopened." in response.content.decode()
    closed.refresh_from_db()
    assert closed.is_closed
    response = director.post(url("cases:case_reopen", closed), {"reason": REASON}, follow=True)
    closed.refresh_from_db()
    assert not closed.is_closed
    assert "The case is now: Open." in response.content.decode()
    assert 'data-testid="reopen-form"' not in response.content.decode()
    # The team reads why on the timeline.
    timeline = client_as(staff[Role.PSYCHOLOGIST]).get(url("cases:case_timeline", closed)).content.decode()
    assert "Case reopened" in timeline and REASON in timeline
