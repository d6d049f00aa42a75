"""The demo cases of ``isenim seed-demo``: every casework role finds work in "My work" and the case list."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from isenim.accounts.demo import ensure_demo_staff
from isenim.appeals.demo import DEMO_MARK, ensure_demo_appeals
from isenim.cases.demo import DEMO_CASES, ensure_demo_cases
from isenim.cases.models import Approval, Case, Referral, Task
from isenim.core.models import AuditEvent


@pytest.fixture(scope="module")
def _demo_once(module_db, django_db_blocker, tmp_path_factory):
    """Made once for this module (conftest's ``module_db``); each test's changes roll back."""
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(VAR_DIR=tmp_path_factory.mktemp("var")):
        call_command("load-reference")  # districts, countries, the service catalogue and partners
        ensure_demo_staff()
        ensure_demo_appeals()


@pytest.fixture
def demo(_demo_once, db, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the demo credentials file
    return {user.username: user for user in get_user_model().objects.all()}


# First: the tests after it share the module's staff and appeals (``module_db``); this one seeds from nothing.
def test_seed_demo_opens_the_demo_cases(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed-demo", "--force", "--quiet")
    opened = Case.objects.count()
    # The case file's own demo cases, and those other apps' demos open (the grant's young graduates).
    assert opened >= len(DEMO_CASES)
    call_command("seed-demo", "--force", "--quiet")
    assert Case.objects.count() == opened


def test_it_opens_the_demo_cases_once(demo):
    opened = ensure_demo_cases()
    assert opened == len(DEMO_CASES) == Case.objects.count()
    assert ensure_demo_cases() == 0 and Case.objects.count() == opened
    cases = Case.objects.all()
    assert all(case.person.external_id.startswith(DEMO_MARK) and case.appeal for case in cases)
    assert len({case.person_id for case in cases}) == opened
    assert {case.status for case in cases} >= {"open", "assessment", "plan", "in_service", "closed"}
    assert cases.filter(manager=demo["director"]).exists()
    today = timezone.localdate()
    open_tasks = Task.objects.filter(done_on=None)
    assert open_tasks.filter(due_on__lt=today).exists() and open_tasks.filter(due_on__gte=today).exists()
    assert open_tasks.filter(kind="follow_up").exists()
    assert Referral.objects.filter(status="sent", handler__isnull=False).count() >= 3
    assert Approval.objects.filter(state="pending", kind="closure").count() == 1
    # Written through the services: the audit log tells the story, without the sealed texts.
    assert AuditEvent.objects.filter(action="case.open").count() == opened
    assert not AuditEvent.objects.filter(after__icontains="Претензия").exists()


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("casemanager", ["my-overdue", "my-week", "my-follow-ups", "my-referrals", "my-cases"]),
        ("psychologist", ["my-week", "my-follow-ups", "my-cases"]),
        ("lawyer", ["my-overdue", "my-week", "my-referrals", "my-cases"]),
        ("director", ["my-approvals", "my-overdue", "my-cases"]),
    ],
)
def test_every_casework_role_has_something_in_my_work_and_the_case_list(demo, client, username, expected):
    ensure_demo_cases()
    user = demo[username]
    client.force_login(user)
    page = client.get(reverse("cases:my_work")).content.decode()
    for testid in expected:
        section = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0].split("</ul>", 1)[0]
        assert "/staff/cases/CASE-" in section or "approvals/" in section, (username, testid)
    listed = client.get(reverse("cases:case_list")).content.decode()
    assert listed.count('data-testid="case-row"') >= 2


def test_the_closed_demo_case_has_work_hanging_on_it_that_my_work_leaves_out(demo, client):
    ensure_demo_cases()
    closed = Case.objects.get(status="closed")
    assert closed.tasks.filter(done_on=None, kind="action").exists()
    assert closed.tasks.filter(done_on=None, kind="follow_up").exists()
    assert closed.notes.exists() and closed.referrals.filter(status="sent").exists()
    for username in ("casemanager", "psychologist"):
        client.force_login(demo[username])
        assert closed.number not in client.get(reverse("cases:my_work")).content.decode()
