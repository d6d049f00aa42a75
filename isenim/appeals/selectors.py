"""Every read of appeals, narrowed to what the user may see; reads of people record access events."""

import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from isenim.appeals.models import Appeal
from isenim.core.access import Perm, require
from isenim.core.audit import record_access
from isenim.geo.models import AdminUnit, Country
from isenim.people.matching import Probe, full_name
from isenim.people.models import Person
from isenim.people.search import is_likely_duplicate, search_people

NAME_SEARCH_MIN_SCORE = 0.6  # below this, a longer name shares only one of its words with the query
CANDIDATE_LIMIT = 8
MIN_NAME_LETTERS = 3
APPEAL_CODE = re.compile(r"APL-[\d-]*", re.IGNORECASE)
PERSON_CODE = re.compile(r"ISN-[\d-]*", re.IGNORECASE)


def appeals_for(user) -> QuerySet[Appeal]:
    require(user, Perm.VIEW_APPEALS)
    return Appeal.objects.select_related(
        "person", "destination", "home_district", "home_assembly", "registered_by"
    )


def appeal_open(user, code: str) -> Appeal:
    """One appeal by its code, for reading: a view is recorded. Missing and forbidden are the same 404."""
    appeal = appeals_for(user).filter(code=code).first()
    if appeal is None:
        raise Http404
    record_access(actor=user, kind="view", target=appeal)
    if appeal.person_id:
        # The page shows the appellant's name: that is a view of the person too.
        record_access(actor=user, kind="view", target=appeal.person, detail=f"appeal {appeal.code}")
    return appeal


def appeal_for_edit(user, code: str) -> Appeal:
    """One appeal for correcting; the form shows its narrative, so this is a view too."""
    appeal = appeals_for(user).filter(code=code).first()
    if appeal is None:
        raise Http404
    record_access(actor=user, kind="view", target=appeal, detail="correction form")
    return appeal


def filter_appeals(user, filters: dict) -> QuerySet[Appeal]:
    """Appeals matching the list's filters (cleaned form data); ``q`` is a code or a name in any script."""
    appeals = appeals_for(user)
    for name in ("category", "channel", "cause"):
        if filters.get(name):
            appeals = appeals.filter(**{name: filters[name]})
    if filters.get("district"):
        appeals = appeals.filter(home_district=filters["district"])
    if filters.get("destination"):
        appeals = appeals.filter(destination_id=filters["destination"])
    if filters.get("presumed") in ("yes", "no"):
        appeals = appeals.filter(presumed_victim=filters["presumed"] == "yes")
    appeals = appeals.received_between(filters.get("date_from"), filters.get("date_to"))
    query = (filters.get("q") or "").strip()
    if query:
        appeals = _search(user, appeals, query)
    return appeals


def _search(user, appeals: QuerySet[Appeal], query: str) -> QuerySet[Appeal]:
    if APPEAL_CODE.fullmatch(query):
        return appeals.filter(code__icontains=query.upper())
    if PERSON_CODE.fullmatch(query):
        return appeals.filter(person__code__icontains=query.upper())
    # A name: find the people (keyed hashes, any script), then their appeals. The query itself is a name
    # and is never written to the access log.
    matches = [m for m in search_people(Probe(name=query), limit=50) if m.score >= NAME_SEARCH_MIN_SCORE]
    record_access(
        actor=user,
        kind="search",
        target_type="people.person",
        detail=f"appeal list: name search, {len(matches)} people",
    )
    return appeals.filter(person_id__in=[m.person.pk for m in matches])


@dataclass
class Candidate:
    """A person who may be the one now appealing, as the intake form shows them."""

    person: Person
    score: float
    same_district: bool

    @property
    def strong(self) -> bool:
        # from this score on, a new record needs "This is a different person"
        return is_likely_duplicate(self.score)

    @property
    def name(self) -> str:
        return self.person.display_name()


def person_candidates(
    user,
    *,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
    birth_date: str = "",
    approximate_birth_year: int | None = None,
    district_id: int | None = None,
) -> list[Candidate]:
    """People already in the registry who may be the appellant, best first: ranked by the cross-script
    name key, then a shared birth date, then a near year of birth (from a stated age) and the same home
    district."""
    require(user, Perm.VIEW_PEOPLE)
    name = full_name(last_name.strip(), first_name.strip(), middle_name.strip())
    if sum(c.isalpha() for c in name) < MIN_NAME_LETTERS:
        return []
    # The search ranks people of the same district higher (search.SAME_DISTRICT), and finds them among
    # many namesakes elsewhere.
    probe = Probe(
        name=name,
        birth_date=birth_date or "",
        district_id=district_id or None,
        approximate_birth_year=approximate_birth_year,
    )
    candidates = []
    for match in search_people(probe, limit=CANDIDATE_LIMIT):
        same = bool(district_id) and match.person.home_district_id == district_id
        candidates.append(Candidate(person=match.person, score=round(match.score, 2), same_district=same))
    record_access(
        actor=user,
        kind="search",
        target_type="people.person",
        detail=f"appeal intake: {len(candidates)} candidates",
    )
    return candidates


def person_by_code(user, code: str) -> Person | None:
    """A person the intake form links to; only roles that may see the registry can link."""
    require(user, Perm.VIEW_PEOPLE)
    return Person.objects.filter(code=code, merged_into=None).select_related("home_district").first()


def districts() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(level__in=(AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY)).order_by(
        "code"
    )


def assemblies(district_id: int | None = None) -> QuerySet[AdminUnit]:
    units = AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY).select_related("parent")
    if district_id:
        units = units.filter(parent_id=district_id)
    return units.order_by("parent__code", "name_kaa")


def countries_by_name() -> list[Country]:
    return sorted(Country.objects.all(), key=lambda country: country.name().casefold())


def destinations_in_use(user) -> list[Country]:
    """The countries appeals point at, for the list's filter (a short list, not all 249)."""
    used = appeals_for(user).exclude(destination=None).values("destination")
    return sorted(Country.objects.filter(pk__in=used), key=lambda country: country.name().casefold())
