"""Where triage meets the other doors: a case opened from an appeal (anonymous too), the public "ask us"
form, appeals registered before triage (the migration) and the demo data."""

import time
from datetime import date, timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.models import Appeal
from isenim.appeals.services import OutcomeData, appeal_assign, appeal_record_outcome
from isenim.appeals.tests.test_triage import PRESUMED
from isenim.cases.models import Case
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.people.models import Person


@pytest.fixture(autouse=True)
def english():
    """Refusals and labels raised by services are read in English here (pages are asked for under /en/)."""
    with translation.override("en"):
        yield


def _open_case(client, appeal, manager, **extra):
    form = {
        "appeal": appeal.code,
        "opened_on": timezone.localdate().isoformat(),
        "manager": manager.pk,
        "priority": "urgent",
        "risk": "high",
        **extra,
    }
    with translation.override("en"):
        return client.post(reverse("cases:case_create") + f"?appeal={appeal.code}", form, follow=True)


# A case opened from an appeal ---------------------------------------------------------------------------


def test_an_anonymous_appeal_opens_a_case_under_a_pseudonym(client_as, staff, make_appeal):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR], channel="phone", answers=PRESUMED)
    manager = staff[Role.CASE_MANAGER]
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=appeal, assignee=manager)
    client = client_as(manager)
    with translation.override("en"):
        detail = client.get(reverse("appeals:appeal_detail", args=[appeal.code])).content.decode()
        form = client.get(reverse("cases:case_create") + f"?appeal={appeal.code}").content.decode()
    assert 'data-testid="open-case"' in detail
    assert 'name="pseudonym"' in form and 'data-testid="anonymous-appellant"' in form
    response = _open_case(client, appeal, manager, pseudonym="Aziza")
    case = Case.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/staff/cases/{case.number}/")
    appeal.refresh_from_db()
    person = case.person
    assert appeal.person == person and appeal.anonymous  # still counted as an anonymous appeal
    assert case.appeal == appeal and person.identity == {"pseudonym": "Aziza"}
    assert not person.has_name and person.display_name() == "“Aziza” (pseudonym)"
    assert "Aziza" not in person.sealed_identity and not person.index_entries.exists()
    assert appeal.state == "closed" and appeal.outcome == "case_opened" and appeal.outcome_by == manager
    assert [
        e.action for e in AuditEvent.objects.filter(target_id=str(appeal.pk), target_type="appeals.appeal")
    ][:3] == ["appeal.case_opened", "appeal.person_added", "appeal.assign"]
    assert AuditEvent.objects.get(action="appeal.case_opened").after["case"] == case.number
    assert "Aziza" not in str(AuditEvent.objects.get(action="person.create", target_id=str(person.pk)).after)
    # The history on the appeal's page tells it.
    with translation.override("en"):
        detail = client.get(reverse("appeals:appeal_detail", args=[appeal.code])).content.decode()
    assert "Case opened from the appeal" in detail.split('data-testid="appeal-history"')[1]
    assert 'data-testid="open-case"' in detail  # the person's cases, on the record made for them
    with translation.override("en"):  # the intake operator reads the appeal, and no case number
        detail = client_as(staff[Role.INTAKE_OPERATOR]).get(
            reverse("appeals:appeal_detail", args=[appeal.code])
        )
    assert (
        "Case opened from the appeal" in detail.content.decode()
        and case.number not in detail.content.decode()
    )
    client = client_as(manager)
    # A second case from the same appeal is for the same record; the outcome stays.
    _open_case(client, appeal, manager)
    assert Case.objects.filter(person=person).count() == 2 and Person.objects.count() == 1


def test_the_identity_added_later_is_checked_for_duplicates(client_as, staff, make_appeal, make_person):
    manager = staff[Role.CASE_MANAGER]
    known = make_person(manager, "Сапарбаева", "Айгүл", birth_date="1994-03-02")
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    client = client_as(manager)
    _open_case(client, appeal, manager)  # no pseudonym given: the record's code is its name
    person = Case.objects.get().person
    assert person.display_name() == person.code and person.identity == {}
    with translation.override("en"):
        page = client.get(reverse("people:person_detail", args=[person.code])).content.decode()
        assert 'data-testid="identity-unknown"' in page
        url = reverse("people:person_edit", args=[person.code])
        identity = {"last_name": "Saparbaeva", "first_name": "Aygul", "birth_date": "1994-03-02", "sex": "F"}
        page = client.post(url, identity).content.decode()
    assert "Someone with a very similar name is already registered." in page and known.code in page
    person.refresh_from_db()
    assert person.identity == {}  # nothing saved
    assert AccessEvent.objects.filter(kind="search", detail="duplicate check", actor=manager).exists()
    with translation.override("en"):
        response = client.post(url, {**identity, "confirm_different": "on"})
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert person.identity["last_name"] == "Saparbaeva" and person.has_name
    assert person.index_entries.exists()  # found by name from now on


def test_a_case_from_a_named_appeal_records_its_outcome(client_as, staff, make_appeal, make_person):
    person = make_person(staff[Role.INTAKE_OPERATOR], "Ембергенов", "Даўлет")
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR], person=person)
    director = staff[Role.DIRECTOR]
    _open_case(client_as(director), appeal, staff[Role.CASE_MANAGER])
    appeal.refresh_from_db()
    assert appeal.outcome == "case_opened" and appeal.assigned_to == director
    assert appeal.first_action_at == appeal.outcome_at


