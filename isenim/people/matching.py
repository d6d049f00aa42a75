"""Finding a person again however their name was written.

Each person gets keyed hashes (``PersonIndex``) of: the whole cross-script name key; each word (for a
search by surname alone); every pair of its
words (so "Saparbaev Erlan" finds "Saparbaev Erlan Baxtiyarovich"); the same pairs "loosely" (vowels
dropped, so Bakhtiyor meets Bakhtiyar); the birth date; phones; document numbers. A search hashes the
query the same way and asks the database only for equal digests: no decryption, no scan. Candidates are
then ranked by what they share, and the best few are compared word by word on the decrypted names.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from isenim.core.crypto import blind_index, blind_indexes
from isenim.core.forms import parse_id
from isenim.core.translit import name_key

# How much each kind of shared hash counts towards the first ranking.
WEIGHTS = {
    "name": 3.0,
    "part": 1.5,  # query only: the whole name of a record that lacks one of the query's words (see Probe)
    # Query only: the whole name of a query of at most two words. A record of just those words says no
    # more than a record holding them beside a patronymic (which the query leaves out): both count the pair.
    "whole": 0.0,
    "pair": 1.0,
    "loose": 0.5,
    "word": 0.3,
    "birth": 1.0,
    "phone": 2.0,
    "doc": 3.0,
    # Not a hash: the candidate lives in the district the probe names (a boost, not a filter; see search).
    # Together with search.SAME_DISTRICT it outweighs what telling hashes add (up to 0.1 in the final score).
    "district": 1.0,
    # Not a hash either: the candidate's year of birth is within AGE_TOLERANCE of an approximate one (an age
    # stated at intake, or a record kept with an approximate age). Half a birth date: it narrows a name's
    # namesakes about tenfold, a birth date a thousandfold.
    "age": 0.5,
}
AGE_TOLERANCE = 2  # years: "about 30" asked in 2026 is 1994–1998; people misstate their age by a year or two
MAX_WORDS = 4  # pairs of at most 4 words: 6 pairs; a longer name is rare and its first words suffice
VOWELS = re.compile(r"[aeiou]")
# "Son of"/"daughter of" in Turkic patronymics written apart (Бахтияр улы, Ерлан қызы, Bahtiyor oʻgʻli,
# Mamed oglu), as name keys. A tenth of the people share each: they say nothing about who someone is, so a
# search neither looks them up alone or in pairs nor counts them when comparing names. (They are still
# part of a person's whole-name hash, and stored rows keep them, so no re-indexing is needed.)
PATRONYMIC_MARKERS = frozenset({"oli", "olo", "ogli", "oglo", "kizi", "gizi"})
# A query word the candidate has no word for at all (a record without the patronymic) counts this much:
# less than the same word, more than a different one (other fathers' names still score 0.6-0.8).
MISSING_WORD = 0.85


def full_name(last_name: str = "", first_name: str = "", middle_name: str = "") -> str:
    return " ".join(part for part in (last_name, first_name, middle_name) if part)


def loose_word(word: str) -> str:
    """A word's consonant skeleton, keeping its first letter: bahtiar/bahtior -> bhtr."""
    return word[:1] + VOWELS.sub("", word[1:])


def name_hash_inputs(name: str) -> list[tuple[str, str]]:
    """(kind, value) for a name: the whole key, each word, and its word pairs, strict and loose."""
    return _word_hash_inputs(name_key(name).split())


def fields_hash_inputs(*fields: str) -> list[tuple[str, str]]:
    """``name_hash_inputs`` of the fields joined by spaces, keying each field once through a small cache.

    The same result: ``name_key`` folds word by word and sorts the words (tested). Imports key thousands
    of names whose surnames, first names and patronymics repeat; this spares most of the work."""
    return _word_hash_inputs(sorted(word for field in fields if field for word in _field_keys(field)))


def _word_hash_inputs(words: list[str]) -> list[tuple[str, str]]:
    words = words[:MAX_WORDS]
    if not words:
        return []
    out = [("name", " ".join(words))] + [("word", word) for word in words]
    for first, second in combinations(sorted(words), 2):
        out.append(("pair", f"{first} {second}"))
        out.append(("loose", " ".join(sorted((loose_word(first), loose_word(second))))))
    return out


