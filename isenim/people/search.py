"""Search the registry by name (any script), birth date, phone or document, best match first."""

from dataclasses import dataclass

from isenim.people.matching import Probe, name_similarity, rough_scores
from isenim.people.models import Person, PersonIndex

MAX_HITS = 20_000  # index rows read for one probe; a name shared by more people is ranked within these
SHORTLIST = 40  # people decrypted and compared word by word


@dataclass
class Match:
    person: Person
    score: float

    @property
    def code(self) -> str:
        return self.person.code


def search_people(probe: Probe, *, limit: int = 10, queryset=None) -> list[Match]:
    """Candidates for ``probe`` among ``queryset`` (default: every person not merged away)."""
    digests = probe.digests()
    if not digests:
        return []
    # The most telling hashes first, so a common first name cannot crowd out the exact full-name match.
    hits = []
    for kinds in (("name", "doc", "phone"), ("pair", "loose", "birth"), ("word",)):
        wanted = [digest for digest, kind in digests.items() if kind in kinds]
        if wanted and len(hits) < MAX_HITS:
            rows = PersonIndex.objects.filter(digest__in=wanted).values_list("person_id", "digest")
            hits += rows[: MAX_HITS - len(hits)]
    scores = rough_scores([(person_id, digests[digest]) for person_id, digest in hits])
    shortlist = sorted(scores, key=scores.get, reverse=True)[:SHORTLIST]
    people = (queryset if queryset is not None else Person.objects).filter(pk__in=shortlist, merged_into=None)
    matches = [Match(person, _final_score(probe, person, scores[person.pk])) for person in people]
    matches.sort(key=lambda match: (-match.score, match.person.code))
    return matches[:limit]


def _final_score(probe: Probe, person: Person, rough: float) -> float:
    """0..1: mostly the word-by-word name likeness, then a shared birth date, phone or document."""
    identity = person.identity
    score = 0.7 * name_similarity(probe.name, person.display_name())
    if probe.birth_date and identity.get("birth_date") == probe.birth_date:
        score += 0.2
    score += min(rough, 6.0) / 60  # up to 0.1 for how much else the hashes agreed on
    return round(min(score, 1.0), 3)
