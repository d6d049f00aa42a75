"""Finding and reading appeals, correcting them, and who may do it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from isenim.appeals.choices import Cause
from isenim.appeals.models import Appeal
from isenim.core.access import ROLE_PERMISSIONS, Perm, Role
from isenim.core.models import AccessEvent, AuditEvent
from isenim.people.services import person_merge, person_unmerge
from isenim.people.tests.reach_helpers import open_case

LIST = reverse("appeals:appeal_list")
NO_APPEALS = [role for role in Role if role not in ROLE_PERMISSIONS[Perm.VIEW_APPEALS]]


@pytest.fixture
def appeals(staff, places, make_person, make_appeal):
    """Four appeals: two people in Cyrillic and Latin, an anonymous call, an old one."""
    operator = staff[Role.INTAKE_OPERATOR]
    today = timezone.localdate()
    erlan = make_person(operator, "Сапарбаев", "Ерлан", district=places.moynaq)
    sardor = make_person(operator, "Rahimov", "Sardor", district=places.nukus)
    return {
        "erlan": make_appeal(
            operator,
            person=erlan,
            category="presumed_victim",
            channel="walk_in",
            destination_id=places.kz.pk,
            home_district_id=places.moynaq.pk,
            home_assembly_id=places.aral.pk,
            narrative="Паспорты алып қойылған",
            answers=("fact_documents_taken", "ind_not_free_to_leave"),
        ),
        "sardor": make_appeal(
            operator,
            person=sardor,
            category="deportee",
            channel="phone",
            destination_id=places.ru.pk,
            home_district_id=places.nukus.pk,
            answers=("fact_deported",),
        ),
        "anonymous": make_appeal(
            operator, category="pre_departure", channel="telegram", destination_id=places.kr.pk
        ),
        "old": make_appeal(
            operator,
            person=erlan,
            received_on=today - timedelta(days=400),
            category="migrant_family",
            answers=("fact_family_lost_contact",),
        ),
    }


def codes_listed(client, **params) -> set[str]:
    # A name is searched by POST (kept out of the address), then the list reloads with a token.
    page = (
        client.post(LIST, params, follow=True) if "q" in params else client.get(LIST, params)
    ).content.decode()
    return {code for code in Appeal.objects.values_list("code", flat=True) if code in page}


def test_it_lists_every_appeal_with_the_presumed_victims_flagged(client_as, staff, appeals):
    page = client_as(staff[Role.CASE_MANAGER]).get(LIST).content.decode()
    assert all(appeal.code in page for appeal in appeals.values())
    assert page.count("<mark>") == 1  # only Erlan's appeal meets the screening rule
    assert "Сапарбаев" not in page  # the list shows codes, not names


def test_it_filters_the_list(client_as, staff, appeals, places):
    client = client_as(staff[Role.DIRECTOR])
    code = {name: appeal.code for name, appeal in appeals.items()}
    today = timezone.localdate()
    assert codes_listed(client, category="deportee") == {code["sardor"]}
    assert codes_listed(client, channel="telegram") == {code["anonymous"]}
    assert codes_listed(client, cause=Cause.DOCUMENTS_CONFISCATED) == {code["erlan"]}
    assert codes_listed(client, cause=Cause.UNKNOWN) == {code["anonymous"], code["old"]}
    assert codes_listed(client, district=places.nukus.pk) == {code["sardor"]}
    assert codes_listed(client, destination=places.kz.pk) == {code["erlan"]}
    assert codes_listed(client, presumed="yes") == {code["erlan"]}
    assert codes_listed(client, presumed="no") == {code["sardor"], code["anonymous"], code["old"]}
    recent = {code["erlan"], code["sardor"], code["anonymous"]}
    assert codes_listed(client, date_from=(today - timedelta(days=30)).isoformat()) == recent
    assert codes_listed(client, date_to=(today - timedelta(days=30)).isoformat()) == {code["old"]}
    assert codes_listed(client, category="presumed_victim", presumed="no") == set()


def test_it_finds_appeals_by_code_and_by_person_code(client_as, staff, appeals):
    client = client_as(staff[Role.LAWYER])
    erlan = appeals["erlan"]
    open_case(staff, erlan.person, staff[Role.LAWYER])  # a lawyer reads the appeals of her cases' people
    assert codes_listed(client, q=erlan.code.lower()) == {erlan.code}
    assert codes_listed(client, q=erlan.person.code) == {erlan.code, appeals["old"].code}


@pytest.mark.parametrize("query", ["Saparbaev", "SAPARBAYEV ERLAN", "Ерлан Сапарбаев", "Saparboev Erlan"])
def test_it_finds_a_persons_appeals_by_name_in_any_script(client_as, staff, appeals, query):
    client = client_as(staff[Role.PSYCHOLOGIST])
    open_case(staff, appeals["erlan"].person, staff[Role.PSYCHOLOGIST])  # need to know: on his case's team
    assert codes_listed(client, q=query) == {appeals["erlan"].code, appeals["old"].code}
    search = AccessEvent.objects.filter(kind="search").latest("id")
    assert search.actor == staff[Role.PSYCHOLOGIST] and "apar" not in search.detail.lower()


def test_it_finds_latin_names_typed_in_cyrillic(client_as, staff, appeals):
    assert codes_listed(client_as(staff[Role.DIRECTOR]), q="Рахимов Сардор") == {appeals["sardor"].code}


def test_it_ignores_a_bad_filter_value_and_says_so(client_as, staff, appeals):
    response = client_as(staff[Role.DIRECTOR]).get(LIST, {"date_from": "not a date", "category": "deportee"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert codes_listed(client_as(staff[Role.DIRECTOR]), date_from="x", category="deportee") == {
        appeals["sardor"].code
    }


def test_it_pages_the_list_keeping_the_filters(client_as, staff, make_appeal):
    for _ in range(27):
        make_appeal(staff[Role.INTAKE_OPERATOR], channel="phone")
    page = client_as(staff[Role.DIRECTOR]).get(LIST, {"channel": "phone"}).content.decode()
    assert "?channel=phone&amp;page=2" in page


def test_it_shows_an_appeal_and_records_the_view(client_as, staff, appeals, places):
    erlan = appeals["erlan"]
    client = client_as(staff[Role.CASE_MANAGER])
    page = client.get(reverse("appeals:appeal_detail", args=[erlan.code])).content.decode()
    assert "Паспорты алып қойылған" in page and "Сапарбаев Ерлан" in page and erlan.person.code in page
    assert 'data-testid="presumed-victim"' in page
    assert places.aral.name_kaa in page and places.kz.name_kaa in page
    viewed = AccessEvent.objects.filter(kind="view", actor=staff[Role.CASE_MANAGER])
    assert viewed.filter(target_type="appeals.appeal", target_id=str(erlan.pk)).exists()
    assert viewed.filter(target_type="people.person", target_id=str(erlan.person.pk)).exists()


def test_it_answers_404_for_a_missing_appeal(client_as, staff, db):
    assert (
        client_as(staff[Role.DIRECTOR])
        .get(reverse("appeals:appeal_detail", args=["APL-2000-00001"]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("role", NO_APPEALS)
def test_it_hides_appeals_from_roles_without_the_permission(client_as, staff, appeals, role):
    client = client_as(staff[role])
    code = appeals["erlan"].code
    for url in (
        LIST,
        reverse("appeals:appeal_detail", args=[code]),
        reverse("appeals:appeal_edit", args=[code]),
    ):
        assert client.get(url).status_code == 404, url
    assert not AccessEvent.objects.filter(target_type="appeals.appeal").exists()


def test_it_corrects_an_appeal_and_audits_the_change(client_as, staff, appeals, places):
    sardor = appeals["sardor"]
    client = client_as(staff[Role.CASE_MANAGER])
    url = reverse("appeals:appeal_edit", args=[sardor.code])
    form = client.get(url).content.decode()
    assert f'<option value="{places.ru.pk}" selected>' in form
    assert AccessEvent.objects.filter(
        kind="view", target_id=str(sardor.pk), actor=staff[Role.CASE_MANAGER]
    ).exists()
    response = client.post(
        url,
        {
            "received_on": sardor.received_on.isoformat(),
            "channel": "phone",
            "category": "deportee",
            "destination": places.kz.pk,
            "home_district": places.nukus.pk,
            "narrative": "Кейин айтты: қарыз болған",
            "fact_deported": "on",
            "fact_debt": "on",
        },
    )
    assert response.status_code == 302
    sardor.refresh_from_db()
    assert sardor.destination == places.kz and sardor.cause == Cause.DEBT_BONDAGE
    assert sardor.narrative == "Кейин айтты: қарыз болған"
    event = AuditEvent.objects.get(action="appeal.update")
    assert event.actor == staff[Role.CASE_MANAGER]
    assert event.before["cause"] == "irregular_status" and event.after["cause"] == "debt_bondage"
    assert event.before["destination_id"] == places.ru.pk and event.after["destination_id"] == places.kz.pk
    assert event.before["narrative"] == "" and event.after["narrative"] == "•••"
    assert "channel" not in event.after  # only what changed


def test_it_moves_appeals_when_two_records_of_a_person_are_merged(staff, appeals, make_person, make_appeal):
    director = staff[Role.DIRECTOR]
    erlan = appeals["erlan"].person
    twin = make_person(director, "Saparbayev", "Yerlan")
    twin_appeal = make_appeal(director, person=twin)
    merge = person_merge(actor=director, keep=erlan, duplicate=twin)
    twin_appeal.refresh_from_db()
    assert twin_appeal.person == erlan and erlan.appeals.count() == 3
    person_unmerge(actor=director, merge_event=merge)
    twin_appeal.refresh_from_db()
    assert twin_appeal.person == twin and erlan.appeals.count() == 2


def test_it_does_not_list_people_who_share_only_a_first_name(
    client_as, staff, appeals, make_person, make_appeal
):
    other = make_person(staff[Role.DIRECTOR], "Жумабаев", "Ерлан")
    other_appeal = make_appeal(staff[Role.DIRECTOR], person=other)
    assert codes_listed(client_as(staff[Role.DIRECTOR]), q="Ерлан Жумабаев") == {other_appeal.code}
