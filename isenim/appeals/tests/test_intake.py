"""Registering appeals through the intake form, as staff use it."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from isenim.appeals.choices import Cause
from isenim.appeals.models import Appeal
from isenim.core.access import Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.people.models import Person

NARRATIVE = "Жумыс бериўши паспортын алып қойды, Алматыда қурылыста ислеген."
CREATE = reverse("appeals:appeal_create")
CANDIDATES = reverse("appeals:person_candidates")


@pytest.fixture
def form_data(places):
    """A complete intake form for a new person from Moynaq (Aral) back from Kazakhstan."""

    def data(**changes):
        values = {
            "received_on": timezone.localdate().isoformat(),
            "channel": "walk_in",
            "appellant": "new",
            "last_name": "Ембергенов",
            "first_name": "Даўлет",
            "middle_name": "",
            "birth_date": "1994-03-08",
            "sex": "M",
            "phone": "+998 91 234 56 78",
            "category": "presumed_victim",
            "destination": str(places.kz.pk),
            "home_district": str(places.moynaq.pk),
            "home_assembly": str(places.aral.pk),
            "heard_about": "outreach_action",
            "heard_about_note": "Action at the Moynaq bazaar",
            "narrative": NARRATIVE,
            "fact_job_deception": "on",
            "fact_documents_taken": "on",
            "ind_documents_withheld": "on",
            "ind_not_free_to_leave": "on",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}

    return data


def raw_rows(table: str) -> str:
    """Everything the database holds in a table, as text (what a dump would show)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
        return repr(cursor.fetchall())


def test_it_registers_an_appeal_from_a_new_person(client_as, staff, form_data, places):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    response = client.post(CREATE, form_data(), follow=True)
    appeal = Appeal.objects.get()
    assert response.redirect_chain[-1][0] == reverse("appeals:appeal_detail", args=[appeal.code])
    assert appeal.code.startswith(f"APL-{timezone.localdate().year}-")
    assert appeal.code in response.content.decode()
    person = appeal.person
    assert person.identity["last_name"] == "Ембергенов" and person.identity["phones"] == ["+998912345678"]
    assert (person.home_district, person.home_assembly, person.sex) == (places.moynaq, places.aral, "M")
    assert not appeal.anonymous and appeal.registered_by == staff[Role.INTAKE_OPERATOR]
    assert (appeal.category, appeal.destination, appeal.home_assembly) == (
        "presumed_victim",
        places.kz,
        places.aral,
    )
    assert appeal.cause == Cause.JOB_DECEPTION and appeal.presumed_victim
    assert appeal.narrative == NARRATIVE
    # The narrative and the name exist only sealed: neither the tables nor the audit trail hold them.
    assert "паспортын" not in raw_rows("appeals_appeal") and "Ембергенов" not in raw_rows("people_person")
    event = AuditEvent.objects.get(action="appeal.create")
    assert event.target_id == str(appeal.pk) and event.actor == staff[Role.INTAKE_OPERATOR]
    assert event.after["narrative"] == "•••" and event.after["person"] == person.code
    assert event.after["cause"] == "job_deception" and event.after["presumed_victim"] is True
    assert "паспортын" not in raw_rows("core_auditevent")
    assert AuditEvent.objects.filter(action="person.create", target_id=str(person.pk)).exists()


def test_it_registers_an_appeal_from_a_person_already_registered(
    client_as, staff, form_data, make_person, places
):
    known = make_person(staff[Role.CASE_MANAGER], "Сапарбаев", "Ерлан", birth_date="1990-05-01")
    client = client_as(staff[Role.CASE_MANAGER])
    response = client.post(CREATE, form_data(appellant=known.code, last_name="", first_name=""))
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.person == known and Person.objects.count() == 1
    assert AuditEvent.objects.get(action="appeal.create").after["person"] == known.code


def test_it_registers_an_anonymous_appeal_and_keeps_no_name(client_as, staff, form_data):
    client = client_as(staff[Role.LAWYER])
    response = client.post(CREATE, form_data(appellant="anonymous", fact_job_deception=None))
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.anonymous and appeal.person is None
    assert appeal.cause == Cause.DOCUMENTS_CONFISCATED
    assert not Person.objects.exists()  # the names typed before choosing "anonymous" are dropped


