"""Need to know for the registry (docs/protection.md, "Who sees what"): a caseworker reads the people of
their teams' cases, of the appeals they handle and the records they registered; a search shows that any
other record exists, by its code, without its content; opening it answers 404 like a missing page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from isenim.cases.services.cases import team_remove
from isenim.core.access import CASEWORK, Role
from isenim.core.models import AccessEvent
from isenim.people import reach, selectors
from isenim.people.matching import Probe
from isenim.people.models import Consent
from isenim.people.search import search_people
from isenim.people.services import PersonData, consent_record, family_link_add, person_create, person_merge
from isenim.people.tests.reach_helpers import appeal_from, close_appeal, open_case

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OUTSIDE = 'data-testid="outside-reach"'


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


def register(actor, last_name, first_name, birth_date="1988-05-01", **facts):
    identity = {"last_name": last_name, "first_name": first_name, "birth_date": birth_date}
    return person_create(actor=actor, data=PersonData(identity=identity, birth_year=1988, **facts))


@pytest.fixture
def world(staff):
    """Erlan is on the psychologist's case; Aigul is nobody's but the director's (an old, closed appeal);
    each has a signed consent form."""
    director = staff[Role.DIRECTOR]
    erlan = register(director, "Сапарбаев", "Ерлан")
    open_case(staff, erlan, staff[Role.PSYCHOLOGIST])
    aigul = register(director, "Турсынбаева", "Айгүл", birth_date="1979-12-30")
    close_appeal(director, appeal_from(director, aigul))
    forms = {
        person.code: consent_record(
            actor=director,
            person=person,
            purpose="services",
            given_on=timezone.localdate(),
            signed_form=PDF,
            signed_form_type="application/pdf",
        )
        for person in (erlan, aigul)
    }
    return erlan, aigul, forms


def _page(response) -> str:
    """A page without its per-request nonce and token, and without the codes in its own address (the
    language links)."""
    html = re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())
    return re.sub(r"ISN-\d{4}-\d+", "ISN-…", html)


def search(client, text: str) -> str:
    return client.post(reverse("people:person_list"), {"q": text}, follow=True).content.decode()


def test_a_search_shows_a_record_outside_ones_reach_as_a_bare_code(client_as, staff, world):
    erlan, aigul, _forms = world
    client = client_as(staff[Role.PSYCHOLOGIST])
    own = search(client, "Saparbaev Erlan")
    assert "Сапарбаев Ерлан" in own and reverse("people:person_detail", args=[erlan.code]) in own
    assert OUTSIDE not in own

    page = search(client, "Tursynbaeva Aygul")
    assert aigul.code in page and OUTSIDE in page  # it exists: nobody registers her twice
    for content in ("Турсынбаева", "Айгүл", "1979"):  # (the search box keeps what was typed, in Latin)
        assert content not in page, content
    assert reverse("people:person_detail", args=[aigul.code]) not in page  # no way in
    # The director reads both.
    assert "Турсынбаева Айгүл" in search(client_as(staff[Role.DIRECTOR]), "Tursynbaeva Aygul")


def test_a_code_outside_ones_reach_is_listed_not_opened(client_as, staff, world):
    erlan, aigul, _forms = world
    client = client_as(staff[Role.PSYCHOLOGIST])
    own = client.post(reverse("people:person_list"), {"q": erlan.code}, follow=True)
    assert own.redirect_chain[-1][0] == reverse("people:person_detail", args=[erlan.code])
    other = client.post(reverse("people:person_list"), {"q": aigul.code}, follow=True)
    page = other.content.decode()
    assert other.status_code == 200 and aigul.code in page and OUTSIDE in page
    assert "Турсынбаева" not in page


READ_ONLY_PAGES = {"people:person_detail", "people:consent_form_download"}


@pytest.mark.parametrize("role", sorted(CASEWORK - {Role.DIRECTOR}))
def test_opening_a_record_outside_ones_reach_answers_404(client_as, staff, world, role):
    _erlan, aigul, forms = world
    client = client_as(staff[role])
    consent = forms[aigul.code]
    before = AccessEvent.objects.filter(kind="view").count()
    for name, kwargs in [
        ("people:person_detail", {"code": aigul.code}),
        ("people:person_edit", {"code": aigul.code}),
        ("people:family_link_add", {"code": aigul.code}),
        ("people:consent_add", {"code": aigul.code}),
        ("people:consent_withdraw", {"code": aigul.code, "pk": consent.pk}),
        ("people:consent_form_download", {"code": aigul.code, "pk": consent.pk}),
    ]:
        url = reverse(name, kwargs=kwargs)
        missing = reverse(name, kwargs={**kwargs, "code": "ISN-2026-99999"})
        response = client.get(url)
        assert response.status_code == 404, name
        assert _page(response) == _page(client.get(missing)), name  # exactly like a missing record
        posted = client.post(url, {"withdrawn_on": timezone.localdate().isoformat()})
        # a page that only shows something answers POST with 405 for any record, there or not: no leak
        assert posted.status_code == (405 if name in READ_ONLY_PAGES else 404), name
    assert AccessEvent.objects.filter(kind="view").count() == before  # nothing of hers was read
    assert Consent.objects.get(pk=consent.pk).active


def test_a_consent_form_follows_the_person_on_and_off_the_team(client_as, staff, world):
    erlan, _aigul, forms = world
    client = client_as(staff[Role.PSYCHOLOGIST])
    url = reverse("people:consent_form_download", args=[erlan.code, forms[erlan.code].pk])
    assert client.get(url).content == PDF
    # She leaves the team: the form (and the person) are no longer hers to read.
    case = erlan.cases.get()
    team_remove(actor=staff[Role.DIRECTOR], case=case, user=staff[Role.PSYCHOLOGIST])
    assert client.get(url).status_code == 404
    assert client.get(reverse("people:person_detail", args=[erlan.code])).status_code == 404
    assert client_as(staff[Role.DIRECTOR]).get(url).content == PDF


def test_the_list_holds_the_people_of_ones_cases_appeals_and_registrations(client_as, staff, world):
    erlan, aigul, _forms = world
    operator = staff[Role.INTAKE_OPERATOR]
    walked_in = register(operator, "Ембергенов", "Азамат")  # she registered him herself
    called = register(staff[Role.DIRECTOR], "Рахимов", "Сардор")
    appeal_from(operator, called)  # she registered his appeal
    listed = client_as(operator).get(reverse("people:person_list")).content.decode()
    assert walked_in.code in listed and called.code in listed and "Рахимов Сардор" in listed
    assert erlan.code not in listed and aigul.code not in listed
    psychologist = client_as(staff[Role.PSYCHOLOGIST]).get(reverse("people:person_list")).content.decode()
    assert erlan.code in psychologist
    assert all(person.code not in psychologist for person in (aigul, walked_in, called))
    director = client_as(staff[Role.DIRECTOR]).get(reverse("people:person_list")).content.decode()
    assert all(person.code in director for person in (erlan, aigul, walked_in, called))


def test_the_duplicate_check_shows_that_a_record_exists_without_its_content(client_as, staff, world):
    _erlan, aigul, _forms = world
    client = client_as(staff[Role.CASE_MANAGER])
    typed = {"last_name": "Tursynbaeva", "first_name": "Aygul", "birth_date": "1979-12-30"}
    page = client.post(reverse("people:person_candidates"), typed).content.decode()
    assert aigul.code in page and OUTSIDE in page
    assert "Турсынбаева" not in page and "1979" not in page
    assert 'name="confirm_different"' in page  # still a likely duplicate: saving asks for a confirmation


def test_relatives_outside_ones_reach_show_by_their_code_only(client_as, staff, world):
    erlan, aigul, _forms = world
    family_link_add(actor=staff[Role.DIRECTOR], person=erlan, relative=aigul, relation="sibling")
    page = client_as(staff[Role.PSYCHOLOGIST]).get(reverse("people:person_detail", args=[erlan.code]))
    html = page.content.decode()
    assert aigul.code in html and OUTSIDE in html and "Турсынбаева" not in html
    assert reverse("people:person_detail", args=[aigul.code]) not in html
    assert not AccessEvent.objects.filter(kind="view", target_id=str(aigul.pk)).exists()
    # Nor can she link someone she may not read (their name would show on his page).
    response = client_as(staff[Role.PSYCHOLOGIST]).post(
        reverse("people:family_link_add", args=[erlan.code]), {"relative": aigul.code, "relation": "parent"}
    )
    assert response.status_code == 200 and erlan.family_links.count() == 1


def test_a_merged_record_is_read_by_whoever_reads_the_one_kept(client_as, staff, world):
    erlan, _aigul, _forms = world
    old = register(staff[Role.DIRECTOR], "Saparbaev", "Erlan")
    person_merge(actor=staff[Role.DIRECTOR], keep=erlan, duplicate=old)
    assert (
        client_as(staff[Role.PSYCHOLOGIST]).get(reverse("people:person_detail", args=[old.code])).status_code
        == 200
    )
    assert (
        client_as(staff[Role.LAWYER]).get(reverse("people:person_detail", args=[old.code])).status_code == 404
    )


def test_marking_a_search_readable_costs_one_query_on_the_matches_only(
    staff, world, django_assert_num_queries
):
    erlan, aigul, _forms = world
    for number in range(30):
        register(staff[Role.DIRECTOR], "Сапарбаев", f"Ерлан{number}")
    psychologist = staff[Role.PSYCHOLOGIST]
    matches = search_people(Probe(name="Saparbaev Erlan"), limit=50)
    assert len(matches) > 20
    with django_assert_num_queries(1):
        readable = reach.readable_ids(psychologist, [m.person.pk for m in matches])
    assert readable == {erlan.pk}
    with django_assert_num_queries(1):
        assert reach.readable_ids(psychologist, [aigul.pk]) == set()
    # The director reads everyone: no query at all.
    with django_assert_num_queries(0):
        assert reach.readable_ids(staff[Role.DIRECTOR], [aigul.pk, erlan.pk]) == {aigul.pk, erlan.pk}


def test_the_list_asks_the_reach_in_one_query_without_an_or(staff, world, django_assert_num_queries):
    """The list narrows by ``pk IN (… UNION …)``: each part walks an index from the user's own rows
    (team places, appeals registered…) instead of testing every person of the registry."""
    erlan, _aigul, _forms = world
    people = selectors.active_people(staff[Role.PSYCHOLOGIST])
    sql = str(people.query).upper()
    assert " UNION " in sql and " OR " not in sql
    with django_assert_num_queries(1):
        assert list(people) == [erlan]


def test_the_reach_follows_the_appeals_one_handles(staff, world):
    erlan, aigul, _forms = world
    manager, lawyer = staff[Role.CASE_MANAGER], staff[Role.LAWYER]
    newcomer = register(
        staff[Role.DIRECTOR], "Досымбетов", "Арман", birth_date=datetime.date(1990, 1, 2).isoformat()
    )
    appeal = appeal_from(staff[Role.INTAKE_OPERATOR], newcomer)
    # An appeal waiting for triage: the case managers read it and its appellant; a lawyer does not.
    assert set(selectors.active_people(manager)) == {newcomer}
    assert set(selectors.active_people(lawyer)) == set()
    from isenim.appeals.services import appeal_assign

    appeal_assign(actor=manager, appeal=appeal, assignee=lawyer)
    assert set(selectors.active_people(lawyer)) == {newcomer}  # her appeal now
    close_appeal(lawyer, appeal)
    assert set(selectors.active_people(lawyer)) == {newcomer}  # still hers: she owned and decided it
    assert set(selectors.active_people(manager)) == set()  # out of triage, never hers
    assert erlan not in selectors.active_people(lawyer) and aigul not in selectors.active_people(lawyer)
