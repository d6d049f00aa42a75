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
from isenim.people.names import (
    FATHER_MARK,
    fields_tokens,
    is_father,
    same_stem,
    stem_form,
    surname_forms,
    text_tokens,
)

# How much each kind of shared hash counts towards the first ranking.
WEIGHTS = {
    "name": 3.0,
    "part": 1.5,  # query only: the whole name of a record that lacks one of the query's words (see Probe)
    # Query only: the whole name of a query of at most two words. A record of just those words says no
    # more than a record holding them beside a patronymic (which the query leaves out): both count the pair.
    "whole": 0.0,
    "pair": 1.0,
    # Query only: a pair with a word read as a surname with -ев/-ов (_surnames_without_suffix).
    "stem": 0.8,
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
# "Son of"/"daughter of" (Бахтияр улы, Baxtiyor oʻgʻli) are no name words: people.names reads the word
# before them as the father's name, as it reads Бахтиярович, and keys both as one token (bahtiar~).
# A query word the candidate has no word for at all (a record without the patronymic) counts this much:
# less than the same word, more than a different one (other fathers' names still score 0.6-0.8).
MISSING_WORD = 0.85
# A query word of no known role (a third word typed without -ович or улы) paired with a father's name the
# candidate has no other partner for: at most this much, so the same father written as one counts more.
UNMARKED_FATHER = 0.95
# A surname written without -ев/-ов (Kazakh style, Сапарбай) and the same surname with it (Сапарбаев).
SAME_STEM = 0.95


def full_name(last_name: str = "", first_name: str = "", middle_name: str = "") -> str:
    return " ".join(part for part in (last_name, first_name, middle_name) if part)


def loose_word(word: str) -> str:
    """A word's consonant skeleton, keeping its first letter: bahtiar/bahtior -> bhtr."""
    return word[:1] + VOWELS.sub("", word[1:])


def name_hash_inputs(name: str) -> list[tuple[str, str]]:
    """(kind, value) for a name: the whole key, each word, and its word pairs, strict and loose."""
    return _word_hash_inputs(text_tokens(name))


def fields_hash_inputs(last: str = "", first: str = "", middle: str = "") -> list[tuple[str, str]]:
    """(kind, value) for a name kept in fields, the middle name being the father's (``names.fields_tokens``).

    Each field is keyed once through a small cache: imports key thousands of names whose surnames, first
    names and patronymics repeat. The same as ``name_hash_inputs`` of the fields joined when the middle
    name has a patronymic's form (tested)."""
    return _word_hash_inputs(fields_tokens(last, first, middle))


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
    # The name as fields (last, first, middle) when the caller has them: the middle name is then the
    # father's even when written without -ович or улы (an import's "otasining ismi" column).
    fields: tuple[str, str, str] | None = None

    def __post_init__(self):
        # A district id sent by a browser that no table can hold ranks nobody: it must not reach the
        # database, where twenty digits fail (the lookup index is read with it).
        object.__setattr__(self, "district_id", parse_id(self.district_id))

    def tokens(self) -> list[str]:
        """The name's tokens (people.names): word keys and the father's name, marked."""
        return fields_tokens(*self.fields) if self.fields else text_tokens(self.name)

    def hash_inputs(self) -> list[tuple[str, str]]:
        words = self.tokens()
        inputs = _word_hash_inputs(words) + _name_parts(words) + _surnames_without_suffix(words)
        if len(words[:MAX_WORDS]) <= 2:
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


HASHED_AS = {
    "part": "name",
    "whole": "name",
    "stem": "pair",
}  # query-only kinds, looked up among another kind's hashes


def _name_parts(words: list[str]) -> list[tuple[str, str]]:
    """("part", …): the query's name words but one, as a record without that word (most often the
    patronymic) would have its whole name; "Ерлан улы" is one word (the father's)."""
    words = words[:MAX_WORDS]
    if len(words) < 3:
        return []
    return sorted({("part", " ".join(rest)) for rest in combinations(words, len(words) - 1)})


def _surnames_without_suffix(words: list[str]) -> list[tuple[str, str]]:
    """("stem", pair): when no word of the query looks like a surname with -ев/-ов (a Kazakh-style
    "Сапарбай Ерлан"), each word as such a surname (saparbaev, saparbaeoa) paired with every other word,
    looked up among the pairs: the record keeps "Сапарбаев Ерлан". A handful of hashes, only then."""
    words = words[:MAX_WORDS]
    if len(words) < 2 or any(
        surname_forms(word) == () and not is_father(word) for word in words if len(word) >= 4
    ):
        return []
    inputs = set()
    for word in words:
        for surname in surname_forms(word):
            for other in words:
                if other != word:
                    inputs.add(("stem", " ".join(sorted((surname, other)))))
    return sorted(inputs)


def rough_scores(hits: list[tuple[int, str]]) -> dict[int, float]:
    """Sum the weights of the kinds of hash each person shares with the probe (each kind once per value)."""
    scores: dict[int, float] = defaultdict(float)
    for person_id, kind in hits:
        scores[person_id] += WEIGHTS[kind]
    return scores


def name_similarity(query: str, candidate: str) -> float:
    """0..1: how well the candidate's name words cover the query's words, compared as name keys.

    Each query word is paired with its own candidate word, best pairs first (SequenceMatcher ratio, 1 for
    equal words): a father's name only with a father's name, the other words among themselves. A query
    word left without a partner may then meet a father's name left without one (a third word typed
    without -ович or улы; at most UNMARKED_FATHER). When the candidate has fewer words, one query word
    left without a partner counts MISSING_WORD (a record without the patronymic is not a different
    person), any further ones 0."""
    return NameComparer(query).compare(name_words(candidate))


def name_words(text: str) -> list[str]:
    """The tokens of a name typed as one text: word keys, and the father's name marked (people.names)."""
    return text_tokens(text)


class NameComparer:
    """``name_similarity`` for one query against many candidates, as one search does: the query is keyed
    once; candidates' name fields and word pairs come from small shared caches."""

    def __init__(self, query: "str | Probe"):
        self.query_words = query.tokens() if isinstance(query, Probe) else name_words(query)

    def similarity(self, last: str = "", first: str = "", middle: str = "") -> float:
        """The candidate given as its name fields (the middle name is the father's)."""
        return self.compare(fields_tokens(last, first, middle))

    def compare(self, candidate: list[str]) -> float:
        query = self.query_words
        if not query or not candidate:
            return 0.0
        if len(query) == 1 or len(candidate) == 1:
            return max(max(_likeness(q, c), _cross_likeness(q, c)) for q in query for c in candidate) / len(
                query
            )
        # One-to-one pairing, best pairs first (names have a handful of words), roles kept apart.
        pairs = sorted(
            ((_likeness(q, c), i, j) for i, q in enumerate(query) for j, c in enumerate(candidate)),
            reverse=True,
        )
        used_query, used_candidate, total = set(), set(), 0.0
        for likeness, i, j in pairs:
            if likeness >= 0 and i not in used_query and j not in used_candidate:
                used_query.add(i)
                used_candidate.add(j)
                total += likeness
        # Words of no known role left over on one side, a father's name on the other.
        for i, q in enumerate(query):
            if i in used_query:
                continue
            left = [
                (_cross_likeness(q, c), j)
                for j, c in enumerate(candidate)
                if j not in used_candidate and is_father(q) != is_father(c)
            ]
            if left:
                likeness, j = max(left)
                used_query.add(i)
                used_candidate.add(j)
                total += likeness
        if len(used_query) < len(query):
            total += MISSING_WORD
        return total / len(query)


def _likeness(word: str, other: str) -> float:
    """A father's name with a father's name, other words with other words; -1 across the two."""
    if is_father(word) != is_father(other):
        return -1.0
    return _word_likeness(word, other)


def _cross_likeness(word: str, other: str) -> float:
    """A word of no known role against a father's name, both as patronymics' stems."""
    if is_father(word) == is_father(other):
        return -1.0
    return min(UNMARKED_FATHER, _word_likeness(_stem(word), _stem(other)))


def _stem(token: str) -> str:
    return token[: -len(FATHER_MARK)] if is_father(token) else stem_form(token)


@lru_cache(maxsize=100_000)
def _word_likeness(word: str, other: str) -> float:
    if word == other:
        return 1.0
    if same_stem(word, other):
        return SAME_STEM
    return SequenceMatcher(None, word, other).ratio()
