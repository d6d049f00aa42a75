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
from itertools import combinations

from isenim.core.crypto import blind_index, blind_indexes
from isenim.core.translit import name_key

# How much each kind of shared hash counts towards the first ranking.
WEIGHTS = {"name": 3.0, "pair": 1.0, "loose": 0.5, "word": 0.3, "birth": 1.0, "phone": 2.0, "doc": 3.0}
MAX_WORDS = 4  # pairs of at most 4 words: 6 pairs; a longer name is rare and its first words suffice
VOWELS = re.compile(r"[aeiou]")


def full_name(last_name: str = "", first_name: str = "", middle_name: str = "") -> str:
    return " ".join(part for part in (last_name, first_name, middle_name) if part)


def loose_word(word: str) -> str:
    """A word's consonant skeleton, keeping its first letter: bahtiar/bahtior -> bhtr."""
    return word[:1] + VOWELS.sub("", word[1:])


def name_hash_inputs(name: str) -> list[tuple[str, str]]:
    """(kind, value) for a name: the whole key, each word, and its word pairs, strict and loose."""
    words = name_key(name).split()[:MAX_WORDS]
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
    name = full_name(
        identity.get("last_name", ""), identity.get("first_name", ""), identity.get("middle_name", "")
    )
    inputs = name_hash_inputs(name)
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
    """What a search looks for: a name, and optionally a birth date, phone or document number."""

    name: str
    birth_date: str = ""
    phone: str = ""
    document: str = ""

    def hash_inputs(self) -> list[tuple[str, str]]:
        inputs = name_hash_inputs(self.name)
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
            for digest in blind_indexes(value, purpose=f"person.{kind}")
        }


def rough_scores(hits: list[tuple[int, str]]) -> dict[int, float]:
    """Sum the weights of the kinds of hash each person shares with the probe (each kind once per value)."""
    scores: dict[int, float] = defaultdict(float)
    for person_id, kind in hits:
        scores[person_id] += WEIGHTS[kind]
    return scores


def name_similarity(query: str, candidate: str) -> float:
    """0..1: how well the candidate's name words cover the query's words, compared as name keys."""
    query_words, candidate_words = name_key(query).split(), name_key(candidate).split()
    if not query_words or not candidate_words:
        return 0.0
    total = 0.0
    for word in query_words:
        total += max(SequenceMatcher(None, word, other).ratio() for other in candidate_words)
    return total / len(query_words)