def test_a_closed_appeal_opens_no_case(client_as, staff, make_appeal):
    appeal = make_appeal(staff[Role.INTAKE_OPERATOR])
    appeal_record_outcome(
        actor=staff[Role.CASE_MANAGER], appeal=appeal, data=OutcomeData("advice_given", advice_kind="answer")
    )
    page = _open_case(client_as(staff[Role.CASE_MANAGER]), appeal, staff[Role.CASE_MANAGER]).content.decode()
    assert "was closed as “Information or advice given”: register a new appeal to open a case." in page
    assert not Case.objects.exists() and not Person.objects.exists()  # the pseudonymous record too
    appeal.refresh_from_db()
    assert appeal.person is None and appeal.outcome == "advice_given"


# The public "ask us" form --------------------------------------------------------------------------------


def test_an_ask_us_request_arrives_unassigned_and_is_overdue_the_next_day(client, client_as, staff, today_is):
    from isenim.guide.forms import ASK_SALT

    cache.clear()
    monday = date(2026, 3, 9)
    today_is(monday)
    with translation.override("en"):
        response = client.post(
            reverse("public_guide:ask"),
            {
                "name": "Aziz",
                "phone": "+998 90 123 45 67",
                "telegram": "",
                "question": "Is this job in Almaty real?",
                "website": "",
                "started": signing.dumps(time.time() - 10, salt=ASK_SALT),
            },
        )
    cache.clear()
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.state == "new" and appeal.assigned_to is None and appeal.registered_by is None
    assert appeal.due_on == monday + timedelta(days=2)  # a question before leaving: two working days
    manager = client_as(staff[Role.CASE_MANAGER])
    with translation.override("en"):
        page = manager.get(reverse("appeals:appeal_list") + "?triage=unassigned").content.decode()
        assert appeal.code in page and 'data-testid="overdue"' not in page
        today_is(monday + timedelta(days=1))
        page = manager.get(reverse("appeals:appeal_list") + "?triage=overdue").content.decode()
        assert appeal.code in page and 'data-testid="overdue"' in page
        detail = manager.get(reverse("appeals:appeal_detail", args=[appeal.code])).content.decode()
    assert "Public form" in detail.split('data-testid="appeal-history"')[1]


# Appeals registered before triage --------------------------------------------------------------------


def test_the_migration_gives_older_appeals_a_due_date_and_case_opened(staff, make_appeal, make_person):
    import importlib

    from django.apps import apps

    from isenim.cases.services.cases import CaseData, case_open

    migration = importlib.import_module("isenim.appeals.migrations.0003_triage_existing")
    operator, director = staff[Role.INTAKE_OPERATOR], staff[Role.DIRECTOR]
    friday = date(2026, 3, 6)
    plain = make_appeal(operator, received_on=friday)
    person = make_person(operator, "Жумабаева", "Гүлзира")
    with_case = make_appeal(operator, person=person, received_on=friday, answers=PRESUMED)
    data = CaseData(priority="normal", risk="low", manager=staff[Role.CASE_MANAGER])
    case = case_open(actor=director, person=person, appeal=with_case, data=data)
    fields = ["due_on", "assigned_to", "assigned_at", "first_action_at", "outcome_at", "outcome_by"]
    Appeal.objects.update(**dict.fromkeys(fields, None), state="new", outcome="")  # as before triage
    migration.triage_existing(apps, None)
    plain.refresh_from_db()
    with_case.refresh_from_db()
    assert plain.due_on == date(2026, 3, 10) and plain.state == "new" and plain.assigned_to is None
    assert with_case.due_on == friday and with_case.state == "closed" and with_case.outcome == "case_opened"
    assert with_case.assigned_to == staff[Role.CASE_MANAGER] and with_case.first_action_at == case.created_at


# Demo data ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_shows_triage_at_every_step(settings, tmp_path):
    from isenim.accounts.demo import ensure_demo_staff
    from isenim.appeals.demo import ensure_demo_appeals, ensure_demo_triage
    from isenim.cases.demo import ensure_demo_cases

    settings.VAR_DIR = tmp_path  # the demo credentials file
    ensure_demo_staff()
    ensure_demo_appeals()
    ensure_demo_cases()
    touched = ensure_demo_triage()
    assert touched > 0 and ensure_demo_triage() == 0
    today = timezone.localdate()
    appeals = Appeal.objects.all()
    assert {a.outcome for a in appeals} == {
        "",
        "case_opened",
        "advice_given",
        "referred",
        "unreachable",
        "duplicate",
        "no_action",
    }
    waiting = appeals.unassigned()
    assert waiting.count() >= 2 and waiting.filter(presumed_victim=True).overdue(today).exists()
    assert appeals.filter(state="assigned").exclude(assigned_to__username="casemanager").exists()
    assert appeals.filter(state="assigned").overdue(today).exists()  # overdue with an owner, on the dashboard
    mine = appeals.filter(state="assigned", assigned_to__username="casemanager", presumed_victim=True)
    assert mine.filter(due_on=today).exists()
    assert not appeals.filter(state="closed", assigned_to=None).exists()
    assert (
        AuditEvent.objects.filter(action="appeal.outcome").count()
        == appeals.filter(state="closed").exclude(outcome="case_opened").count()
    )