def normal_phone(phone: str) -> str:
    """Digits only, the last nine: +998 90 123-45-67, 90 1234567 and 8 (90) 123 45 67 agree."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 7 else ""


def normal_document(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (number or "").upper())


def identity_hash_inputs(identity: dict) -> list[tuple[str, str]]:
    inputs = fields_hash_inputs(
        identity.get("last_name", ""), identity.get("first_name", ""), identity.get("middle_name", "")
    )
    if identity.get("birth_date"):
        inputs.append(("birth", str(identity["birth_date"])))
    inputs += [("phone", p) for p in map(normal_phone, identity.get("phones") or []) if p]
    inputs += [
        ("doc", d)
        for d in (normal_document(doc.get("number", "")) for doc in identity.get("documents") or [])
        if d
    ]
    return sorted(set(inputs))


def index_rows(identity: dict) -> list[tuple[str, str]]:
    """(kind, digest) rows to store for a person, hashed with the active key."""
    return [
        (kind, blind_index(value, purpose=f"person.{kind}")) for kind, value in identity_hash_inputs(identity)
    ]


@dataclass(frozen=True)
class Probe:
    """What a search looks for: a name, and optionally a birth date, phone, document number, the home
    district (``geo.AdminUnit`` pk) and an approximate year of birth (from a stated age, when the date is
    not known). The district and the year are no hashes: both are kept in clear on the person (the year
    for age statistics), and a search ranks the people who fit them higher without leaving out the others
    (people move, and misstate their age)."""

    name: str
    birth_date: str = ""
    phone: str = ""
    document: str = ""
    district_id: int | None = None
    approximate_birth_year: int | None = None

    def __post_init__(self):
        # A district id sent by a browser that no table can hold ranks nobody: it must not reach the
        # database, where twenty digits fail (the lookup index is read with it).
        object.__setattr__(self, "district_id", parse_id(self.district_id))

    def hash_inputs(self) -> list[tuple[str, str]]:
        words = name_key(self.name).split()
        inputs = _without_markers(_word_hash_inputs(words), words) + _name_parts(words)
        if len([word for word in words[:MAX_WORDS] if word not in PATRONYMIC_MARKERS]) <= 2:
            inputs = [("whole" if kind == "name" else kind, value) for kind, value in inputs]
        if self.birth_date:
            inputs.append(("birth", self.birth_date))
        if normal_phone(self.phone):
            inputs.append(("phone", normal_phone(self.phone)))
        if normal_document(self.document):
            inputs.append(("doc", normal_document(self.document)))
        return inputs

    def digests(self) -> dict[str, str]:
        """digest -> kind, with every key of the ring (rows not yet rotated still match)."""
        return {
            digest: kind
            for kind, value in self.hash_inputs()
            for digest in blind_indexes(value, purpose=f"person.{HASHED_AS.get(kind, kind)}")
        }


HASHED_AS = {"part": "name", "whole": "name"}  # query-only kinds, looked up among another kind's hashes


def _name_parts(words: list[str]) -> list[tuple[str, str]]:
    """("part", …): the query's name words but one, as a record without that word (most often the
    patronymic) would have its whole name; markers left out, so "Ерлан улы" counts as one word."""
    words = [word for word in words[:MAX_WORDS] if word not in PATRONYMIC_MARKERS]
    if len(words) < 3:
        return []
    return sorted({("part", " ".join(rest)) for rest in combinations(words, len(words) - 1)})


def _without_markers(inputs: list[tuple[str, str]], words: list[str]) -> list[tuple[str, str]]:
    """Leave out the word, pair and loose hashes that involve a patronymic marker (see PATRONYMIC_MARKERS)."""
    words = words[:MAX_WORDS]
    if not PATRONYMIC_MARKERS.intersection(words):
        return inputs
    names = [word for word in words if word not in PATRONYMIC_MARKERS]
    kept = {("word", word) for word in names}
    for first, second in combinations(sorted(names), 2):
        kept.add(("pair", f"{first} {second}"))
        kept.add(("loose", " ".join(sorted((loose_word(first), loose_word(second))))))
    name_kinds = ("word", "pair", "loose")
    return [(kind, value) for kind, value in inputs if kind not in name_kinds or (kind, value) in kept]


def rough_scores(hits: list[tuple[int, str]]) -> dict[int, float]:
    """Sum the weights of the kinds of hash each person shares with the probe (each kind once per value)."""
    scores: dict[int, float] = defaultdict(float)
    for person_id, kind in hits:
        scores[person_id] += WEIGHTS[kind]
    return scores


def name_similarity(query: str, candidate: str) -> float:
    """0..1: how well the candidate's name words cover the query's words, compared as name keys.

    Each query word is paired with its own candidate word, best pairs first (SequenceMatcher ratio, 1 for
    equal words). When the candidate has fewer words, one query word left without a partner counts
    MISSING_WORD (a record without the patronymic is not a different person), any further ones 0.
    Patronymic markers (улы, қызы) are left out on both sides."""
    return NameComparer(query).compare(name_words(candidate))


def name_words(text: str) -> list[str]:
    """The name keys of a name's words, without patronymic markers."""
    return [word for word in name_key(text).split() if word not in PATRONYMIC_MARKERS]


class NameComparer:
    """``name_similarity`` for one query against many candidates, as one search does: the query is keyed
    once; candidates' name fields and word pairs come from small shared caches."""

    def __init__(self, query: str):
        self.query_words = name_words(query)

    def similarity(self, *fields: str) -> float:
        """The candidate given as separate name fields (last, first, middle name)."""
        return self.compare([word for field in fields if field for word in _field_words(field)])

    def compare(self, candidate: list[str]) -> float:
        query = self.query_words
        if not query or not candidate:
            return 0.0
        if len(query) == 1 or len(candidate) == 1:
            return max(_word_likeness(q, c) for q in query for c in candidate) / len(query)
        # One-to-one pairing, best pairs first (names have a handful of words).
        pairs = sorted(
            ((_word_likeness(q, c), i, j) for i, q in enumerate(query) for j, c in enumerate(candidate)),
            reverse=True,
        )
        used_query, used_candidate, total = set(), set(), 0.0
        for likeness, i, j in pairs:
            if i not in used_query and j not in used_candidate:
                used_query.add(i)
                used_candidate.add(j)
                total += likeness
        if len(used_query) < len(query):
            total += MISSING_WORD
        return total / len(query)


# Bounded caches of pure functions, shared by searches and imports, since shortlists and imported lists
# are full of the same surnames, first names and patronymics. They hold single name fields and folded word
# pairs: never a whole name, never who bears them.
@lru_cache(maxsize=50_000)
def _field_keys(field: str) -> tuple[str, ...]:
    return tuple(name_key(field).split())


def _field_words(field: str) -> tuple[str, ...]:
    return tuple(word for word in _field_keys(field) if word not in PATRONYMIC_MARKERS)


@lru_cache(maxsize=100_000)
def _word_likeness(word: str, other: str) -> float:
    return 1.0 if word == other else SequenceMatcher(None, word, other).ratio()
