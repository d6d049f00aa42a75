"""The assistance plan: goals per domain, actions given to members of the case's team with a due date,
marking them done and goals achieved, the case page's section with overdue actions, and who may do what."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from conftest import make_staff
from isenim.cases.models import Case, Goal, Task
from isenim.cases.selectors.plan import plan_of
from isenim.cases.services import CaseRuleError
from isenim.cases.services.plan import action_add, action_update, goal_add, goal_set_achieved
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent

GOAL_TEXT = "Паспортты қайта тиклеў, Алматыдағы консуллық арқалы."
ACTION_TEXT = "Консуллыққа хат жазыў, фотосүўретлерди таярлаў."
TODAY = timezone.localdate


@pytest.fixture
def case(staff):
    case = sample_case(staff)
    Case.objects.filter(pk=case.pk).update(opened_on=TODAY() - timedelta(days=60))
    case.refresh_from_db()
    return case


@pytest.fixture
def goal(staff, case):
    return goal_add(actor=staff[Role.CASE_MANAGER], case=case, domain="documents", text=GOAL_TEXT)


@pytest.fixture
def action(staff, goal):
    return action_add(
        actor=staff[Role.CASE_MANAGER],
        goal=goal,
        text=ACTION_TEXT,
        assignee=staff[Role.LAWYER],
        due_on=TODAY() + timedelta(days=7),
    )


def url(name: str, *args) -> str:
    """Pages in English, so that the tests read the messages whatever the catalogs say."""
    with override("en"):
        return reverse(name, args=args)


def raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
        return repr(cursor.fetchall())


def row_text(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">(.*?)</tr>', html, re.S)
    assert found, f"no row {testid}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_it_adds_a_goal_with_its_text_sealed(client_as, staff, case):
    manager = staff[Role.CASE_MANAGER]
    response = client_as(manager).post(
        url("cases:plan_goal_add", case.number), {"domain": "documents", "text": GOAL_TEXT}
    )
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    goal = Goal.objects.get()
    assert (goal.case, goal.domain, goal.text, goal.created_by) == (case, "documents", GOAL_TEXT, manager)
    assert goal.achieved_on is None
    assert "Паспортты" not in raw_rows("cases_goal")
    event = AuditEvent.objects.get(action="goal.add")
    assert event.actor == manager and event.target_id == str(goal.pk)
    assert event.after == {"case": case.pk, "domain": "documents", "text": "sealed"}
    assert "Паспортты" not in raw_rows("core_auditevent")


def test_a_goal_needs_a_domain_and_a_text(client_as, staff, case):
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:plan_goal_add", case.number), {"domain": "", "text": GOAL_TEXT}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been saved yet." in page and GOAL_TEXT in page  # what was typed stays
    assert not Goal.objects.exists()


def test_it_adds_an_action_for_a_team_member(client_as, staff, case, goal):
    manager, lawyer = staff[Role.CASE_MANAGER], staff[Role.LAWYER]
    due = TODAY() + timedelta(days=10)
    response = client_as(manager).post(
        url("cases:plan_action_add", case.number, goal.pk),
        {"text": ACTION_TEXT, "assignee": lawyer.pk, "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.case, task.goal, task.kind, task.assignee, task.due_on, task.done_on) == (
        case,
        goal,
        "action",
        lawyer,
        due,
        None,
    )
    assert task.text == ACTION_TEXT and "Консуллыққа" not in raw_rows("cases_task")
    event = AuditEvent.objects.get(action="task.add")
    assert event.target_id == str(task.pk) and event.actor == manager
    assert event.after["assignee_id"] == lawyer.pk and event.after["goal"] == goal.pk
    assert event.after["text"] == "sealed" and "Консуллыққа" not in raw_rows("core_auditevent")


def test_the_responsible_must_be_on_the_case_team(client_as, staff, case, goal):
    outsider = make_staff(Role.CASE_MANAGER, "other_manager")
    response = client_as(staff[Role.CASE_MANAGER]).post(
        url("cases:plan_action_add", case.number, goal.pk),
        {"text": ACTION_TEXT, "assignee": outsider.pk, "due_on": TODAY().isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The responsible must be a member of this case&#x27;s team." in page
    assert ACTION_TEXT in page  # kept for another try
    assert f'value="{outsider.pk}"' not in page  # not even offered
    assert not Task.objects.exists()
    # The service refuses too, whoever calls it.
    with pytest.raises(CaseRuleError):
        action_add(actor=staff[Role.CASE_MANAGER], goal=goal, text="x", assignee=outsider, due_on=TODAY())
    assert not Task.objects.exists()


def test_it_marks_an_action_done(client_as, staff, case, action):
    client = client_as(staff[Role.LAWYER])
    done_url = url("cases:plan_action_done", case.number, action.pk)
    assert client.post(done_url).status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY()
    event = AuditEvent.objects.get(action="task.done")
    assert event.target_id == str(action.pk) and event.after == {"done_on": str(TODAY())}
    # A second click changes nothing and says why.
    response = client.post(done_url, follow=True)
    assert "This action is already done." in response.content.decode()
    assert AuditEvent.objects.filter(action="task.done").count() == 1


def test_it_marks_a_goal_achieved_and_back(client_as, staff, case, goal):
    client = client_as(staff[Role.PSYCHOLOGIST])
    achieved_url = url("cases:plan_goal_achieved", case.number, goal.pk)
    assert client.post(achieved_url, {"achieved": "1"}).status_code == 302
    goal.refresh_from_db()
    assert goal.achieved_on == TODAY()
    event = AuditEvent.objects.get(action="goal.update")
    assert event.before == {"achieved_on": None} and event.after == {"achieved_on": str(TODAY())}
    # An achieved goal takes no new action until it is reopened.
    response = client.post(
        url("cases:plan_action_add", case.number, goal.pk),
        {"text": ACTION_TEXT, "assignee": staff[Role.PSYCHOLOGIST].pk, "due_on": TODAY().isoformat()},
    )
    assert "mark it not achieved before adding actions" in response.content.decode()
    assert not Task.objects.exists()
    client.post(achieved_url, {"achieved": "0"})
    goal.refresh_from_db()
    assert goal.achieved_on is None
    assert AuditEvent.objects.filter(action="goal.update").count() == 2


def test_editing_a_goal_records_that_the_text_changed_but_not_the_text(client_as, staff, case, goal):
    client = client_as(staff[Role.CASE_MANAGER])
    edit_url = url("cases:plan_goal_edit", case.number, goal.pk)
    page = client.get(edit_url).content.decode()
    assert GOAL_TEXT in page
    assert AccessEvent.objects.filter(actor=staff[Role.CASE_MANAGER], detail__contains="goal").exists()
    client.post(edit_url, {"domain": "legal", "text": "Жаңа мақсет"})
    goal.refresh_from_db()
    assert (goal.domain, goal.text) == ("legal", "Жаңа мақсет")
    event = AuditEvent.objects.get(action="goal.update")
    assert event.before == {"domain": "documents", "text": "sealed"}
    assert event.after == {"domain": "legal", "text": "sealed"}
    assert "Жаңа" not in raw_rows("core_auditevent")


def test_an_action_can_go_to_another_team_member_with_a_new_date(client_as, staff, case, action):
    client = client_as(staff[Role.CASE_MANAGER])
    old_due, new_due = action.due_on, TODAY() + timedelta(days=30)
    response = client.post(
        url("cases:plan_action_edit", case.number, action.pk),
        {"text": ACTION_TEXT, "assignee": staff[Role.PSYCHOLOGIST].pk, "due_on": new_due.isoformat()},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.assignee, action.due_on, action.text) == (staff[Role.PSYCHOLOGIST], new_due, ACTION_TEXT)
    event = AuditEvent.objects.get(action="task.update")
    assert event.before == {"assignee_id": staff[Role.LAWYER].pk, "due_on": str(old_due)}
    assert event.after == {"assignee_id": staff[Role.PSYCHOLOGIST].pk, "due_on": str(new_due)}
    # Someone who has left the team cannot be given the action, even by a direct call.
    outsider = make_staff(Role.LAWYER, "other_lawyer")
    with pytest.raises(CaseRuleError):
        action_update(
            actor=staff[Role.CASE_MANAGER], task=action, text=ACTION_TEXT, assignee=outsider, due_on=new_due
        )


def test_the_section_lists_goals_actions_and_marks_the_overdue(client_as, staff, case, goal, action):
    manager, psychologist = staff[Role.CASE_MANAGER], staff[Role.PSYCHOLOGIST]
    late = action_add(
        actor=manager,
        goal=goal,
        text="Кеш қалған ис",
        assignee=psychologist,
        due_on=TODAY() - timedelta(days=3),
    )
    done_late = action_add(
        actor=manager, goal=goal, text="Исленген ис", assignee=manager, due_on=TODAY() - timedelta(days=5)
    )
    done_late.done_on = TODAY()
    done_late.save()
    page = client_as(staff[Role.LAWYER]).get(url("cases:case_detail", case.number)).content.decode()
    assert GOAL_TEXT in page and ACTION_TEXT in page
    assert "overdue" in row_text(page, f"action-{late.pk}") and "Zarina" in row_text(
        page, f"action-{late.pk}"
    )
    assert "overdue" not in row_text(page, f"action-{action.pk}")  # due next week
    assert "overdue" not in row_text(page, f"action-{done_late.pk}")  # late, but done
    assert page.count('data-testid="overdue"') == 1


def test_the_plan_reads_in_two_queries_whatever_its_size(staff, case, django_assert_num_queries):
    manager = staff[Role.CASE_MANAGER]
    for domain in ("safety", "legal", "economic"):
        goal = goal_add(actor=manager, case=case, domain=domain, text="Мақсет")
        for days in (1, 2, 3):
            action_add(
                actor=manager, goal=goal, text="Ис", assignee=manager, due_on=TODAY() + timedelta(days)
            )
    with django_assert_num_queries(2):
        rows = plan_of(case)
        names = [action.task.assignee.username for row in rows for action in row.actions]
    assert len(rows) == 3 and names == ["gulnara"] * 9


def test_open_goals_come_first_in_the_order_of_the_domains(staff, case):
    manager = staff[Role.CASE_MANAGER]
    made = {
        domain: goal_add(actor=manager, case=case, domain=domain, text="Мақсет")
        for domain in ("family", "economic", "safety")
    }
    goal_set_achieved(actor=manager, goal=made["safety"], achieved=True)
    assert [row.goal.domain for row in plan_of(case)] == ["economic", "family", "safety"]


def test_another_teams_caseworker_gets_404_and_changes_nothing(client_as, staff, case, goal, action):
    client = client_as(make_staff(Role.CASE_MANAGER, "other_manager"))
    number = case.number
    assert client.get(url("cases:plan_goal_add", number)).status_code == 404
    assert (
        client.post(url("cases:plan_goal_add", number), {"domain": "safety", "text": "x"}).status_code == 404
    )
    assert client.get(url("cases:plan_goal_edit", number, goal.pk)).status_code == 404
    assert client.get(url("cases:plan_action_add", number, goal.pk)).status_code == 404
    assert client.get(url("cases:plan_action_edit", number, action.pk)).status_code == 404
    assert client.post(url("cases:plan_action_done", number, action.pk)).status_code == 404
    assert client.post(url("cases:plan_goal_achieved", number, goal.pk)).status_code == 404
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.done_on is None and goal.achieved_on is None and Goal.objects.count() == 1


def test_a_goal_of_another_case_is_not_found_through_this_case(client_as, staff, case, action):
    other_case = sample_case(staff)
    client = client_as(staff[Role.CASE_MANAGER])
    assert client.post(url("cases:plan_action_done", other_case.number, action.pk)).status_code == 404
    assert client.get(url("cases:plan_goal_edit", other_case.number, action.goal_id)).status_code == 404
    action.refresh_from_db()
    assert action.done_on is None


def test_a_closed_case_refuses_changes_to_its_plan(client_as, staff, case, goal, action):
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=TODAY())
    client = client_as(staff[Role.CASE_MANAGER])
    message = "This case is closed: reopen it before changing its file."
    assert message in client.get(url("cases:plan_goal_add", case.number)).content.decode()
    response = client.post(url("cases:plan_goal_add", case.number), {"domain": "safety", "text": "x"})
    assert message in response.content.decode() and Goal.objects.count() == 1
    response = client.post(url("cases:plan_action_done", case.number, action.pk), follow=True)
    assert message in response.content.decode()
    action.refresh_from_db()
    assert action.done_on is None
    assert not AuditEvent.objects.filter(action="task.done").exists()
