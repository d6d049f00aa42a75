"""The case itself: opening from an appeal, the team rule, the status workflow, approvals and closure."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff
from isenim.appeals.services import AppealData, appeal_register
from isenim.cases.choices import Status
from isenim.cases.models import Approval, Case, CaseworkSettings, StatusChange, Task
from isenim.cases.services import CaseRuleError
from isenim.cases.services.cases import approval_decide, approval_request, case_reopen, status_change
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.people.services import PersonData


@pytest.fixture
def appeal(staff):
    data = AppealData(received_on=timezone.localdate(), channel="walk_in", category="presumed_victim")
    new_person = PersonData(identity={"last_name": "Сапарбаева", "first_name": "Гүлнара"})
    return appeal_register(actor=staff[Role.INTAKE_OPERATOR], data=data, new_person=new_person)


def _post_open(client, appeal, manager, team, **extra):
    form = {
        "appeal": appeal.code,
        "opened_on": timezone.localdate().isoformat(),
        "manager": manager.pk,
        "priority": "high",
        "risk": "high",
        "team": [user.pk for user in team],
        **extra,
    }
    return client.post(reverse("cases:case_create") + f"?appeal={appeal.code}", form)


def test_it_opens_a_case_from_an_appeal_with_a_team(client_as, staff, appeal):
    director = staff[Role.DIRECTOR]
    team = [staff[Role.PSYCHOLOGIST], staff[Role.LAWYER]]
    response = _post_open(client_as(director), appeal, staff[Role.CASE_MANAGER], team)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/cases/{case.number}/")
    assert case.person == appeal.person and case.appeal == appeal and case.status == Status.OPEN
    assert set(case.members.values_list("user__username", flat=True)) == {"gulnara", "zarina", "bakhtiyar"}
    event = AuditEvent.objects.get(action="case.open")
    assert event.actor == director and event.after["person"] == appeal.person.code
    assert "Сапарбаева" not in str(event.after)


def test_it_keeps_what_was_typed_when_the_form_is_wrong(client_as, staff, appeal):
    response = _post_open(
        client_as(staff[Role.DIRECTOR]), appeal, staff[Role.CASE_MANAGER], [], opened_on="31.02.x"
    )
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert (
        'value="high" selected' in response.content.decode()
        or 'selected value="high"' in response.content.decode()
    )


def test_it_refuses_an_intake_operator_as_a_team_member(staff, appeal):
    from isenim.cases.services.cases import CaseData, case_open

    data = CaseData(priority="normal", risk="low", manager=staff[Role.INTAKE_OPERATOR])
    with pytest.raises(CaseRuleError):
        case_open(actor=staff[Role.DIRECTOR], person=appeal.person, appeal=appeal, data=data)
    assert not Case.objects.exists()


def test_it_shows_a_case_only_to_its_team_and_the_director(client, staff):
    case = sample_case(staff)
    outsider = make_staff(Role.LAWYER, "other_lawyer")
    url = reverse("cases:case_detail", args=[case.number])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("cases:case_list")).content.decode().count(case.number) == 0
    client.force_login(staff[Role.LAWYER])
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(actor=staff[Role.LAWYER], target_type="cases.case").exists()
    assert AccessEvent.objects.filter(actor=staff[Role.LAWYER], target_type="people.person").exists()
    client.force_login(staff[Role.INTAKE_OPERATOR])
    assert client.get(url).status_code == 404


def test_it_lists_and_filters_cases(client_as, staff):
    first = sample_case(staff)
    second = sample_case(staff)
    status_change(actor=staff[Role.DIRECTOR], case=second, to_status=Status.ASSESSMENT)
    client = client_as(staff[Role.PSYCHOLOGIST])
    page = client.get(reverse("cases:case_list"), {"status": "assessment"}).content.decode()
    assert second.number in page and first.number not in page
    page = client.get(reverse("cases:case_list"), {"status": "bogus"}).content.decode()
    assert first.number in page and second.number in page  # an invalid filter is ignored, not a crash


def test_it_moves_along_the_workflow_and_refuses_invalid_moves(client_as, staff):
    case = sample_case(staff)
    client = client_as(staff[Role.CASE_MANAGER])
    url = reverse("cases:status_change", args=[case.number])
    with translation.override("en"):  # read the message in English, whatever the default language
        response = client.post(
            reverse("cases:status_change", args=[case.number]), {"to_status": "in_service"}, follow=True
        )
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert "cannot go from" in response.content.decode()
    client.post(url, {"to_status": "assessment"})
    case.refresh_from_db()
    assert case.status == Status.ASSESSMENT
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == [
        "open",
        "assessment",
    ]
    assert AuditEvent.objects.filter(action="case.status", target_id=str(case.pk)).count() == 1
    with pytest.raises(CaseRuleError):
        status_change(actor=staff[Role.CASE_MANAGER], case=case, to_status=Status.CLOSED)


def test_it_closes_a_case_only_with_the_directors_approval_and_can_reopen_it(client_as, staff):
    case = sample_case(staff)
    client = client_as(staff[Role.CASE_MANAGER])
    response = client.post(
        reverse("cases:closure_request", args=[case.number]), {"closure_reason": "goals_met"}
    )
    assert response.status_code == 200 and not Approval.objects.exists()  # the summary is required
    client.post(
        reverse("cases:closure_request", args=[case.number]),
        {"closure_reason": "goals_met", "summary": "Returned home, documents restored."},
    )
    approval = Approval.objects.get()
    case.refresh_from_db()
    assert case.status == Status.OPEN and approval.state == "pending"
    assert "Returned home" not in approval.sealed_summary
    # The case manager may not decide.
    assert client.get(reverse("cases:approval_decide", args=[approval.pk])).status_code == 404
    director = client_as(staff[Role.DIRECTOR])
    response = director.post(reverse("cases:approval_decide", args=[approval.pk]), {"decision": "reject"})
    assert response.status_code == 200  # a comment is required to return it
    director.post(
        reverse("cases:approval_decide", args=[approval.pk]), {"decision": "approve", "comment": ""}
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.closure_reason == "goals_met"
    assert case.outcome == "Returned home, documents restored."
    assert AuditEvent.objects.filter(action="case.close", target_id=str(case.pk)).exists()
    case_reopen(actor=staff[Role.DIRECTOR], case=case, reason="She came back: the employer threatens her.")
    case.refresh_from_db()
    assert case.status == Status.OPEN and case.closed_on is None
    assert AuditEvent.objects.filter(action="case.reopen").exists()


def test_it_returns_a_closure_request_with_a_comment(staff):
    case = sample_case(staff)
    approval = approval_request(
        actor=staff[Role.LAWYER], case=case, kind="closure", closure_reason="declined", summary="Declined."
    )
    approval_decide(
        actor=staff[Role.DIRECTOR], approval=approval, approve=False, comment="Call her once more."
    )
    case.refresh_from_db()
    approval.refresh_from_db()
    assert case.status == Status.OPEN and approval.state == "rejected"
    with pytest.raises(CaseRuleError):
        approval_decide(actor=staff[Role.DIRECTOR], approval=approval, approve=True)


def test_it_holds_services_until_the_plan_is_approved_when_the_setting_says_so(client_as, staff):
    case = sample_case(staff)
    manager = staff[Role.CASE_MANAGER]
    for step in (Status.ASSESSMENT, Status.PLAN):
        status_change(actor=manager, case=case, to_status=step)
    director = client_as(staff[Role.DIRECTOR])
    director.post(reverse("cases:casework_settings"), {"plan_needs_approval": "on"})
    assert CaseworkSettings.current().plan_needs_approval
    with pytest.raises(CaseRuleError):
        status_change(actor=manager, case=case, to_status=Status.IN_SERVICE)
    approval = approval_request(actor=manager, case=case, kind="plan")
    approval_decide(actor=staff[Role.DIRECTOR], approval=approval, approve=True)
    status_change(actor=manager, case=case, to_status=Status.IN_SERVICE)
    case.refresh_from_db()
    assert case.status == Status.IN_SERVICE


def test_it_lets_only_the_manager_role_change_the_team(client_as, staff):
    case = sample_case(staff)
    extra = make_staff(Role.PSYCHOLOGIST, "second_psychologist")
    lawyer = client_as(staff[Role.LAWYER])
    assert lawyer.post(reverse("cases:team_add", args=[case.number]), {"user": extra.pk}).status_code == 404
    manager = client_as(staff[Role.CASE_MANAGER])
    manager.post(reverse("cases:team_add", args=[case.number]), {"user": extra.pk})
    assert case.members.filter(user=extra).exists()
    manager.post(reverse("cases:team_remove", args=[case.number, extra.pk]))
    assert not case.members.filter(user=extra).exists()
    manager.post(reverse("cases:team_remove", args=[case.number, staff[Role.CASE_MANAGER].pk]))
    assert case.members.filter(user=staff[Role.CASE_MANAGER]).exists()  # the manager stays
    assert AuditEvent.objects.filter(action="case.team_remove").count() == 1


def _task(case, user, due, kind="other", text="Call the consulate"):
    task = Task(case=case, assignee=user, due_on=due, kind=kind, created_by=user)
    task.text = text
    task.save()
    return task


def test_it_shows_my_work_and_marks_a_task_done(client_as, staff):
    case = sample_case(staff)
    lawyer = staff[Role.LAWYER]
    today = timezone.localdate()
    late = _task(case, lawyer, today - timezone.timedelta(days=3), text="Write to the consulate")
    _task(case, lawyer, today + timezone.timedelta(days=2), kind="follow_up", text="Phone call at 3 months")
    _task(case, staff[Role.PSYCHOLOGIST], today - timezone.timedelta(days=1), text="Someone else's task")
    client = client_as(lawyer)
    page = client.get(reverse("cases:my_work")).content.decode()
    assert "Write to the consulate" in page and "Phone call at 3 months" in page
    assert "Someone else's task" not in page and case.number in page
    client.post(reverse("cases:my_task_done", args=[late.pk]))
    late.refresh_from_db()
    assert late.done_on == today
    assert "Write to the consulate" not in client.get(reverse("cases:my_work")).content.decode()
    # Another's task cannot be marked done.
    other = Task.objects.get(assignee=staff[Role.PSYCHOLOGIST])
    assert client.post(reverse("cases:my_task_done", args=[other.pk])).status_code == 404


def test_it_hides_tasks_of_a_case_the_user_left(client_as, staff):
    case = sample_case(staff)
    lawyer = staff[Role.LAWYER]
    _task(case, lawyer, timezone.localdate(), text="Prepare the court papers")
    case.members.filter(user=lawyer).delete()
    assert "Prepare the court papers" not in client_as(lawyer).get(reverse("cases:my_work")).content.decode()


def test_it_sends_reminders_once_a_day_without_personal_data(staff):
    case = sample_case(staff)
    lawyer = staff[Role.LAWYER]
    lawyer.email = "lawyer@example.org"
    lawyer.save()
    today = timezone.localdate()
    _task(case, lawyer, today - timezone.timedelta(days=1), text="Жумабаева: passport")
    _task(case, lawyer, today, text="Second")
    _task(case, lawyer, today + timezone.timedelta(days=5), text="Later")
    call_command("send-reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lawyer@example.org"]
    assert "Жумабаева" not in message.body and "passport" not in message.body
    assert "/staff/cases/my-work/" in message.body
    call_command("send-reminders")
    assert len(mail.outbox) == 1  # not twice the same day


def test_it_offers_to_open_a_case_from_the_appeal_and_lists_the_persons_cases(client_as, staff, appeal):
    director = client_as(staff[Role.DIRECTOR])
    page = director.get(reverse("appeals:appeal_detail", args=[appeal.code])).content.decode()
    assert f"?appeal={appeal.code}" in page
    _post_open(director, appeal, staff[Role.CASE_MANAGER], [])
    case = Case.objects.get()
    page = director.get(reverse("people:person_detail", args=[appeal.person.code])).content.decode()
    assert case.number in page
    # The intake operator reads appeals but no case: neither the button nor the case number.
    page = client_as(staff[Role.INTAKE_OPERATOR]).get(reverse("appeals:appeal_detail", args=[appeal.code]))
    assert case.number not in page.content.decode() and "?appeal=" not in page.content.decode()


def test_the_case_opening_page_records_a_view_of_the_person_it_shows(client_as, staff, appeal):
    manager = staff[Role.CASE_MANAGER]
    page = client_as(manager).get(reverse("cases:case_create") + f"?appeal={appeal.code}")
    assert page.status_code == 200
    views = AccessEvent.objects.filter(actor=manager, kind="view", target_id=str(appeal.person.pk))
    assert views.filter(target_type="people.person", detail="case opening").count() == 1


def test_it_registers_every_sealed_text_of_the_case_file_for_key_rotation():
    from django.apps import apps

    from isenim.core.rotation import SEALED_FIELDS, VAULT_FILE_FIELDS
    from isenim.core.sealed import sealed_texts

    registered = {(entry.model_label, entry.field) for entry in SEALED_FIELDS}
    expected = {
        (model._meta.label, descriptor.field)
        for model in apps.get_app_config("cases").get_models()
        for _name, descriptor in sealed_texts(model)
    }
    assert len(expected) >= 10 and expected <= registered
    assert ("cases.CaseDocument", "vault_name") in {(e.model_label, e.field) for e in VAULT_FILE_FIELDS}


def test_it_describes_an_audit_key_named_like_a_reverse_relation():
    from isenim.core.audit import describe_changes

    with translation.override("en"):
        rows = describe_changes("cases.case", {}, {"members": ["a"], "status": "open"})
    assert {row["field"] for row in rows} == {"members", "status"}


def test_it_names_the_staff_member_who_cannot_join_a_team(staff):
    from isenim.cases.services.cases import team_add

    case = sample_case(staff)
    with translation.override("en"), pytest.raises(CaseRuleError, match="Jasur cannot join"):
        team_add(actor=staff[Role.DIRECTOR], case=case, user=staff[Role.INTAKE_OPERATOR])
