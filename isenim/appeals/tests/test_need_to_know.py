"""Need to know for appeals (docs/protection.md, "Who sees what"): the intake operator reads the appeals she
registered; caseworkers those they own or decided and the appeals of their cases' people; case managers
also every appeal still open (they triage it); the director every appeal. Anything else answers 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from isenim.appeals import selectors
from isenim.appeals.models import Appeal
from isenim.appeals.services import appeal_assign
from isenim.core.access import Role
from isenim.core.models import AccessEvent
from isenim.people.tests.reach_helpers import close_appeal, open_case

NARRATIVE = "Жумыс берийши паспортын алып қойды"


def form_data(**changes) -> dict:
    """The intake form for an appeal linked to a person of the registry (``appellant``: their code)."""
    return {
        "received_on": timezone.localdate().isoformat(),
        "channel": "walk_in",
        "category": "other",
        "sex": "U",
        "narrative": NARRATIVE,
        **changes,
    }


def url(name: str, code: str) -> str:
    return reverse(f"appeals:{name}", args=[code])


@pytest.fixture
def two_appeals(staff, make_person, make_appeal):
    """Two closed appeals of the intake operator and of the director, each with a narrative."""
    operator, director = staff[Role.INTAKE_OPERATOR], staff[Role.DIRECTOR]
    mine = make_appeal(operator, person=make_person(operator, "Ембергенов", "Азамат"), narrative=NARRATIVE)
    other = make_appeal(
        director, person=make_person(director, "Турсынбаева", "Айгүл"), narrative="Басқа биреўдиң гәпи"
    )
    for appeal in (mine, other):
        close_appeal(director, appeal)
    return mine, other


def test_the_intake_operator_reads_her_own_appeal_but_not_anothers(client_as, staff, two_appeals):
    mine, other = two_appeals
    client = client_as(staff[Role.INTAKE_OPERATOR])
    page = client.get(url("appeal_detail", mine.code))
    assert page.status_code == 200 and NARRATIVE in page.content.decode()
    assert client.get(reverse("people:person_detail", args=[mine.person.code])).status_code == 200
    for name in ("appeal_detail", "appeal_edit"):
        assert client.get(url(name, other.code)).status_code == 404, name
    assert client.get(reverse("people:person_detail", args=[other.person.code])).status_code == 404
    listed = client.get(reverse("appeals:appeal_list")).content.decode()
    assert mine.code in listed and other.code not in listed
    # A name search of the list finds only her appeals, though both people are in the registry.
    found = client.post(reverse("appeals:appeal_list"), {"q": "Tursynbaeva Aygul"}, follow=True)
    assert other.code not in found.content.decode()
    viewed = AccessEvent.objects.filter(kind="view", actor=staff[Role.INTAKE_OPERATOR])
    assert not viewed.filter(target_id=str(other.pk)).exists()


def test_an_appeal_off_limits_is_refused_to_every_form(client_as, staff, two_appeals):
    _mine, other = two_appeals
    client = client_as(staff[Role.INTAKE_OPERATOR])
    response = client.post(url("appeal_edit", other.code), {"narrative": "changed"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.narrative == "Басқа биреўдиң гәпи"


def test_case_managers_read_every_open_appeal_until_its_outcome(client_as, staff, make_person, make_appeal):
    manager, lawyer = staff[Role.CASE_MANAGER], staff[Role.LAWYER]
    appeal = make_appeal(
        staff[Role.INTAKE_OPERATOR], person=make_person(staff[Role.DIRECTOR], "Рахимов", "Сардор")
    )
    client = client_as(manager)
    assert client.get(url("appeal_detail", appeal.code)).status_code == 200  # new: she assigns it
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=appeal, assignee=lawyer)
    assert client.get(url("appeal_detail", appeal.code)).status_code == 200  # open: she may reassign it
    assert client.get(reverse("people:person_detail", args=[appeal.person.code])).status_code == 200
    close_appeal(lawyer, appeal)
    assert client.get(url("appeal_detail", appeal.code)).status_code == 404  # decided by someone else
    assert client.get(reverse("people:person_detail", args=[appeal.person.code])).status_code == 404
    assert client_as(lawyer).get(url("appeal_detail", appeal.code)).status_code == 200  # hers, still


def test_psychologists_and_lawyers_read_what_they_own_and_their_cases_appeals(
    client_as, staff, make_person, make_appeal
):
    psychologist, lawyer = staff[Role.PSYCHOLOGIST], staff[Role.LAWYER]
    operator = staff[Role.INTAKE_OPERATOR]
    waiting = make_appeal(operator, person=make_person(operator, "Қаллыбаева", "Гүлнара"))
    client = client_as(psychologist)
    assert client.get(url("appeal_detail", waiting.code)).status_code == 404  # nobody's yet: not hers
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=waiting, assignee=psychologist)
    assert client.get(url("appeal_detail", waiting.code)).status_code == 200
    assert client_as(lawyer).get(url("appeal_detail", waiting.code)).status_code == 404
    # A case of the person is opened with the lawyer on its team: she reads the person's appeals.
    open_case(staff, waiting.person, lawyer)
    assert client_as(lawyer).get(url("appeal_detail", waiting.code)).status_code == 200
    later = make_appeal(operator, person=waiting.person)  # the person comes back: news for the team
    assert client_as(lawyer).get(url("appeal_detail", later.code)).status_code == 200
    # Not the psychologist's: she owns his first appeal, not his case (one test client: sign in again).
    assert client_as(psychologist).get(url("appeal_detail", later.code)).status_code == 404


def test_the_intake_shows_a_record_outside_her_reach_without_a_link(client_as, staff, make_person):
    known = make_person(staff[Role.DIRECTOR], "Сапарбаев", "Ерлан", birth_date="1990-05-01")
    client = client_as(staff[Role.INTAKE_OPERATOR])
    page = client.post(
        reverse("appeals:person_candidates"),
        {"last_name": "Saparbayev", "first_name": "Yerlan", "birth_date": "1990-05-01"},
    ).content.decode()
    assert known.code in page and 'data-outside-reach="true"' in page
    assert "Сапарбаев" not in page and "1990" not in page
    assert f'name="appellant" value="{known.code}"' not in page  # linking would open the record to her
    assert 'name="different_person"' in page  # a strong likeness still asks to confirm


def test_the_intake_refuses_to_link_an_appeal_to_a_record_outside_her_reach(client_as, staff, make_person):
    """Linking would open the record to whoever registered the appeal: only a record she may read."""
    operator = staff[Role.INTAKE_OPERATOR]
    known = make_person(staff[Role.DIRECTOR], "Сапарбаев", "Ерлан", birth_date="1990-05-01")
    client = client_as(operator)
    response = client.post("/en" + reverse("appeals:appeal_create"), form_data(appellant=known.code))
    page = response.content.decode()
    assert response.status_code == 200 and "Choose who the appeal is from." in page
    assert not Appeal.objects.exists() and "Сапарбаев" not in page
    own = make_person(operator, "Ембергенов", "Азамат")  # a record she registered herself
    assert client.post(reverse("appeals:appeal_create"), form_data(appellant=own.code)).status_code == 302
    assert Appeal.objects.get().person == own


def test_an_appeal_may_repeat_one_outside_ones_reach(client_as, staff, two_appeals, make_appeal):
    """A duplicate names the appeal it repeats by its code: nothing of it is shown, so a case manager
    closes a repeat of an appeal someone else handled."""
    _mine, other = two_appeals
    repeat = make_appeal(staff[Role.INTAKE_OPERATOR], person=other.person)
    client = client_as(staff[Role.CASE_MANAGER])
    assert client.get(url("appeal_detail", other.code)).status_code == 404
    response = client.post(
        url("appeal_outcome", repeat.code), {"outcome": "duplicate", "duplicate_of": other.code}
    )
    assert response.status_code == 302
    repeat.refresh_from_db()
    assert repeat.duplicate_of == other and repeat.state == "closed"


def test_my_work_and_the_counts_stay_within_reach(staff, make_appeal):
    lawyer = staff[Role.LAWYER]
    own = make_appeal(staff[Role.INTAKE_OPERATOR])
    make_appeal(staff[Role.INTAKE_OPERATOR])
    appeal_assign(actor=staff[Role.DIRECTOR], appeal=own, assignee=lawyer)
    assert selectors.assigned_appeals(lawyer) == [own]
    summary = selectors.triage_summary(lawyer)
    assert summary.unassigned == 0  # the waiting one is not hers to read
    assert selectors.triage_summary(staff[Role.CASE_MANAGER]).unassigned == 1
    assert set(selectors.appeals_for(staff[Role.DIRECTOR])) == set(Appeal.objects.all())
