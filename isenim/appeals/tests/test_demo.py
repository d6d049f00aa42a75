"""The demo appeals of ``isenim seed-demo``."""

from collections import Counter

from isenim.appeals.demo import ensure_demo_appeals
from isenim.appeals.models import Appeal
from isenim.core.translit import script_of
from isenim.people.models import Person


def test_it_seeds_varied_demo_appeals_once(places):
    created = ensure_demo_appeals()
    assert created == Appeal.objects.count() >= 40
    assert ensure_demo_appeals() == 0 and Appeal.objects.count() == created
    people = list(Person.objects.all())
    assert len(people) == 40
    scripts = Counter(script_of(person.identity["last_name"]) for person in people)
    assert scripts["cyrl"] > scripts["latn"] > 0
    appeals = Appeal.objects.all()
    assert len({a.category for a in appeals}) >= 5 and len({a.cause for a in appeals}) >= 4
    assert {a.destination.iso2 for a in appeals if a.destination} == {"KZ", "RU", "TR", "KR", "AE"}
    assert any(a.home_assembly and a.home_assembly.parent == places.moynaq for a in appeals)
    assert appeals.filter(anonymous=True).exists() and appeals.filter(presumed_victim=True).exists()
    assert all(a.narrative for a in appeals)
