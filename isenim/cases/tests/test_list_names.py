"""Names in the lists (issue 18, item 6): a member of staff sees the person's name beside the code in the
rows of their own cases (they sit on the team) and their own appeals (assigned to them, or whose person has
a case of theirs); every other row keeps the code only, the director's list included. Each name shown is a
view in the access log. The "presumed victim" column comes right after the person."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from isenim.appeals.services import AppealData, appeal_assign, appeal_register
from isenim.cases.services.cases import CaseData, case_open
from isenim.core.access import Role
from isenim.core.models import AccessEvent
from isenim.people.services import PersonData

pytestmark = pytest.mark.django_db

OURS, THEIRS, ASSIGNED = "Жумабаева Гулзира", "Турсынов Азамат", "Қаллиева Айгүл"


def url(name, language="kaa"):
    """Names are written in the interface's script: the lists are read in Karakalpak (Cyrillic, the default,
    as the names were typed) unless a test asks for English."""
    with translation.override(language):
        return reverse(name)


def _appeal(staff, last, first, presumed=False):
    return appeal_register(
        actor=staff[Role.INTAKE_OPERATOR],
        data=AppealData(
            received_on=timezone.localdate(),
            channel="walk_in",
            category="presumed_victim" if presumed else "young_graduate",
            answers={"ind_not_free_to_leave": True} if presumed else {},
        ),
        new_person=PersonData(identity={"last_name": last, "first_name": first}),
    )


@pytest.fixture
def world(staff):
    """A case whose team is the case manager and the director (``ours``), a case of the lawyer alone
    (``theirs``), and an appeal with no case assigned to the case manager."""
    manager, lawyer, director = staff[Role.CASE_MANAGER], staff[Role.LAWYER], staff[Role.DIRECTOR]
    today = timezone.localdate()
    ours = _appeal(staff, *OURS.split(), presumed=True)
    theirs = _appeal(staff, *THEIRS.split())
    assigned = _appeal(staff, *ASSIGNED.split())
    data = CaseData(priority="normal", risk="medium", manager=manager, opened_on=today)
    case_ours = case_open(actor=director, person=ours.person, appeal=ours, data=data, team=[director])
    data = CaseData(priority="normal", risk="medium", manager=lawyer, opened_on=today)
    # Opened by the lawyer herself (opening a case from an appeal gives its owner the appeal).
    case_theirs = case_open(actor=lawyer, person=theirs.person, appeal=theirs, data=data)
    appeal_assign(actor=director, appeal=assigned, assignee=manager)
    return {"ours": case_ours, "theirs": case_theirs, "assigned": assigned}


def _rows(page: str, test_id: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(rf'data-testid="{test_id}">(.*?)</td>', page)
    ]


def test_the_case_list_names_the_people_of_ones_own_cases(client_as, staff, world):
    ours, theirs = world["ours"], world["theirs"]
    director_page = client_as(staff[Role.DIRECTOR]).get(url("cases:case_list")).content.decode()
    rows = _rows(director_page, "case-person")
    # The director sees every case, but a name only where she sits on the team.
    assert f"{ours.person.code} · {OURS}" in rows
    assert theirs.person.code in rows and THEIRS not in director_page
    manager_page = client_as(staff[Role.CASE_MANAGER]).get(url("cases:case_list")).content.decode()
    assert _rows(manager_page, "case-person") == [f"{ours.person.code} · {OURS}"]
    lawyer_page = client_as(staff[Role.LAWYER]).get(url("cases:case_list")).content.decode()
    assert _rows(lawyer_page, "case-person") == [f"{theirs.person.code} · {THEIRS}"]
    # Each name shown is a view of the person; a code alone is not.
    views = AccessEvent.objects.filter(kind="view", detail="case list")
    assert {(e.actor.username, e.target_id) for e in views} == {
        (staff[Role.DIRECTOR].username, str(ours.person.pk)),
        (staff[Role.CASE_MANAGER].username, str(ours.person.pk)),
        (staff[Role.LAWYER].username, str(theirs.person.pk)),
    }
    # The presumed victim column right after the person, marked for the case from a presumed victim.
    english = client_as(staff[Role.DIRECTOR]).get(url("cases:case_list", "en")).content.decode()
    headers = re.findall(r"<th>(.*?)</th>", english)
    assert headers.index("Presumed victim") == headers.index("Person") + 1
    assert english.count("<mark>Presumed victim</mark>") == 1


def test_the_appeal_list_names_the_appellants_of_ones_own_appeals(client_as, staff, world):
    ours, assigned = world["ours"], world["assigned"]
    manager_page = client_as(staff[Role.CASE_MANAGER]).get(url("appeals:appeal_list")).content.decode()
    rows = _rows(manager_page, "appeal-person")
    # The case manager assigns appeals, so reads every open one: names only for hers.
    assert f"{ours.person.code} · {OURS}" in rows  # the person of a case of hers
    assert f"{assigned.person.code} · {ASSIGNED}" in rows  # assigned to her
    assert THEIRS not in manager_page  # a case of the lawyer alone: its appeal is not in her reach
    director_page = client_as(staff[Role.DIRECTOR]).get(url("appeals:appeal_list")).content.decode()
    assert f"{ours.person.code} · {OURS}" in _rows(director_page, "appeal-person")
    assert ASSIGNED not in director_page and THEIRS not in director_page
    operator_page = client_as(staff[Role.INTAKE_OPERATOR]).get(url("appeals:appeal_list")).content.decode()
    # She registered all three (so lists them) but works on none: codes only.
    assert len(_rows(operator_page, "appeal-person")) == 3
    assert not any(name in operator_page for name in (OURS, THEIRS, ASSIGNED))
    views = AccessEvent.objects.filter(kind="view", detail="appeal list")
    assert views.filter(actor=staff[Role.CASE_MANAGER]).count() == 2
    assert views.filter(actor=staff[Role.INTAKE_OPERATOR]).count() == 0
    english = client_as(staff[Role.CASE_MANAGER]).get(url("appeals:appeal_list", "en")).content.decode()
    headers = re.findall(r"<th>(.*?)</th>", english)
    assert headers.index("Presumed victim") == headers.index("Appellant") + 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_presumed_victim_column_is_in_view_at_1366_px(browser, live_server, staff, world, screenshot_dir):
    from conftest import sign_in

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, staff[Role.CASE_MANAGER])
        for path, name in (("/en/staff/appeals/", "appeals"), ("/en/staff/cases/", "cases")):
            page.goto(path)
            header = page.locator("th", has_text="Presumed victim").first
            box = header.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 1366, (name, box)
            # Her own row, named (in the English interface's script).
            assert f"{world['ours'].person.code} · " in page.locator("main table").inner_text()
            page.screenshot(path=screenshot_dir / f"list-names-{name}-1366.png", full_page=True)
    finally:
        context.close()
