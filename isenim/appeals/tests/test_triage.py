"""Triage: every appeal gets an owner and one outcome, with its urgency (docs/appeals.md, "Triage")."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals import urgency
from isenim.appeals.models import Appeal
from isenim.appeals.services import OutcomeData, appeal_assign, appeal_record_outcome
from isenim.core.access import Role
from isenim.core.errors import Refusal
from isenim.core.models import AuditEvent
from isenim.people.tests.reach_helpers import open_case


@pytest.fixture(autouse=True)
def english():
    """Refusals and labels raised by services are read in English here (pages are asked for under /en/)."""
    with translation.override("en"):
        yield


PRESUMED = ("ind_not_free_to_leave",)  # one decisive screening answer: a presumed victim


def _url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"appeals:{name}", args=args)


def _page(client, url: str, data=None) -> str:
    """A page in English (the messages of the refusals are read as a person would)."""
    with translation.override("en"):
        response = client.post(url, data, follow=True) if data is not None else client.get(url, follow=True)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _last_friday_before(day: date) -> date:
    day -= timedelta(days=7)
    return day - timedelta(days=(day.weekday() - 4) % 7)


# Urgency: working days -----------------------------------------------------------------------------------


def test_it_counts_working_days_monday_to_friday():
    friday, saturday, monday = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)
    assert urgency.add_working_days(friday, 1) == monday
    assert urgency.add_working_days(friday, 2) == date(2026, 3, 10)
    assert urgency.add_working_days(saturday, 1) == monday
    assert urgency.add_working_days(monday, 0) == monday
    assert urgency.add_working_days(monday, 5) == date(2026, 3, 16)
    # A presumed victim is due the day the appeal came, a weekend too.
    assert urgency.due_date(saturday, presumed_victim=True, working_days=5) == saturday
    assert urgency.due_date(friday, presumed_victim=False, working_days=2) == date(2026, 3, 10)
    assert urgency.last_working_day_before(monday) == friday
    assert urgency.last_working_day_before(date(2026, 3, 8)) == friday  # a Sunday
    assert urgency.last_working_day_before(date(2026, 3, 10)) == monday


def test_a_new_appeal_has_no_owner_and_is_due_by_its_urgency(staff, make_appeal):
    operator = staff[Role.INTAKE_OPERATOR]
    friday = _last_friday_before(timezone.localdate())
    ordinary = make_appeal(operator, received_on=friday)
    victim = make_appeal(operator, received_on=friday, answers=PRESUMED)
    assert ordinary.state == victim.state == "new" and ordinary.assigned_to is None
    assert ordinary.due_on == friday + timedelta(days=4)  # two working days: the Tuesday after
    assert victim.presumed_victim and victim.due_on == friday
    assert ordinary.first_action_at is None
    assert AuditEvent.objects.get(action="appeal.create", target_id=str(ordinary.pk)).after["due_on"]


def test_the_director_sets_the_working_days_and_new_appeals_follow(client_as, staff, make_appeal):
    client = client_as(staff[Role.DIRECTOR])
    page = _page(client, _url("appeal_settings"))
    assert 'name="working_days_to_act"' in page and 'value="2"' in page
    page = _page(client, _url("appeal_settings"), {"working_days_to_act": "5"})
    assert "Settings saved." in page
    event = AuditEvent.objects.get(action="appeal_settings.update")
    assert event.actor == staff[Role.DIRECTOR] and event.before == {"working_days_to_act": 2}
    friday = _last_friday_before(timezone.localdate())
    assert make_appeal(staff[Role.INTAKE_OPERATOR], received_on=friday).due_on == friday + timedelta(days=7)
    assert _page(client, _url("appeal_settings"), {"working_days_to_act": "31"}).count('role="alert"')
    for role in (Role.CASE_MANAGER, Role.INTAKE_OPERATOR, Role.ADMINISTRATOR):
        assert client_as(staff[role]).get(_url("appeal_settings")).status_code == 404


def test_a_corrected_date_or_screening_moves_the_due_date(client_as, staff, make_appeal):
    from isenim.appeals.forms import AppealForm

    appeal = make_appeal(staff[Role.INTAKE_OPERATOR], received_on=timezone.localdate() - timedelta(days=1))
    data = {
        key: value for key, value in AppealForm.initial_from(appeal).items() if value not in (None, False)
    }
    data.update(received_on=appeal.received_on.isoformat(), ind_threats_violence="on")
    client_as(staff[Role.INTAKE_OPERATOR]).post(_url("appeal_edit", appeal.code), data)
    appeal.refresh_from_db()
    assert appeal.presumed_victim and appeal.due_on == appeal.received_on


# Assigning ---------------------------------------------------------------------------------------------


def test_a_case_manager_assigns_an_appeal_from_its_page(client_as, staff, make_appeal):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR], answers=PRESUMED)
    client = client_as(staff[Role.CASE_MANAGER])
    page = _page(client, _url("appeal_detail", appeal.code))
    assert 'data-testid="assign-form"' in page and "Due today" in page
    page = _page(client, _url("appeal_assign", appeal.code), {"assignee": staff[Role.PSYCHOLOGIST].pk})
    appeal.refresh_from_db()
    assert appeal.state == "assigned" and appeal.assigned_to == staff[Role.PSYCHOLOGIST]
    assert appeal.assigned_at and appeal.first_action_at == appeal.assigned_at
    assert f"Appeal {appeal.code} assigned to Zarina." in page
    event = AuditEvent.objects.get(action="appeal.assign")
    assert event.actor == staff[Role.CASE_MANAGER] and event.target_id == str(appeal.pk)
    assert event.before["assigned_to"] == "" and event.after["assigned_to"] == "zarina"
    # The history on the appeal's page: registered, then assigned.
    history = page.split('data-testid="appeal-history"')[1]
    assert history.index("Appeal registered") < history.index("Appeal assigned: Zarina")
    # Reassigning keeps the first action's time.
    first = appeal.first_action_at
    client.post(_url("appeal_assign", appeal.code), {"assignee": staff[Role.LAWYER].pk})
    appeal.refresh_from_db()
    assert appeal.assigned_to == staff[Role.LAWYER] and appeal.first_action_at == first
    assert AuditEvent.objects.filter(action="appeal.assign").count() == 2


def test_the_director_assigns_several_appeals_from_the_list(client_as, staff, make_appeal):
    operator = staff[Role.INTAKE_OPERATOR]
    first, second, left = (make_appeal(operator) for _ in range(3))
    client = client_as(staff[Role.DIRECTOR])
    listing = _page(client, _url("appeal_list") + "?triage=unassigned")
    assert listing.count('form="bulk-assign"') == 3 and 'id="bulk-assign"' in listing
    back = _url("appeal_list") + "?triage=unassigned"
    with translation.override("en"):
        response = client.post(
            _url("appeals_assign"),
            {"appeals": [first.code, second.code], "assignee": staff[Role.CASE_MANAGER].pk, "next": back},
        )
    assert response.status_code == 302 and response["Location"] == back
    assert set(Appeal.objects.filter(assigned_to=staff[Role.CASE_MANAGER])) == {first, second}
    left.refresh_from_db()
    assert left.state == "new"
    assert AuditEvent.objects.filter(action="appeal.assign", actor=staff[Role.DIRECTOR]).count() == 2
    page = _page(client, back)
    assert "2 appeals assigned to Gulnara." in page
    # Another site is never the way back.
    response = client.post(
        _url("appeals_assign"),
        {"appeals": [left.code], "assignee": staff[Role.LAWYER].pk, "next": "//evil.example"},
    )
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_assigning_several_is_all_or_nothing(client_as, staff, make_appeal):
    operator = staff[Role.INTAKE_OPERATOR]
    closed, other = make_appeal(operator), make_appeal(operator)
    appeal_record_outcome(
        actor=staff[Role.DIRECTOR], appeal=closed, data=OutcomeData("unreachable", note="No answer.")
    )
    client = client_as(staff[Role.DIRECTOR])
    page = _page(
        client,
        _url("appeals_assign"),
        {"appeals": [other.code, closed.code], "assignee": staff[Role.LAWYER].pk},
    )
    assert f"Appeal {closed.code} already has its outcome: Could not be reached." in page
    other.refresh_from_db()
    assert other.state == "new" and not AuditEvent.objects.filter(action="appeal.assign").exists()
    assert "Tick the appeals to assign." in _page(
        client, _url("appeals_assign"), {"assignee": staff[Role.LAWYER].pk}
    )


def test_it_refuses_an_assignee_who_does_not_work_on_cases(client_as, staff, make_appeal):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    with pytest.raises(Refusal, match="cannot take appeals"):
        appeal_assign(actor=staff[Role.DIRECTOR], appeal=appeal, assignee=staff[Role.INTAKE_OPERATOR])
    with pytest.raises(Refusal, match="Only the director or a case manager"):
        appeal_assign(actor=staff[Role.PSYCHOLOGIST], appeal=appeal, assignee=staff[Role.PSYCHOLOGIST])
    client = client_as(staff[Role.DIRECTOR])
    page = _page(client, _url("appeal_assign", appeal.code), {"assignee": staff[Role.INTAKE_OPERATOR].pk})
    assert "Choose who the appeal is assigned to." in page  # not among the choices
    form = _page(client, _url("appeal_detail", appeal.code)).split('data-testid="assign-form"')[1]
    form = form.split("</form>")[0]
    assert f'<option value="{staff[Role.INTAKE_OPERATOR].pk}"' not in form
    assert f'<option value="{staff[Role.PSYCHOLOGIST].pk}"' in form
    appeal.refresh_from_db()
    assert appeal.state == "new" and not AuditEvent.objects.filter(action="appeal.assign").exists()


# Outcomes ----------------------------------------------------------------------------------------------


OUTCOMES = {
    "advice_given": ({"advice_kind": "memo"}, {"advice_kind": "memo"}),
    "referred": (
        {"referred_to": "Migration Agency, Nukus", "note": "Needs a job placement."},
        {"referred_to": "Migration Agency, Nukus"},
    ),
    "unreachable": ({"note": "Called three times."}, {}),
    "no_action": ({"note": "The problem solved itself."}, {}),
}


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_the_assignee_records_each_outcome(client_as, staff, make_appeal, outcome):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    appeal_assign(actor=staff[Role.CASE_MANAGER], appeal=appeal, assignee=staff[Role.PSYCHOLOGIST])
    client = client_as(staff[Role.PSYCHOLOGIST])
    form = _page(client, _url("appeal_outcome", appeal.code))
    assert 'value="case_opened"' not in form  # a case is opened from the appeal, not chosen here
    fields, expected = OUTCOMES[outcome]
    page = _page(client, _url("appeal_outcome", appeal.code), {"outcome": outcome, **fields})
    assert f"Outcome of appeal {appeal.code} recorded." in page
    appeal.refresh_from_db()
    assert (
        appeal.state == "closed"
        and appeal.outcome == outcome
        and appeal.outcome_by == staff[Role.PSYCHOLOGIST]
    )
    assert appeal.outcome_at and appeal.first_action_at < appeal.outcome_at
    for name, value in expected.items():
        assert getattr(appeal, name) == value
    note = fields.get("note", "")
    assert appeal.outcome_note == note
    if note:
        assert note not in appeal.sealed_outcome_note  # sealed
        assert note in page  # the appeal's page shows it to those who see the appeal
    event = AuditEvent.objects.get(action="appeal.outcome")
    assert event.actor == staff[Role.PSYCHOLOGIST] and event.after["outcome"] == outcome
    assert event.after["note"] == ("sealed" if note else "") and (not note or note not in str(event.after))
    assert 'data-testid="record-outcome"' not in page and 'data-testid="assign-form"' not in page


def test_a_duplicate_points_at_the_first_appeal_of_the_repeats(client_as, staff, make_appeal):
    operator, manager = staff[Role.INTAKE_OPERATOR], staff[Role.CASE_MANAGER]
    first, second, third = (make_appeal(operator) for _ in range(3))
    client = client_as(manager)
    _page(
        client,
        _url("appeal_outcome", second.code),
        {"outcome": "duplicate", "duplicate_of": first.code.lower()},
    )
    _page(client, _url("appeal_outcome", third.code), {"outcome": "duplicate", "duplicate_of": second.code})
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.duplicate_of == first and third.duplicate_of == first
    assert second.assigned_to == manager  # recorded without an owner: the case manager becomes it
    assert AuditEvent.objects.filter(action="appeal.outcome", after__duplicate_of=first.code).count() == 2
    outcome = (
        _page(client, _url("appeal_detail", third.code)).split('data-testid="outcome"')[1].split("</td>")[0]
    )
    assert "Duplicate of another appeal" in outcome and first.code in outcome


REFUSED = [
    ({"outcome": "advice_given"}, "Say what information or advice was given."),
    ({"outcome": "referred", "referred_to": "Khokimiyat"}, "Name the organisation and give the reason"),
    ({"outcome": "no_action"}, "Give the reason why no action is needed."),
    ({"outcome": "duplicate"}, "Give the code of the appeal this one repeats."),
    ({"outcome": "duplicate", "duplicate_of": "APL-1999-99999"}, "No appeal has this code."),
    ({"outcome": "case_opened"}, "Select a valid choice."),
]


@pytest.mark.parametrize(("fields", "message"), REFUSED)
def test_an_outcome_without_what_it_needs_is_refused(client_as, staff, make_appeal, fields, message):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    page = _page(client_as(staff[Role.CASE_MANAGER]), _url("appeal_outcome", appeal.code), fields)
    assert message in page
    appeal.refresh_from_db()
    assert appeal.state == "new" and not AuditEvent.objects.filter(action="appeal.outcome").exists()


def test_an_appeal_is_not_its_own_duplicate_and_has_one_outcome(client_as, staff, make_appeal):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    client = client_as(staff[Role.CASE_MANAGER])
    page = _page(
        client, _url("appeal_outcome", appeal.code), {"outcome": "duplicate", "duplicate_of": appeal.code}
    )
    assert "An appeal cannot be a duplicate of itself." in page
    _page(client, _url("appeal_outcome", appeal.code), {"outcome": "unreachable"})
    page = _page(client, _url("appeal_outcome", appeal.code))  # the form of a closed appeal sends back
    assert "This appeal already has its outcome." in page
    with pytest.raises(Refusal, match="already has its outcome: Could not be reached"):
        appeal_record_outcome(
            actor=staff[Role.DIRECTOR], appeal=appeal, data=OutcomeData("no_action", note="Changed my mind.")
        )
    appeal.refresh_from_db()
    assert appeal.outcome == "unreachable"
    assert AuditEvent.objects.filter(action="appeal.outcome").count() == 1


def test_only_the_assignee_or_those_who_assign_record_the_outcome(client_as, staff, make_person, make_appeal):
    person = make_person(staff[Role.DIRECTOR], "Сапарбаев", "Ерлан")
    open_case(staff, person, staff[Role.PSYCHOLOGIST])  # she reads his appeals, but owns none of them
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR], person=person)
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=appeal, assignee=staff[Role.LAWYER])
    page = _page(client_as(staff[Role.PSYCHOLOGIST]), _url("appeal_detail", appeal.code))
    assert 'data-testid="record-outcome"' not in page
    page = _page(
        client_as(staff[Role.PSYCHOLOGIST]), _url("appeal_outcome", appeal.code), {"outcome": "unreachable"}
    )
    assert "Only the member of staff the appeal is assigned to" in page
    appeal.refresh_from_db()
    assert appeal.state == "assigned"
    assert 'data-testid="record-outcome"' in _page(
        client_as(staff[Role.LAWYER]), _url("appeal_detail", appeal.code)
    )


def test_other_roles_get_404(client_as, staff, make_appeal):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    assign = {"assignee": staff[Role.LAWYER].pk}
    for role in (Role.PREVENTION_OFFICER, Role.ME_OFFICER, Role.ADMINISTRATOR, Role.INTAKE_OPERATOR):
        client = client_as(staff[role])
        assert client.get(_url("appeal_outcome", appeal.code)).status_code == 404, role
        assert client.post(_url("appeal_outcome", appeal.code), {"outcome": "unreachable"}).status_code == 404
        assert client.post(_url("appeal_assign", appeal.code), assign).status_code == 404, role
        assert client.post(_url("appeals_assign"), {"appeals": [appeal.code], **assign}).status_code == 404
    for role in (Role.PSYCHOLOGIST, Role.LAWYER):  # they take appeals; they do not give them out
        assert client_as(staff[role]).post(_url("appeal_assign", appeal.code), assign).status_code == 404
    assert (
        client_as(staff[Role.DIRECTOR]).post(_url("appeal_assign", "APL-1999-00001"), assign).status_code
        == 404
    )
    assert client_as(staff[Role.DIRECTOR]).get(_url("appeal_assign", appeal.code)).status_code == 405
    appeal.refresh_from_db()
    assert appeal.state == "new" and not AuditEvent.objects.filter(action__startswith="appeal.a").exists()


# What waits: the intake list, the dashboard, My work ----------------------------------------------------


def _row(table: str, code: str) -> str:
    return next(row for row in table.split("<tr")[1:] if code in row)


def _codes_in_order(page: str, codes: list[str]) -> list[str]:
    return sorted(codes, key=page.index)


def test_the_intake_list_shows_overdue_appeals_presumed_victims_first(client_as, staff, make_appeal):
    operator, today = staff[Role.INTAKE_OPERATOR], timezone.localdate()
    late = make_appeal(operator, received_on=today - timedelta(days=20))
    victim_old = make_appeal(operator, received_on=today - timedelta(days=5), answers=PRESUMED)
    victim_new = make_appeal(operator, received_on=today - timedelta(days=1), answers=PRESUMED)
    due_today = make_appeal(operator, received_on=today, answers=PRESUMED)
    fresh = make_appeal(operator, received_on=today)
    assigned_late = make_appeal(operator, received_on=today - timedelta(days=30))
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=assigned_late, assignee=staff[Role.LAWYER])
    client = client_as(operator)  # the intake operator sees what waits, and gives out nothing
    page = _page(client, _url("appeal_list") + "?triage=overdue")
    shown = [late, victim_old, victim_new, assigned_late]
    assert all(appeal.code in page for appeal in shown)
    assert due_today.code not in page.split("</form>")[-1] and fresh.code not in page.split("</form>")[-1]
    order = _codes_in_order(page, [appeal.code for appeal in shown])
    assert order == [victim_old.code, victim_new.code, assigned_late.code, late.code]
    assert page.count('data-testid="overdue"') == 4 and 'id="bulk-assign"' not in page
    summary = page.split('data-testid="triage-summary"')[1].split("</p>")[0]
    assert "5 appeals without an owner" in summary and "4 overdue" in summary
    page = _page(client, _url("appeal_list") + "?triage=unassigned")
    order = _codes_in_order(page, [late.code, victim_old.code, victim_new.code, due_today.code, fresh.code])
    assert order[:3] == [victim_old.code, victim_new.code, due_today.code]
    assert assigned_late.code not in page.split("</form>")[-1]


def test_an_appeal_without_an_owner_is_overdue_once_a_working_day_has_ended(staff, make_appeal, today_is):
    monday, saturday = date(2026, 3, 9), date(2026, 3, 7)
    today_is(date(2026, 3, 14))  # registered in the past, on a Saturday
    on_monday = make_appeal(staff[Role.INTAKE_OPERATOR], received_on=monday)
    on_saturday = make_appeal(staff[Role.INTAKE_OPERATOR], received_on=saturday)
    overdue_on = {}
    for day in (saturday, date(2026, 3, 8), monday, date(2026, 3, 10)):
        today_is(day)
        overdue_on[day] = set(Appeal.objects.overdue(day)) & {on_monday, on_saturday}
    assert overdue_on[saturday] == set() and overdue_on[monday] == set()
    assert overdue_on[date(2026, 3, 10)] == {on_monday, on_saturday}  # Tuesday: Monday has ended
    # With an owner, the due date counts: two working days after the Monday it came.
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=on_monday, assignee=staff[Role.LAWYER])
    assert on_monday.due_on == date(2026, 3, 11)
    assert on_monday not in Appeal.objects.overdue(date(2026, 3, 11))
    assert on_monday in Appeal.objects.overdue(date(2026, 3, 12))


def test_my_work_shows_the_appeal_assigned_to_me_due_today(client_as, staff, make_appeal):
    operator, today = staff[Role.INTAKE_OPERATOR], timezone.localdate()
    mine = make_appeal(operator, answers=PRESUMED)
    later = make_appeal(operator, received_on=today)
    someone_elses = make_appeal(operator, answers=PRESUMED)
    for appeal, owner in (
        (mine, Role.CASE_MANAGER),
        (later, Role.CASE_MANAGER),
        (someone_elses, Role.LAWYER),
    ):
        appeal_assign(actor=staff[Role.DIRECTOR], appeal=appeal, assignee=staff[owner])
    with translation.override("en"):
        page = client_as(staff[Role.CASE_MANAGER]).get(reverse("cases:my_work")).content.decode()
    table = page.split('data-testid="my-appeals"')[1].split("</table>")[0]
    assert mine.code in table and later.code in table and someone_elses.code not in table
    assert table.index(mine.code) < table.index(later.code)  # the presumed victim first
    assert "Due today" in _row(table, mine.code) and "Presumed victim" in _row(table, mine.code)
    assert "Due today" not in _row(table, later.code)
    appeal_record_outcome(
        actor=staff[Role.CASE_MANAGER], appeal=mine, data=OutcomeData("advice_given", advice_kind="answer")
    )
    with translation.override("en"):
        page = client_as(staff[Role.CASE_MANAGER]).get(reverse("cases:my_work")).content.decode()
    assert mine.code not in page and later.code in page


def test_the_dashboard_shows_what_waits_to_those_who_assign(client_as, staff, make_appeal):
    operator, today = staff[Role.INTAKE_OPERATOR], timezone.localdate()
    late = make_appeal(operator, received_on=today - timedelta(days=10))
    victim = make_appeal(operator, received_on=today - timedelta(days=3), answers=PRESUMED)
    make_appeal(operator, received_on=today)
    with translation.override("en"):
        page = client_as(staff[Role.DIRECTOR]).get(reverse("portal:dashboard")).content.decode()
    panel = page.split('data-testid="appeals-panel"')[1].split("</section>")[0]
    assert "3 appeals without an owner" in panel and "2 overdue" in panel
    assert panel.index(victim.code) < panel.index(late.code)
    for role in (Role.LAWYER, Role.INTAKE_OPERATOR, Role.ADMINISTRATOR, Role.ME_OFFICER):
        with translation.override("en"):
            page = client_as(staff[role]).get(reverse("portal:dashboard")).content.decode()
        assert 'data-testid="appeals-panel"' not in page and victim.code not in page
