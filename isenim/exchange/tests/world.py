"""Cases for the export tests, made with bulk_create: one person per case, an appeal when answers are
given. A spec is (year opened, sex, birth year, citizenship ISO2, destination ISO2, answers or None)."""

from datetime import date

from isenim.appeals.models import Appeal
from isenim.cases.models import Case
from isenim.core.access import Role
from isenim.geo.models import Country
from isenim.people.models import Person

COUNTRIES = {
    "UZ": ("UZB", "Uzbekistan"),
    "RU": ("RUS", "Russia"),
    "KZ": ("KAZ", "Kazakhstan"),
    "TJ": ("TJK", "Tajikistan"),
    "TR": ("TUR", "Turkey"),
    "KG": ("KGZ", "Kyrgyzstan"),
}


def countries() -> dict[str, Country]:
    return {
        iso2: Country.objects.get_or_create(
            iso2=iso2, defaults={"iso3": iso3, "name_en": name, "name_kaa": name}
        )[0]
        for iso2, (iso3, name) in COUNTRIES.items()
    }


_counter = {"n": 0}


def make_cases(staff, specs) -> list[Case]:
    found = countries()
    start = _counter["n"]
    _counter["n"] += len(specs)
    people = Person.objects.bulk_create(
        Person(
            code=f"ISN-T-{start + i:06d}",
            sealed_identity="sealed",
            sex=sex,
            birth_year=birth_year,
            citizenship=found.get(citizenship),
        )
        for i, (_year, sex, birth_year, citizenship, _destination, _answers) in enumerate(specs)
    )
    appeals = {}
    for i, (year, _sex, _birth, _citizenship, destination, answers) in enumerate(specs):
        if answers is None:
            continue
        answers = dict(answers)
        appeals[i] = Appeal(
            code=f"APL-T-{start + i:06d}",
            received_on=date(year, 3, 1),
            channel="phone",
            category="presumed_victim",
            cause="unknown",
            person=people[i],
            destination=found.get(destination),
            presumed_victim=bool(answers.pop("presumed", False)),
            **answers,
        )
    Appeal.objects.bulk_create(appeals.values())
    manager = staff[Role.CASE_MANAGER]
    return Case.objects.bulk_create(
        Case(
            number=f"CASE-T-{start + i:06d}",
            person=people[i],
            appeal=appeals.get(i),
            manager=manager,
            opened_on=date(year, 4, 1 + i % 28),
        )
        for i, (year, *_rest) in enumerate(specs)
    )
