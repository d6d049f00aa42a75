"""Document applications: the workflow, the sealed number, the handover that sets the identity checklist
to "restored", and the warning when a certificate of return expires before the planned travel."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_staff
from isenim.cases.models import IdentityDocument
from isenim.cases.services import CaseRuleError
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.guide.models import Mission
from isenim.returns.models import DocumentApplication
from isenim.returns.selectors import expiring_return_certificates
from isenim.returns.services.documents import (
    MoveData,
    application_add,
    application_hand_over,
    application_move,
)
from isenim.returns.services.returns import return_plan_save
from isenim.returns.tests.helpers import case_of, kazakhstan, url

NUMBER = "RC-0042917"


@pytest.fixture(autouse=True)
def english():
    """Messages raised by services are read in English here (pages are requested under /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mission(db):
    return Mission.objects.create(country=kazakhstan(), kind="embassy", name_kaa="Астана", name_en="Astana")


def _issued(staff, case, mission, *, valid_until):
    lawyer = staff[Role.LAWYER]
    application = application_add(
        actor=lawyer, case=case, doc_type="return_certificate", mission=mission, applied_on=date(2026, 1, 5)
    )
    return application_move(
        actor=lawyer,
        application=application,
        data=MoveData(
            to_status="issued",
            on=date(2026, 1, 8),
            number=NUMBER,
            valid_from=date(2026, 1, 8),
            valid_until=valid_until,
        ),
    )


def test_the_workflow_through_the_pages_ends_with_the_checklist_restored(client_as, staff, mission):
    case = case_of(staff)
    client = client_as(staff[Role.LAWYER])
    response = client.post(
        url("returns:application_add", number=case.number), {"doc_type": "passport", "mission": mission.pk}
    )
    assert response.status_code == 302
    application = DocumentApplication.objects.get()
    assert application.status == "preparing"
    move = url("returns:application_move", number=case.number, pk=application.pk)
    # preparing → issued is not a move: refused with a clear message, nothing changed.
    response = client.post(move, {"to_status": "issued", "on": "2026-01-08"})
    assert "An application that is “Being prepared” cannot become “Issued”." in response.content.decode()
    assert DocumentApplication.objects.get().status == "preparing"
    assert (
        client.post(move, {"to_status": "submitted", "on": "2026-01-05", "mission": mission.pk}).status_code
        == 302
    )
    response = client.post(
        move,
        {
            "to_status": "issued",
            "on": "2026-01-20",
            "number": NUMBER,
            "valid_from": "2026-01-20",
            "valid_until": "2036-01-19",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "issued" and application.applied_on == date(2026, 1, 5)
    assert application.number == NUMBER and NUMBER not in application.sealed_number
    assert not IdentityDocument.objects.filter(person=case.person).exists()  # not yet handed over
    hand_over = url("returns:application_hand_over", number=case.number, pk=application.pk)
    assert client.post(hand_over, {"on": "2026-01-22"}).status_code == 302
    application.refresh_from_db()
    assert application.handed_over_on == date(2026, 1, 22)
    row = IdentityDocument.objects.get(person=case.person, doc_type="passport")
    assert row.status == "restored"
    # Audit: the number is never in clear; the checklist change is its own event.
    events = AuditEvent.objects.filter(target_type="returns.documentapplication")
    assert {event.action for event in events} == {"document_application.add", "document_application.update"}
    assert NUMBER not in str([event.after for event in events])
    assert AuditEvent.objects.filter(action="identity_document.set", target_id=str(row.pk)).exists()
    page = client.get(url("cases:case_detail", number=case.number)).content.decode()
    assert NUMBER in page and "Restored" in page
    # A second handover is refused.
    with pytest.raises(CaseRuleError):
        application_hand_over(actor=staff[Role.LAWYER], application=application, on=date(2026, 1, 23))


def test_final_statuses_do_not_move_and_a_refusal_needs_a_submission(staff, mission):
    case = case_of(staff)
    lawyer = staff[Role.LAWYER]
    application = application_add(actor=lawyer, case=case, doc_type="id_card")
    with pytest.raises(CaseRuleError, match="cannot become"):
        application_move(
            actor=lawyer, application=application, data=MoveData(to_status="refused", on=date(2026, 1, 2))
        )
    with pytest.raises(CaseRuleError, match="to which mission"):
        application_move(
            actor=lawyer, application=application, data=MoveData(to_status="submitted", on=date(2026, 1, 2))
        )
    application_move(
        actor=lawyer,
        application=application,
        data=MoveData(to_status="submitted", on=date(2026, 1, 2), mission=mission),
    )
    application_move(
        actor=lawyer, application=application, data=MoveData(to_status="refused", on=date(2026, 1, 9))
    )
    application.refresh_from_db()
    with pytest.raises(CaseRuleError, match="cannot become"):
        application_move(
            actor=lawyer, application=application, data=MoveData(to_status="issued", on=date(2026, 1, 10))
        )
    with pytest.raises(CaseRuleError, match="Only an issued document"):
        application_hand_over(actor=lawyer, application=application, on=date(2026, 1, 10))


def test_a_certificate_of_return_needs_its_expiry_date(staff, mission):
    case = case_of(staff)
    lawyer = staff[Role.LAWYER]
    application = application_add(
        actor=lawyer, case=case, doc_type="return_certificate", mission=mission, applied_on=date(2026, 1, 5)
    )
    with pytest.raises(CaseRuleError, match="expiry date"):
        application_move(
            actor=lawyer, application=application, data=MoveData(to_status="issued", on=date(2026, 1, 8))
        )


@pytest.mark.parametrize(
    ("valid_until", "warned"),
    [
        (date(2026, 2, 1) - timedelta(days=1), True),  # expires the day before the travel
        (date(2026, 2, 1) + timedelta(days=3), True),  # within three days after it
        (date(2026, 2, 1) + timedelta(days=4), False),
    ],
)
def test_it_warns_when_the_certificate_expires_before_the_planned_travel(
    client_as, staff, mission, valid_until, warned
):
    case = case_of(staff)
    manager = staff[Role.CASE_MANAGER]
    return_plan_save(
        actor=manager,
        case=case,
        from_country=kazakhstan(),
        planned_travel_on=date(2026, 2, 1),
        status="planned",
    )
    application = _issued(staff, case, mission, valid_until=valid_until)
    page = client_as(manager).get(url("cases:case_detail", number=case.number)).content.decode()
    assert ('data-testid="expiry-warning"' in page) is warned
    assert (list(expiring_return_certificates(manager)) == [application]) is warned
    my_work = client_as(manager).get(url("cases:my_work")).content.decode()
    assert ('data-testid="my-expiring-certificates"' in my_work and case.number in my_work) is warned
    if warned:
        assert expiring_return_certificates(manager).get().planned_travel_on == date(2026, 2, 1)
    # Someone outside the case's team never sees it.
    assert not expiring_return_certificates(make_staff(Role.CASE_MANAGER, "outsider")).exists()


def test_no_warning_without_a_planned_travel_or_once_the_person_is_home(client_as, staff, mission):
    case = case_of(staff)
    manager = staff[Role.CASE_MANAGER]
    _issued(staff, case, mission, valid_until=date(2026, 1, 20))
    assert not expiring_return_certificates(manager).exists()
    return_plan_save(
        actor=manager, case=case, from_country=None, planned_travel_on=date(2026, 2, 1), status="returned"
    )
    assert not expiring_return_certificates(manager).exists()
    # the case page follows the same rule: no warning once the person is home
    page = (
        client_as(manager).get(reverse("cases:case_detail", kwargs={"number": case.number})).content.decode()
    )
    assert 'data-testid="expiry-warning"' not in page


def test_another_team_gets_404_on_an_application(client_as, staff, mission):
    case = case_of(staff)
    application = application_add(actor=staff[Role.LAWYER], case=case, doc_type="passport")
    client = client_as(make_staff(Role.LAWYER, "outsider"))
    assert (
        client.get(url("returns:application_move", number=case.number, pk=application.pk)).status_code == 404
    )
    response = client.post(
        url("returns:application_hand_over", number=case.number, pk=application.pk), {"on": "2026-01-01"}
    )
    assert response.status_code == 404
