"""Every read of the registry for the staff pages: each takes the user first, checks the access policy and
returns only what that user may see. Reads that reveal who a person is record an access event here, so no
view can forget it; an event's detail never holds personal data (no names, no search text).

Need to know (``people.reach``, docs/protection.md): lists and pages hold only the people the user may
read; a record outside their reach answers 404 like a missing one. Searches and the duplicate check look
in the whole registry (so that nobody is registered twice) and mark each match ``readable`` or not: a
match the user may not read is shown as a bare code, without a name or a birth date."""

import re

from django.db.models import QuerySet
from django.http import Http404

from isenim.core.access import Perm, require
from isenim.core.audit import record_access
from isenim.core.models import AuditEvent
from isenim.core.vault_files import load
from isenim.geo import places
from isenim.geo.models import AdminUnit, Country
from isenim.people.matching import Probe
from isenim.people.models import Consent, FamilyLink, Person
from isenim.people.reach import may_read, reachable, readable_ids
from isenim.people.search import Match, search_people
from isenim.people.services import CONSENT_FORM_CONTEXT

SEARCH_LIMIT = 50
CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{1,8}$")
PERSON_TYPE = "people.person"


def normal_code(text: str) -> str:
    """``isn-2026-00042 `` -> ``ISN-2026-00042`` when the text is a record code, else ""."""
    code = (text or "").strip().upper()
    return code if CODE_PATTERN.match(code) else ""


def _registry(user) -> QuerySet[Person]:
    """Everyone in the registry, without the records merged away: what searches look in, never a list."""
    require(user, Perm.VIEW_PEOPLE)
    return Person.objects.filter(merged_into=None).select_related("home_district")


def active_people(user) -> QuerySet[Person]:
    """The people the user may read (need to know), without the records merged away."""
    return reachable(user, _registry(user))


def person_list(user, *, sex: str = "", district: AdminUnit | None = None) -> QuerySet[Person]:
    return _filtered(active_people(user), sex=sex, district=district)


def _filtered(people: QuerySet[Person], *, sex: str = "", district: AdminUnit | None = None):
    if sex:
        people = people.filter(sex=sex)
    if district is not None:
        people = people.filter(home_district=district)
    return people


def mark_readable(user, matches: list) -> list:
    """Set ``readable`` on each match (anything with ``.person``): one query on the matches' ids."""
    readable = readable_ids(user, [match.person.pk for match in matches])
    for match in matches:
        match.readable = match.person.pk in readable
    return matches


def record_list_view(user, *, page_number: int) -> None:
    """A page of the list shows up to 50 names: one access event per page shown."""
    require(user, Perm.VIEW_PEOPLE)
    record_access(actor=user, kind="view", target_type=PERSON_TYPE, detail=f"people list, page {page_number}")


def person_search(
    user,
    query: str,
    *,
    sex: str = "",
    district: AdminUnit | None = None,
    purpose: str = "people search",
) -> list[Match]:
    """People whose name (any script) looks like ``query``, best first, in the whole registry; each match
    says whether the user may read it. The filters narrow the readable matches only: a record outside
    the user's reach is listed whatever they are, since its sex and district are its content too.

    One access event, which does not hold the query: the typed name is personal data."""
    require(user, Perm.VIEW_PEOPLE)
    record_access(actor=user, kind="search", target_type=PERSON_TYPE, detail=purpose)
    matches = search_people(Probe(name=query), limit=SEARCH_LIMIT, queryset=_registry(user))
    return [
        match for match in mark_readable(user, matches) if not match.readable or _fits(match, sex, district)
    ]


def _fits(match: Match, sex: str, district: AdminUnit | None) -> bool:
    person = match.person
    return (not sex or person.sex == sex) and (district is None or person.home_district_id == district.pk)


def duplicate_candidates(
    user, probe: Probe, *, exclude: Person | None = None, limit: int = 10
) -> list[Match]:
    """Registered people who may be the one being typed in, best first (the duplicate check), in the whole
    registry; each says whether the user may read it (if not, the page shows only that it exists)."""
    people = _registry(user)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    matches = search_people(probe, limit=limit, queryset=people)
    if matches:
        record_access(actor=user, kind="search", target_type=PERSON_TYPE, detail="duplicate check")
    return mark_readable(user, matches)


def likely_duplicates(matches: list[Match]) -> list[Match]:
    return [match for match in matches if match.likely_duplicate]


# This many candidates as good as the best one: the name alone cannot tell them apart.
NAMESAKES = 3


def birth_date_would_help(matches, *, birth_date_given: bool) -> bool:
    """True when several candidates score as high as the best one and no birth date was typed: at a
    million people a first name and surname are shared by dozens (docs/performance.md), and only the
    birth date tells them apart. ``matches`` are search matches or intake candidates (``.score``)."""
    if birth_date_given or len(matches) < NAMESAKES:
        return False
    best = matches[0].score
    return sum(1 for match in matches if best - match.score < 0.01) >= NAMESAKES


def person_by_code(user, code: str) -> Person | None:
    """The record a typed code names, following merges to the record kept; None when there is none.
    It may be outside the user's reach (``may_read``): the search then shows only that it exists."""
    require(user, Perm.VIEW_PEOPLE)
    record_access(actor=user, kind="search", target_type=PERSON_TYPE, detail="people search by code")
    person = Person.objects.filter(code=normal_code(code)).first()
    seen = set()
    while person is not None and person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def code_matches(user, code: str) -> list[Match]:
    """The registry search by a typed code: the record (after merges) as a match, marked readable or not."""
    person = person_by_code(user, code)
    return mark_readable(user, [Match(person=person, score=1.0)]) if person is not None else []


