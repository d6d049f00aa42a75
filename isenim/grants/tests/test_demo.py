"""The state-grant project of ``isenim seed-demo``: 11 target assemblies, 20 meetings in 9 of them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from isenim.accounts.demo import ensure_demo_staff
from isenim.appeals.demo import ensure_demo_appeals, ensure_demo_triage
from isenim.core.models import AuditEvent
from isenim.grants.demo import CODE, ensure_demo_grants
from isenim.grants.models import GrantProject, Meeting, MeetingMaterial
from isenim.grants.selectors.coverage import coverage
from isenim.prevention.demo import ensure_demo_prevention


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo credentials file
    call_command("load-reference")
    ensure_demo_staff()
    ensure_demo_appeals()
    ensure_demo_triage()
    ensure_demo_prevention()
    return {user.username: user for user in get_user_model().objects.all()}


def test_the_state_grant_project_once(demo):
    assert ensure_demo_grants() == 20
    assert ensure_demo_grants() == 0 and Meeting.objects.count() == 20
    project = GrantProject.objects.get(code=CODE)
    assert "Арал бойы" in project.title and "Олий Мажлис" in project.donor
    found = coverage(project)
    assert (len(found["covered"]), len(found["target"])) == (9, 11)
    assert [unit.name("kaa") for unit in found["missing"]] == ["Арал", "Жайҳун"]
    assert sorted(unit.name("kaa") for unit in found["covered"]) == sorted(
        [
            "Таллы-өзек",
            "Мойнақ",
            "Дослық",
            "Бозатаў",
            "Қазақдәрья",
            "Ҳәким ата",
            "Үшсай",
            "Мәдели",
            "Тик-өзек",
        ]
    )
    assert {unit.assembly_kind for unit in found["target"]} == {"mahalla", "village"}
    assert sum(unit.assembly_kind == "mahalla" for unit in found["target"]) == 5
    # Every meeting's attendance entered, adding up; held in the project's dates, in the past.
    for meeting in Meeting.objects.filter(project=project):
        assert meeting.attendance_entered_at and meeting.attendance_total == sum(meeting.tally().values())
        assert project.starts_on <= meeting.held_on <= project.ends_on
    assert project.budget_lines.count() == 2
    assert project.topics.count() == 6
    assert 4 <= project.periods.filter(kind="quarter").count() <= 5
    assert MeetingMaterial.objects.filter(meeting__project=project).exists()
    # Through the services: audited.
    assert AuditEvent.objects.filter(action="meeting.add").count() == 20
    assert AuditEvent.objects.filter(action="grant.add").count() == 1
