"""Country lists sort by the reader's alphabet, the usual destinations first (issue 18)."""

import pytest
from django.utils import translation

from isenim.core.collation import sort_key
from isenim.geo.models import Country
from isenim.geo.ordering import by_reader


def test_karakalpak_letters_sort_in_the_karakalpak_alphabet():
    names = ["Япония", "Қазақстан", "Кения", "Әзербайжан", "Бразилия", "Ўзбекстан", "Украина"]
    assert sorted(names, key=lambda n: sort_key(n, "kaa")) == [
        "Әзербайжан",
        "Бразилия",
        "Кения",
        "Қазақстан",
        "Украина",
        "Ўзбекстан",
        "Япония",
    ]


def test_uzbek_latin_digraphs_and_apostrophes_are_letters():
    names = ["Zambiya", "Oʻzbekiston", "Olmoniya", "Shvetsiya", "Sudan", "Chili", "Gʻana", "Gruziya"]
    assert sorted(names, key=lambda n: sort_key(n, "uz")) == [
        "Gruziya",
        "Olmoniya",
        "Sudan",
        "Zambiya",
        "Oʻzbekiston",
        "Gʻana",
        "Shvetsiya",
        "Chili",
    ]
    assert sort_key("O'zbekiston", "uz") == sort_key("Oʻzbekiston", "uz")


@pytest.mark.django_db
def test_countries_come_usual_destinations_first_then_by_the_readers_alphabet():
    from django.core.management import call_command

    call_command("load-reference")
    with translation.override("kaa"):
        names = [country.name() for country in by_reader(Country.objects.all())]
    assert names[:2] == ["Россия", "Қазақстан"]
    rest = names[5:]
    assert rest.index("Қытай") < rest.index("Япония") if "Қытай" in rest else True
    assert rest == sorted(rest, key=lambda n: sort_key(n, "kaa"))
