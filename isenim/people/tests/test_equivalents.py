"""Name equivalents (issue 16): names the region writes differently are one name to the duplicate check,
as data (the shipped file, staff additions, audited); different names stay apart."""

import pytest
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.core.errors import Refusal
from isenim.core.models import AuditEvent
from isenim.people import equivalents
from isenim.people.equivalents import equivalent_add, equivalent_withdraw, load_equivalents, shipped_rows
from isenim.people.matching import Probe, name_similarity
from isenim.people.models import NameEquivalent
from isenim.people.names import Equivalents, father_key, text_tokens
from isenim.people.search import search_people
from isenim.people.services import PersonData, people_import

SAME = [
    ("Ибрайым", "Ибрагим"),
    ("Ибрайым", "Ibrohim"),
    ("Баўыржан", "Бауржан"),
    ("Палўан", "Палван"),
    ("Бахтияр", "Бахтиёр"),
    ("Сапарбай", "Сапарбой"),
    ("Сапарбаев", "Сапарбоев"),
    ("Ибрайымов", "Ибрагимов"),
    ("Ибрайымова", "Ibrohimova"),
    ("Гүлнара", "Gulnora"),
    ("Данияр", "Doniyor"),
]
APART = [
    ("Алима", "Халима"),
    ("Жанибек", "Жанабек"),
    ("Азат", "Азамат"),
    ("Камила", "Камола"),
    ("Ибрайым", "Ибрай"),
]


@pytest.fixture
def shipped(db):
    load_equivalents()
    yield
    NameEquivalent.objects.all().delete()
    equivalents.refresh(force=True)


@pytest.mark.parametrize(("one", "other"), SAME)
def test_shipped_equivalents_are_one_name(shipped, one, other):
    assert text_tokens(one) == text_tokens(other)


@pytest.mark.parametrize(("one", "other"), APART)
def test_different_names_stay_apart(shipped, one, other):
    assert text_tokens(one) != text_tokens(other)
    assert name_similarity(one, other) < 1


def test_equivalents_reach_fathers_names_and_surnames(shipped):
    assert father_key("Ибрагим") == father_key("Ибрайым")
    assert text_tokens("Ибрагимович") == text_tokens("Ибрайым улы") == text_tokens("Ibrohim oʻgʻli")
    assert text_tokens("Orazboy qizi") == text_tokens("Оразбаевна")
    # Still the father's, never the given name.
    assert text_tokens("Ибрагим") != text_tokens("Ибрайым улы")


def test_the_shipped_file_keeps_different_names_apart():
    table = equivalents.table_from_rows([row[:3] for row in shipped_rows()])
    keys = {}
    for kind, canonical, form, _source in shipped_rows():
        if kind != NameEquivalent.Kind.NAME:
            continue
        keys.setdefault(canonical, set()).add(canonical)
        keys[canonical].add(form)
    # No two groups meet: every group has a key of its own.
    seen = {}
    for canonical, forms in keys.items():
        group_keys = {" ".join(text_tokens_with(table, form)) for form in forms}
        assert len(group_keys) == 1, (canonical, group_keys)
        (key,) = group_keys
        assert seen.setdefault(key, canonical) == canonical
    for one, other in APART:
        assert text_tokens_with(table, one) != text_tokens_with(table, other)


def text_tokens_with(table: Equivalents, text: str) -> list[str]:
    from isenim.people.names import parse_name

    return parse_name(text, table=table).tokens()


@pytest.mark.django_db
def test_loading_is_idempotent_and_every_row_has_a_source():
    first = load_equivalents()
    assert first["added"] == len(shipped_rows())
    assert load_equivalents()["added"] == 0
    assert not NameEquivalent.objects.filter(source="").exists()
    assert not NameEquivalent.objects.filter(verified=True).exists()  # shipped rows start unverified
    NameEquivalent.objects.all().delete()
    equivalents.refresh(force=True)


def make(rows):
    fields = ("last_name", "first_name", "middle_name", "birth_date")
    return people_import(
        actor=None, rows=[PersonData(identity=dict(zip(fields, row, strict=True))) for row in rows]
    )


@pytest.mark.django_db
def test_loading_rekeys_the_people_it_concerns():
    (person,) = make([("Ибрагимов", "Бауржан", "Палванович", "1990-01-01")])
    assert not search_people(Probe("Ибрайымов Баўыржан Палўан улы"), limit=1)  # nothing in common
    load_equivalents()
    found = search_people(Probe("Ибрайымов Баўыржан Палўан улы"), limit=1)
    assert found[0].person == person
    assert found[0].score == 0.8  # every hash shared, as for the same spelling
    NameEquivalent.objects.all().delete()
    equivalents.refresh(force=True)


@pytest.mark.django_db
def test_staff_add_an_equivalent_audited_and_the_people_it_concerns_are_found(staff):
    director = staff[Role.DIRECTOR]
    (person,) = make([("Тилеумуратов", "Ерлан", "Тлеуберген улы", "1990-01-01")])
    assert search_people(Probe("Тилеўмуратов Ерлан Тилеўберген улы"), limit=1)[0].score < 0.8
    row = equivalent_add(
        actor=director, canonical="Тилеўберген", form="Тлеуберген", source="passport list 2025"
    )
    found = search_people(Probe("Тилеўмуратов Ерлан Тилеўберген улы"), limit=1)
    assert found[0].person == person
    assert found[0].score > 0.75
    event = AuditEvent.objects.get(action="name_equivalent.add")
    assert event.target_id == str(row.pk) or event.target_id == row.pk
    with translation.override("en"), pytest.raises(Refusal, match="already a spelling"):
        equivalent_add(actor=director, canonical="Ерлан", form="Тлеуберген", source="x")
    with translation.override("en"), pytest.raises(Refusal, match="already reads"):
        equivalent_add(actor=director, canonical="Бахтияр", form="Baxtiyar", source="x")
    with translation.override("en"), pytest.raises(Refusal, match="one name"):
        equivalent_add(actor=director, canonical="Ерлан", form="Ерлан Бахтияр", source="x")
    equivalent_withdraw(actor=director, row=row)
    assert AuditEvent.objects.filter(action="name_equivalent.withdraw").count() == 1
    assert search_people(Probe("Тилеўмуратов Ерлан Тилеўберген улы"), limit=1)[0].score < 0.8
    equivalents.refresh(force=True)


@pytest.mark.django_db
def test_the_page_lists_and_adds_for_those_who_may(client_as, staff):
    url = reverse("people:name_equivalents")
    assert client_as(staff[Role.LAWYER]).get(url).status_code == 404
    client = client_as(staff[Role.CASE_MANAGER])
    assert client.get(url).status_code == 200
    response = client.post(url, {"canonical": "Тилеўберген", "form": "Тлеуберген", "source": "a list"})
    assert response.status_code == 302
    assert NameEquivalent.objects.filter(form="Тлеуберген").exists()
    response = client.post(url, {"canonical": "Тилеўберген", "form": "12", "source": "a list"})
    assert response.status_code == 200
    assert NameEquivalent.objects.count() == 1
    NameEquivalent.objects.all().delete()
    equivalents.refresh(force=True)
