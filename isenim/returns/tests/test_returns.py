"""Return home: the plan and the steps, in order with their total cost, sealed notes, audit, 404s."""

from decimal import Decimal

from conftest import make_staff
from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.returns.models import ReturnAssistance, ReturnStep
from isenim.returns.tests.helpers import case_of, kazakhstan, url

NOTE = "Met at Nukus airport by her brother"


def _step(client, case, **extra):
    form = {"kind": "arrival", "done_on": "2026-01-12", "done_by": "", "cost_uzs": "", "note": "", **extra}
    return client.post(url("returns:return_step_add", number=case.number), form)


def test_it_records_the_plan_and_the_steps_and_shows_them_in_order_with_the_total(client_as, staff):
    case = case_of(staff)
    manager = staff[Role.CASE_MANAGER]
    client = client_as(manager)
    country = kazakhstan()
    response = client.post(
        url("returns:return_plan", number=case.number),
        {"from_country": country.pk, "planned_travel_on": "2026-02-01", "status": "planned"},
    )
    assert response.status_code == 302
    plan = ReturnAssistance.objects.get(case=case)
    assert plan.from_country == country and str(plan.planned_travel_on) == "2026-02-01"
    assert (
        _step(
            client,
            case,
            kind="arrival",
            done_on="2026-01-12",
            done_by=manager.pk,
            cost_uzs="150000",
            note=NOTE,
        ).status_code
        == 302
    )
    lawyer = staff[Role.LAWYER]
    assert (
        _step(
            client,
            case,
            kind="consulate_contact",
            done_on="2026-01-05",
            done_by=lawyer.pk,
            cost_uzs="25000.50",
        ).status_code
        == 302
    )
    assert _step(client, case, kind="reception", done_on="2026-01-12", done_by=manager.pk).status_code == 302

    steps = list(ReturnStep.objects.filter(case=case))
    assert [step.kind for step in steps] == ["consulate_contact", "arrival", "reception"]
    arrival = steps[1]
    assert arrival.note == NOTE and NOTE not in arrival.sealed_note
    event = AuditEvent.objects.filter(action="return.step", target_id=str(arrival.pk)).get()
    assert event.after["note"] == "sealed" and NOTE not in str(event.after)
    assert AuditEvent.objects.filter(action="return.step").count() == 3

    page = client.get(url("cases:case_detail", number=case.number)).content.decode()
    assert 'id="return"' in page
    assert (
        page.index("Contact with the consulate or embassy") < page.index("Arrival") < page.index("Reception")
    )
    assert NOTE in page and 'data-testid="return-total">175,000.50' in page
    assert "Planned travel date" in page


def test_it_refuses_a_negative_cost_and_keeps_what_was_typed(client_as, staff):
    case = case_of(staff)
    client = client_as(staff[Role.CASE_MANAGER])
    response = _step(client, case, done_by=staff[Role.CASE_MANAGER].pk, cost_uzs="-5", note=NOTE)
    assert response.status_code == 200
    assert NOTE in response.content.decode() and "Nothing has been saved yet" in response.content.decode()
    assert not ReturnStep.objects.exists()
    response = _step(client, case, done_by=staff[Role.CASE_MANAGER].pk, done_on="2999-01-01")
    assert "The date cannot be in the future." in response.content.decode()
    assert not ReturnStep.objects.exists()


def test_another_teams_caseworker_and_the_intake_operator_get_404(client_as, staff):
    case = case_of(staff)
    outsider = make_staff(Role.CASE_MANAGER, "outsider")
    for user in (outsider, staff[Role.INTAKE_OPERATOR]):
        client = client_as(user)
        assert client.get(url("returns:return_plan", number=case.number)).status_code == 404
        assert _step(client, case, done_by=user.pk).status_code == 404
    assert not ReturnStep.objects.exists()


def test_a_closed_case_refuses_a_step(client_as, staff):
    from django.utils import timezone

    case = case_of(staff)
    case.status, case.closed_on = "closed", timezone.localdate()
    case.save()
    response = _step(client_as(staff[Role.CASE_MANAGER]), case, done_by=staff[Role.CASE_MANAGER].pk)
    assert "The case is closed" in response.content.decode()
    assert not ReturnStep.objects.exists()
    assert Decimal(0) == sum((step.cost_uzs or 0) for step in ReturnStep.objects.all())