@pytest.mark.parametrize(
    ("last_name", "first_name"),
    [("Saparbayev", "Erlan"), ("САПАРБАЕВ", "ЕРЛАН"), ("Saparbaev", "Yerlan"), ("Сапарбоев", "Эрлан")],
)
def test_it_shows_registry_candidates_across_scripts(
    client_as, staff, make_person, make_appeal, places, last_name, first_name
):
    known = make_person(staff[Role.CASE_MANAGER], "Сапарбаев", "Ерлан", district=places.moynaq)
    make_person(staff[Role.CASE_MANAGER], "Ким", "Ольга")
    # He came before, and the operator registered his appeal: she reads his record (need to know).
    make_appeal(staff[Role.INTAKE_OPERATOR], person=known)
    client = client_as(staff[Role.INTAKE_OPERATOR])
    response = client.post(
        CANDIDATES,
        {"last_name": last_name, "first_name": first_name, "home_district": places.moynaq.pk},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert known.code in page and "Сапарбаев Ерлан" in page and "Ким" not in page
    assert f'name="appellant" value="{known.code}"' in page  # linking is one choice on the form
    # The search is recorded, without the name that was searched for.
    search = AccessEvent.objects.get(kind="search")
    assert search.actor == staff[Role.INTAKE_OPERATOR] and "Sapar" not in search.detail


def test_it_shows_nothing_for_a_name_too_short_or_unknown(client_as, staff, make_person):
    make_person(staff[Role.CASE_MANAGER], "Сапарбаев", "Ерлан")
    client = client_as(staff[Role.INTAKE_OPERATOR])
    assert 'data-testid="candidate"' not in client.post(CANDIDATES, {"last_name": "Са"}).content.decode()
    assert (
        'data-testid="candidate"'
        not in client.post(CANDIDATES, {"last_name": "Нурымбетова"}).content.decode()
    )
    # Names are posted: a name in a URL would stay in server logs and the browser's history.
    assert (
        'data-testid="candidate"' not in client.get(CANDIDATES, {"last_name": "Сапарбаев"}).content.decode()
    )


def test_it_asks_to_confirm_a_new_person_when_a_strong_candidate_exists(
    client_as, staff, form_data, make_person
):
    known = make_person(staff[Role.CASE_MANAGER], "Ембергенов", "Даўлет", birth_date="1994-03-08")
    client = client_as(staff[Role.INTAKE_OPERATOR])
    # While the name is typed: the candidate, the box to tick, and no error yet.
    typing = client.post(
        CANDIDATES, {"last_name": "Embergenov", "first_name": "Dawlet", "birth_date": "1994-03-08"}
    )
    assert known.code in typing.content.decode() and 'name="different_person"' in typing.content.decode()
    assert 'role="alert"' not in typing.content.decode()
    refused = client.post("/en" + CREATE, form_data(last_name="Embergenov", first_name="Dawlet"))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert known.code in page and 'name="different_person"' in page
    assert "confirm that this is a different person" in page
    assert not Appeal.objects.exists() and Person.objects.count() == 1
    confirmed = client.post(
        CREATE, form_data(last_name="Embergenov", first_name="Dawlet", different_person="on")
    )
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2 and Appeal.objects.get().person != known


def test_it_keeps_what_was_typed_and_saves_nothing_on_bad_input(client_as, staff, form_data, places):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    bad = form_data(
        category="",
        first_name="",
        home_district=str(places.nukus.pk),  # Aral is in Moynaq, not in Nukus district
        received_on="2999-01-01",
    )
    response = client.post(CREATE, bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Appeal.objects.exists() and not Person.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["appeal.create", "person.create"]).exists()
    # Every value is still there to correct, and each error says what is wrong.
    assert 'value="Ембергенов"' in page and NARRATIVE in page and 'value="+998 91 234 56 78"' in page
    assert 'id="id_fact_job_deception" checked' in page and 'id="id_ind_not_free_to_leave" checked' in page
    assert "Бул майдан толтырылыўы шәрт." in page  # "This field is required", in Karakalpak
    assert f'<option value="{places.kz.pk}" selected>' in page
    assert page.count('role="alert"') >= 4


def test_it_speaks_the_users_language_in_errors(client_as, staff, form_data):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    response = client.post("/en" + CREATE, form_data(received_on="2999-01-01"))
    assert "This date is in the future." in response.content.decode()
    assert not Appeal.objects.exists()


def test_it_lets_a_prevention_officer_register_but_not_read_the_appeal(client_as, staff, form_data):
    client = client_as(staff[Role.PREVENTION_OFFICER])
    form = client.get(CREATE).content.decode()
    assert 'id="candidates"' not in form  # no view into the registry from this role
    response = client.post(CREATE, form_data(appellant="anonymous"), follow=True)
    appeal = Appeal.objects.get()
    assert response.redirect_chain[-1][0] == CREATE
    assert appeal.code in response.content.decode() and NARRATIVE not in response.content.decode()
    assert client.get(reverse("appeals:appeal_detail", args=[appeal.code])).status_code == 404
    assert client.get(reverse("appeals:appeal_list")).status_code == 404


def test_it_lets_a_prevention_officer_neither_search_nor_link_registry_people(
    client_as, staff, form_data, make_person
):
    known = make_person(staff[Role.CASE_MANAGER], "Ембергенов", "Даўлет", birth_date="1994-03-08")
    client = client_as(staff[Role.PREVENTION_OFFICER])
    assert client.post(CANDIDATES, {"last_name": "Ембергенов"}).status_code == 404
    linked = client.post(CREATE, form_data(appellant=known.code))
    assert linked.status_code == 200 and not Appeal.objects.exists()
    assert known.code not in linked.content.decode()
    # A new record of the same name is allowed without a hint that the person is known.
    response = client.post(CREATE, form_data())
    assert response.status_code == 302 and Person.objects.count() == 2


def test_it_refuses_the_form_to_the_administrator(client_as, staff):
    assert client_as(staff[Role.ADMINISTRATOR]).get(CREATE).status_code == 404


def test_it_lists_only_the_assemblies_of_the_chosen_district(client_as, staff, places):
    client = client_as(staff[Role.PREVENTION_OFFICER])
    moynaq = client.get(reverse("geo:assembly_options"), {"home_district": places.moynaq.pk}).content.decode()
    nukus = client.get(reverse("geo:assembly_options"), {"home_district": places.nukus.pk}).content.decode()
    assert f'value="{places.aral.pk}"' in moynaq and moynaq.count("<option") == 13
    assert nukus.count("<option") == 1


def test_it_takes_the_district_from_the_assembly_when_only_that_was_chosen(
    client_as, staff, form_data, places
):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    client.post(CREATE, form_data(home_district="", home_assembly=str(places.bozataw.pk)))
    appeal = Appeal.objects.get()
    assert (appeal.home_district, appeal.home_assembly) == (places.moynaq, places.bozataw)


def test_it_asks_for_the_birth_date_when_namesakes_cannot_be_told_apart(client_as, staff, make_person):
    for birth_date in ("1990-05-01", "1985-02-11", "1979-12-30"):
        make_person(staff[Role.CASE_MANAGER], "Сапарбаев", "Ерлан", birth_date=birth_date)
    client = client_as(staff[Role.INTAKE_OPERATOR])
    name = {"last_name": "Saparbayev", "first_name": "Erlan"}
    asked = client.post(CANDIDATES, name).content.decode()
    assert asked.count('data-testid="candidate"') == 3 and 'data-testid="ask-birth-date"' in asked
    with_date = client.post(CANDIDATES, {**name, "birth_date": "1985-02-11"}).content.decode()
    assert 'data-testid="ask-birth-date"' not in with_date
    make_person(staff[Role.CASE_MANAGER], "Ким", "Ольга")
    one = client.post(CANDIDATES, {"last_name": "Kim", "first_name": "Olga"}).content.decode()
    assert 'data-testid="candidate"' in one and 'data-testid="ask-birth-date"' not in one


def test_it_needs_a_birth_date_or_an_age_for_a_new_person(client_as, staff, form_data):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    response = client.post("/en" + CREATE, form_data(birth_date=""))
    page = response.content.decode()
    assert response.status_code == 200 and not Appeal.objects.exists() and not Person.objects.exists()
    assert "Give the date of birth, or the age if the date is not known." in page
    assert 'value="Ембергенов"' in page and NARRATIVE in page  # nothing typed is lost
    kaa = client.post(CREATE, form_data(birth_date="")).content.decode()
    assert "Туўылған сәнесин ямаса, сәнеси белгисиз болса, жасын жазыңыз." in kaa
    # An anonymous appeal records no one, and so no age.
    assert client.post(CREATE, form_data(appellant="anonymous", birth_date="")).status_code == 302


def test_it_keeps_a_stated_age_as_an_approximate_year_of_birth(client_as, staff, form_data):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    response = client.post(CREATE, form_data(birth_date="", age="31", received_on="2026-03-02"))
    assert response.status_code == 302
    person = Appeal.objects.get().person
    assert (person.birth_year, person.birth_date_approximate) == (1995, True)
    assert "birth_date" not in person.identity
    page = client_as(staff[Role.CASE_MANAGER]).get(reverse("people:person_detail", args=[person.code]))
    assert "≈</abbr>1995" in page.content.decode()


def test_it_refuses_an_age_that_contradicts_the_birth_date(client_as, staff, form_data):
    client = client_as(staff[Role.INTAKE_OPERATOR])
    data = form_data(birth_date="1994-03-08", received_on="2026-03-02")
    page = client.post("/en" + CREATE, {**data, "age": "45"}).content.decode()
    assert "The age does not match the date of birth." in page and not Appeal.objects.exists()
    assert client.post(CREATE, {**data, "age": "31"}).status_code == 302  # 32 on the birthday: agrees
    assert Appeal.objects.get().person.birth_date_approximate is False


def test_it_ranks_the_namesake_of_the_stated_age_first(client_as, staff, make_person):
    older = make_person(staff[Role.CASE_MANAGER], "Сапарбаев", "Ерлан", birth_date="1961-05-01")
    same_age = make_person(staff[Role.CASE_MANAGER], "Сапарбаев", "Ерлан", birth_date="1992-02-11")
    client = client_as(staff[Role.INTAKE_OPERATOR])
    name = {"last_name": "Saparbayev", "first_name": "Erlan", "received_on": "2026-03-02"}
    codes = re.findall(r"ISN-\d{4}-\d{5}", client.post(CANDIDATES, name).content.decode())
    assert codes.index(older.code) < codes.index(same_age.code)  # equal names: the earliest first
    page = client.post(CANDIDATES, {**name, "age": "33"}).content.decode()
    codes = re.findall(r"ISN-\d{4}-\d{5}", page)
    assert codes.index(same_age.code) < codes.index(older.code)
    assert 'data-testid="ask-birth-date"' not in page
