"""The case timeline: everything that happened, oldest first, only what the viewer may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import make_staff
from isenim.cases.services.cases import (
    approval_decide,
    approval_request,
    case_update,
    status_change,
    team_add,
)
from isenim.cases.tests.casefile_rows import (
    ACTION_TEXT,
    DOCUMENT_TITLE,
    GOAL_TEXT,
    LEGAL_TEXT,
    PARTNER_NAME,
    PSY_TEXT,
    SERVICE_NAME,
    SHARED_TEXT,
    fill_case,
)
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent


@pytest.fixture
def case(staff):
    case = sample_case(staff)
    fill_case(case, staff)
    director, manager = staff[Role.DIRECTOR], staff[Role.CASE_MANAGER]
    status_change(actor=manager, case=case, to_status="assessment")
    case_update(actor=director, case=case, priority="urgent", risk="high", manager=manager)
    team_add(actor=director, case=case, user=make_staff(Role.PSYCHOLOGIST, "malika"))
    approval = approval_request(
        actor=manager, case=case, kind="closure", closure_reason="goals_met", summary="Мақсетлерге жетти."
    )
    approval_decide(actor=director, approval=approval, approve=False, comment="Юридикалық нәтийжени қосың.")
    case.refresh_from_db()
    return case


def _timeline(client, number):
    with translation.override("en"):  # labels in English whatever the catalogs say
        return client.get(reverse("cases:case_timeline", kwargs={"number": number}))


def test_it_shows_everything_that_happened_oldest_first(client_as, staff, case):
    response = _timeline(client_as(staff[Role.PSYCHOLOGIST]), case.number)
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [entry.when for entry in entries] == sorted(entry.when for entry in entries)
    kinds = {entry.kind for entry in entries}
    assert kinds == {
        "status",
        "approval",
        "case",
        "team",
        "assessment",
        "goal",
        "task",
        "service",
        "referral",
        "note",
        "document",
    }
    html = response.content.decode()
    for text in (SHARED_TEXT, PSY_TEXT, SERVICE_NAME, PARTNER_NAME, GOAL_TEXT, ACTION_TEXT, DOCUMENT_TITLE):
        assert text in html, text
    assert "Malika" in html  # the team member added
    assert "Юридикалық нәтийжени қосың." in html  # the director's comment on the returned closure
    assessment = next(entry for entry in entries if entry.kind == "assessment")
    assert "3" in assessment.summary and "Safety 2" in assessment.text
    statuses = [entry.summary for entry in entries if entry.kind == "status"]
    assert statuses == ["Case opened", "Status changed: Open → Assessment"]


def test_it_shows_a_lawyer_on_the_team_no_psychological_note(client_as, staff, case):
    response = _timeline(client_as(staff[Role.LAWYER]), case.number)
    assert response.status_code == 200
    html = response.content.decode()
    assert LEGAL_TEXT in html and SHARED_TEXT in html
    assert PSY_TEXT not in html
    assert "Psychologist's note" not in html  # not even that one exists
    assert "Жағдайы жақсыланды" not in html  # nor the outcome of a psychological service
    notes = [entry for entry in response.context["entries"] if entry.kind == "note"]
    assert sorted(entry.summary for entry in notes) == ["Lawyer's note", "Shared case note"]


def test_it_shows_the_psychologist_no_legal_note_and_the_director_only_shared_notes(client_as, staff, case):
    html = _timeline(client_as(staff[Role.PSYCHOLOGIST]), case.number).content.decode()
    assert PSY_TEXT in html and LEGAL_TEXT not in html
    html = _timeline(client_as(staff[Role.DIRECTOR]), case.number).content.decode()
    assert SHARED_TEXT in html and PSY_TEXT not in html and LEGAL_TEXT not in html


def test_it_answers_404_to_a_caseworker_of_another_team(client_as, staff, case):
    outsider = make_staff(Role.LAWYER, "other_lawyer")
    assert _timeline(client_as(outsider), case.number).status_code == 404
    assert not AccessEvent.objects.filter(actor=outsider).exists()


def test_it_answers_404_to_roles_without_cases(client_as, staff, case):
    for role in (Role.INTAKE_OPERATOR, Role.ADMINISTRATOR, Role.ME_OFFICER):
        assert _timeline(client_as(staff[role]), case.number).status_code == 404


def test_it_records_the_view_with_the_notes_shown(client_as, staff, case):
    lawyer = staff[Role.LAWYER]
    _timeline(client_as(lawyer), case.number)
    event = AccessEvent.objects.get(actor=lawyer)
    assert (event.kind, event.target_type, event.target_id) == ("view", "cases.case", str(case.pk))
    shown = sorted(int(pk) for pk in event.detail.removeprefix("timeline; notes: ").split(","))
    expected = sorted(case.notes.filter(discipline__in=["shared", "legal"]).values_list("pk", flat=True))
    assert shown == expected


def test_it_reads_with_a_fixed_number_of_queries(client_as, staff, case, django_assert_max_num_queries):
    client = client_as(staff[Role.PSYCHOLOGIST])
    _timeline(client, case.number)  # warm up (session, translations)
    with CaptureQueriesContext(connection) as few:
        _timeline(client, case.number)
    fill_case(case, staff, n=6)
    with CaptureQueriesContext(connection) as many:
        response = _timeline(client, case.number)
    assert len(response.context["entries"]) > 60
    assert len(many) == len(few)
    with django_assert_max_num_queries(25):
        _timeline(client, case.number)


def test_the_case_page_links_to_the_timeline_and_the_summary(client_as, staff, case):
    html = (
        client_as(staff[Role.LAWYER]).get(reverse("cases:case_detail", args=[case.number])).content.decode()
    )
    assert reverse("cases:case_timeline", args=[case.number]) in html
    assert reverse("cases:case_pdf", args=[case.number]) in html
