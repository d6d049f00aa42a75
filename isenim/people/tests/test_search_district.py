"""The duplicate check uses the home district intake asks: its people rank first, even among many
namesakes elsewhere, and a person who moved is still found."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from isenim.geo.models import AdminUnit
from isenim.people import search
from isenim.people.forms import CandidatesQueryForm
from isenim.people.importing import DUPLICATE_SCORE
from isenim.people.matching import Probe
from isenim.people.search import search_people
from isenim.people.services import PersonData, people_import


@pytest.fixture
def districts(db):
    region = AdminUnit.objects.create(code="1735", soato="1735", level="region", name_kaa="Қарақалпақстан")
    return [
        AdminUnit.objects.create(
            code=soato, soato=soato, level=level, parent=region, name_kaa=name, name_en=name
        )
        for soato, level, name in [
            ("1735218", "district", "Qanlıkól"),
            ("1735222", "district", "Moynaq"),
            ("1735401", "city", "Nukus"),
        ]
    ]


def people(*rows) -> list:
    """(last name, first name, district or None) -> people, imported in this order (codes ascending)."""
    return people_import(
        actor=None,
        rows=[
            PersonData(
                identity={"last_name": last, "first_name": first}, home_district_id=getattr(d, "pk", None)
            )
            for last, first, d in rows
        ],
    )


def codes(probe: Probe, limit: int = 5) -> list[str]:
    return [match.code for match in search_people(probe, limit=limit)]


def test_the_namesake_of_the_same_district_comes_first(districts):
    qanlikol, moynaq, nukus = districts
    *elsewhere, local = people(
        ("Сапарбаев", "Ерлан", qanlikol),
        ("Saparbaev", "Erlan", nukus),
        ("SAPARBAEV", "ERLAN", None),
        ("Сапарбаев", "Ерлан", moynaq),
    )
    # Without the district the four are equal, and the earliest code comes first.
    assert codes(Probe("Saparbayev Yerlan"))[0] == elsewhere[0].code
    found = search_people(Probe("Saparbayev Yerlan", district_id=moynaq.pk), limit=5)
    assert found[0].code == local.code
    assert found[0].score > found[1].score  # a boost in the score, not only in the order
    assert {m.code for m in found} == {p.code for p in [*elsewhere, local]}  # not a filter


def test_the_district_outweighs_a_namesake_who_also_left_out_the_patronymic(districts):
    """ "Иванова Светлана" typed without patronymic equals, whole, the records stored without one; that
    should not outweigh living in the district the intake form gives."""
    qanlikol, moynaq, _nukus = districts
    elsewhere = people(*[("Иванова", "Светлана", qanlikol)] * 3)
    (local,) = people_import(
        actor=None,
        rows=[
            PersonData(
                identity={"last_name": "IVANOVA", "first_name": "SVETLANA", "middle_name": "PETROVNA"},
                home_district_id=moynaq.pk,
            )
        ],
    )
    assert codes(Probe("Ivanova Svetlana"))[0] == elsewhere[0].code
    assert codes(Probe("Ivanova Svetlana", district_id=moynaq.pk))[0] == local.code


def test_common_namesakes_elsewhere_do_not_crowd_out_the_district(districts, monkeypatch):
    """Every hash of the name is common: the district's people are read from the common lists (a join on
    their home district), whatever the bounded reading of those lists happens to gather."""
    qanlikol, moynaq, _nukus = districts
    monkeypatch.setattr(search, "RARE_HITS", 5)
    monkeypatch.setattr(search, "FALLBACK_HITS", 6)
    monkeypatch.setattr(search, "RESCORE", 3)
    monkeypatch.setattr(search, "SHORTLIST", 4)
    rows = (
        [("Сапарбаев", "Ерлан", qanlikol)] * 30
        + [("Saparbaev", "Erlan", moynaq)]
        + [("Сапарбаев", "Ерлан", qanlikol)] * 30
    )
    local = people(*rows)[30]
    assert local.home_district_id == moynaq.pk
    assert local.code not in codes(Probe("Saparbayev Yerlan"))  # 61 namesakes: luck alone
    assert codes(Probe("Saparbayev Yerlan", district_id=moynaq.pk))[0] == local.code


def test_a_person_who_moved_is_still_found(districts):
    qanlikol, moynaq, nukus = districts
    jasur, _other, _namesake = people(
        ("Qodirov", "Jasur", qanlikol),
        ("Qodirov", "Jamshid", moynaq),  # a similar name in the district the probe gives
        ("Tursınbaev", "Ayjan", moynaq),
    )
    assert codes(Probe("Кодиров Жасур", district_id=moynaq.pk))[0] == jasur.code
    assert codes(Probe("Кодиров Жасур", district_id=nukus.pk))[0] == jasur.code


def test_without_a_birth_date_the_district_does_not_make_an_import_duplicate(districts):
    moynaq = districts[1]
    people_import(
        actor=None,
        rows=[
            PersonData(
                identity={"last_name": "Сапарбаев", "first_name": "Ерлан", "middle_name": "Бахтиярович"},
                home_district_id=moynaq.pk,
            )
        ],
    )
    (match,) = search_people(Probe("Saparbaev Erlan Baxtiyarovich", district_id=moynaq.pk))
    assert DUPLICATE_SCORE - 0.02 < match.score < DUPLICATE_SCORE  # docs/import-export.md


def test_the_people_forms_duplicate_check_sends_the_district(districts):
    moynaq = districts[1]
    form = CandidatesQueryForm(
        {"last_name": "Qodirov", "first_name": "Jasur", "home_district": str(moynaq.pk)}
    )
    assert form.probe().district_id == moynaq.pk
    assert CandidatesQueryForm({"last_name": "Qodirov", "home_district": "x"}).probe().district_id is None


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_find_person_ranks_the_given_district_first(districts):
    qanlikol, _moynaq, nukus = districts
    first, local = people(("Сапарбаев", "Ерлан", qanlikol), ("Saparbaev", "Erlan", nukus))
    assert [hit["code"] for hit in json.loads(run("find-person", "SAPARBAYEV YERLAN", "--json"))] == [
        first.code,
        local.code,
    ]
    found = json.loads(run("find-person", "SAPARBAYEV YERLAN", "--district", "1735401", "--json"))
    assert [hit["code"] for hit in found] == [local.code, first.code]
    # Nobody lives in Moynaq: both still found.
    assert len(json.loads(run("find-person", "SAPARBAYEV YERLAN", "--district", "1735222", "--json"))) == 2
    with pytest.raises(CommandError, match="1735"):
        run("find-person", "SAPARBAYEV YERLAN", "--district", "1735")  # the region: no district
    with pytest.raises(CommandError, match="999"):
        run("find-person", "SAPARBAYEV YERLAN", "--district", "999")


def test_the_reindex_migration_rewrites_every_persons_hashes(districts):
    """People registered under the old name key get the new one: «Айсулу» finds «Айсулыў» afterwards."""
    import importlib

    from django.apps import apps

    from isenim.people.models import PersonIndex
    from isenim.people.services import PersonData, person_create

    migration = importlib.import_module("isenim.people.migrations.0002_index_district")
    actor = None
    kept = person_create(
        actor=actor, data=PersonData(identity={"last_name": "Айсулыў", "first_name": "Ерлан"})
    )
    other = person_create(actor=actor, data=PersonData(identity={"last_name": "Сапарбаев"}))
    expected = {
        p.pk: sorted(PersonIndex.objects.filter(person=p).values_list("kind", "digest"))
        for p in (kept, other)
    }
    PersonIndex.objects.filter(person=kept).update(digest="stale")  # as the old key left them
    PersonIndex.objects.filter(person=other).delete()
    assert search_people(Probe("Айсулу Ерлан")) == []
    migration.reindex_everyone(apps, None)
    for person in (kept, other):
        assert (
            sorted(PersonIndex.objects.filter(person=person).values_list("kind", "digest"))
            == expected[person.pk]
        )
    assert [match.code for match in search_people(Probe("AISULU ERLAN"))][:1] == [kept.code]


def test_the_index_rows_follow_the_persons_district(districts):
    """The lookup index carries the home district (the search reads a district's namesakes from it): an
    edit that moves the person moves their rows too."""
    from isenim.people.models import PersonIndex
    from isenim.people.services import PersonData, person_create, person_update

    first, second, _nukus = districts
    person = person_create(
        actor=None, data=PersonData(identity={"last_name": "Сапарбаев"}, home_district_id=first.pk)
    )
    assert set(PersonIndex.objects.filter(person=person).values_list("home_district_id", flat=True)) == {
        first.pk
    }
    person_update(
        actor=None, person=person, data=PersonData(identity=person.identity, home_district_id=second.pk)
    )
    assert set(PersonIndex.objects.filter(person=person).values_list("home_district_id", flat=True)) == {
        second.pk
    }


def test_an_import_writes_each_persons_search_index_with_the_district(districts):
    """The import writes the index rows without a model instance each (core.bulk.insert_plain_rows): the
    rows must be exactly those a single create writes, with the person's district copied."""
    from isenim.people.matching import index_rows
    from isenim.people.models import PersonIndex

    district = districts[1]
    rows = [
        PersonData(
            identity={"last_name": "Оразбаев", "first_name": "Ерлан", "birth_date": "1990-05-01",
                      "phones": ["+998 90 123 45 67"]},
            sex="M",
            home_district_id=district.pk,
        ),
        PersonData(identity={"last_name": "Jumabaeva", "first_name": "Aygul"}, sex="F"),
    ]  # fmt: skip
    people = people_import(actor=None, rows=rows)
    for person, data in zip(people, rows, strict=True):
        stored = sorted(
            PersonIndex.objects.filter(person=person).values_list("kind", "digest", "home_district")
        )
        expected = sorted(
            (kind, digest, data.home_district_id) for kind, digest in index_rows(person.identity)
        )
        assert stored == expected and len(stored) >= 4