def outside_reach(user, code: str) -> bool:
    """A record (not merged away) has this code, but the user may not read it: a form then says whom to
    ask instead of "no such record" (its existence is no secret: a search shows it)."""
    require(user, Perm.VIEW_PEOPLE)
    person = Person.objects.filter(code=normal_code(code), merged_into=None).only("pk").first()
    return person is not None and not readable_ids(user, [person.pk])


def person_get(user, code: str, *, include_merged: bool = False) -> Person:
    """The person with this code, or 404 (the same 404 for a missing record and one outside the user's
    reach).

    Records merged into another answer 404 unless ``include_merged``: only their own page and the undo of
    the merge still reach them."""
    require(user, Perm.VIEW_PEOPLE)
    people = Person.objects.select_related("home_district", "home_assembly", "citizenship", "merged_into")
    if not include_merged:
        people = people.filter(merged_into=None)
    person = people.filter(code=code).first()
    if person is None or not may_read(user, person):
        raise Http404
    person._readable_by = user.pk  # what hangs off it (consents, links) need not ask again
    return person


def _require_reach(user, person: Person) -> None:
    """Consent forms and family links follow their person: 404 outside the user's reach."""
    require(user, Perm.VIEW_PEOPLE)
    if getattr(person, "_readable_by", None) != user.pk and not may_read(user, person):
        raise Http404


def person_view(user, code: str, *, include_merged: bool = False, purpose: str = "person page") -> Person:
    """``person_get`` for a page that shows the person's identity: records the view."""
    person = person_get(user, code, include_merged=include_merged)
    record_access(actor=user, kind="view", target=person, detail=purpose)
    return person


def record_viewed(user, people: list[Person], *, purpose: str) -> None:
    """Other people whose names a page shows (relatives, merge candidates): one access event each. The
    caller shows only people the user may read."""
    require(user, Perm.VIEW_PEOPLE)
    for person in people:
        record_access(actor=user, kind="view", target=person, detail=purpose)


def family_links(user, person: Person) -> list[FamilyLink]:
    """The person's relatives (links from this record), hiding relatives merged away. Each link says
    whether the user may read the relative (``readable``): if not, the page shows only the code."""
    _require_reach(user, person)
    links = list(
        FamilyLink.objects.filter(person=person, relative__merged_into=None)
        .select_related("relative")
        .order_by("relation", "relative__code")
    )
    readable = readable_ids(user, [link.relative_id for link in links])
    for link in links:
        link.readable = link.relative_id in readable
    return links


def linked_by(user, person: Person) -> list[FamilyLink]:
    """Records that list this person as their relative, each marked ``readable`` as above."""
    _require_reach(user, person)
    links = list(
        FamilyLink.objects.filter(relative=person, person__merged_into=None)
        .select_related("person")
        .order_by("person__code")
    )
    readable = readable_ids(user, [link.person_id for link in links])
    for link in links:
        link.readable = link.person_id in readable
    return links


def family_link_exists(user, person: Person, relative: Person) -> bool:
    _require_reach(user, person)
    return FamilyLink.objects.filter(person=person, relative=relative).exists()


def consents(user, person: Person) -> list[Consent]:
    """The person's consents: read by whoever may read the person."""
    _require_reach(user, person)
    return list(person.consents.select_related("taken_by", "withdrawn_by"))


def consent_get(user, person: Person, pk: int) -> Consent:
    _require_reach(user, person)
    consent = Consent.objects.filter(person=person, pk=pk).first()
    if consent is None:
        raise Http404
    return consent


def consent_form_file(user, person: Person, pk: int) -> tuple[Consent, bytes]:
    """The decrypted signed form of a consent; every download is an access event."""
    consent = consent_get(user, person, pk)
    if not consent.signed_form:
        raise Http404
    content = load(consent.signed_form, context=CONSENT_FORM_CONTEXT)
    record_access(actor=user, kind="view", target=consent, detail=f"signed consent form of {person.code}")
    return consent, content


def merged_into_this(user, person: Person) -> list[Person]:
    """Records that were merged into this one (whoever reads this record reads them too)."""
    _require_reach(user, person)
    return list(person.merged_people.order_by("code"))


def merge_event(user, duplicate: Person) -> AuditEvent:
    """The audit event of the merge that hid ``duplicate``: what ``person_unmerge`` needs to undo it."""
    require(user, Perm.MERGE_PEOPLE)
    if duplicate.merged_into_id is None:
        raise Http404
    event = (
        AuditEvent.objects.filter(action="person.merge", target_type=PERSON_TYPE, target_id=str(duplicate.pk))
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        raise Http404
    return event


def districts(user) -> list[AdminUnit]:
    require(user, Perm.VIEW_PEOPLE)
    return places.districts()


def assemblies(user, district_id) -> list[AdminUnit]:
    """The citizens' assemblies of one district (none for a missing or malformed id)."""
    require(user, Perm.VIEW_PEOPLE)
    return places.by_name(places.assemblies_of(district_id))


def countries(user) -> list[Country]:
    require(user, Perm.VIEW_PEOPLE)
    from isenim.geo.ordering import by_reader

    return by_reader(Country.objects.all())  # the usual destinations first, then the reader's alphabet
