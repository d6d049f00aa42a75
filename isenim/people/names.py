"""Personal names as Central Asia writes them: a surname, a given name and a father's name, in any order.

A father's name arrives in many forms: Russian-style ``Бахтиярович`` / ``Бахтияровна`` (``-ovich``,
``-yevna`` in Latin), Turkic ``Бахтияр улы`` / ``қызы`` (Karakalpak, Kazakh ``ұлы``), ``Baxtiyor oʻgʻli``
/ ``qizi`` (Uzbek identity cards, with any of the apostrophes), ``uli`` / ``kizi`` in passports. Each of
them names the same thing, the father, and here becomes one token: the father's name key followed by
FATHER_MARK (``bahtiiar~``), so that

- ``Оразбаевич``, ``Оразбай улы``, ``Orazbay ulı`` and ``ORAZBAEVICH`` give the same token;
- a father's name is never taken for a given name: ``Оразбай улы`` (son of Orazbay) and a man called
  Orazbay have different tokens, and ``NameComparer`` pairs fathers with fathers only.

Names the region treats as the same (Ибрайым / Ибрагим, Баўыржан / Бауржан, the Uzbek ending ``-бой`` of
``-бай``) are data (``NameEquivalent``, shipped in ``data/name_equivalents.json`` with their sources);
``people.equivalents`` loads them and hands them to ``set_equivalents``. Every word key goes through
them: given names, fathers' names and the stems of surnames built from names (Ибрайымов = Ибрагимов).

Pure Python on top of ``core.translit``; no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from isenim.core.translit import fold_name_word, name_tokens

__all__ = [
    "FATHER_MARK",
    "PATRONYMIC_MARKERS",
    "Equivalents",
    "ParsedName",
    "equivalents",
    "father_key",
    "fields_tokens",
    "fields_tokens_with",
    "is_father",
    "parse_name",
    "person_name_key",
    "same_stem",
    "set_equivalents",
    "stem_form",
    "surname_forms",
    "text_tokens",
]

FATHER_MARK = "~"  # never in a folded word (a-z only), so a father's token cannot meet a given name's
# "Son of" / "daughter of" written apart, as folded words: улы ұлы ulı uli uly -> oli, Kyrgyz уулу -> olo,
# oʻgʻli o'g'li ogli ўғли угли оглы -> ogli, оглу -> oglo, қызы qızı qizi кызы kizi kyzy -> kizi, гизи.
PATRONYMIC_MARKERS = frozenset({"oli", "olo", "ogli", "oglo", "kizi", "gizi"})
# Russian-style patronymics on the written Latin word, before folding (folding blurs -ovna into -ona,
# which names such as Ilona end in): -ovich -evich -yevich -ovna -evna -yevna, ICAO -ovych.
_RUSSIAN_PATRONYMIC = re.compile(r"(?P<stem>.{2,}?)(?:y?e|o)[vw](?:ich|ych|na)")
# Surnames built from a name (Сапарбай -> Сапарбаев, Сапарбаева; Ерназар -> Ерназаров, -ова), folded.
_SURNAME = re.compile(r"(?P<stem>.{3,}?)(?P<suffix>eoa|oa|ev|ov)")
_VOWELS = frozenset("aeiou")


def stem_form(word: str) -> str:
    """A folded name as the stem of a patronymic or surname reads it: the final й after a vowel and a
    final е are lost there (Оразбай -> Оразбаевич, Сергей -> Сергеевич), so they go from every form."""
    if len(word) > 2 and word[-1] == "i" and word[-2] in _VOWELS:
        word = word[:-1]
    if len(word) > 3 and word[-1] == "e":
        word = word[:-1]
    return word


def same_stem(word: str, other: str) -> bool:
    """A surname without -ев/-ов (Kazakh style: Сапарбай) and the same with it (Сапарбаев), folded."""
    if len(word) > len(other):
        word, other = other, word
    match = _SURNAME.fullmatch(other)
    return bool(match) and not is_father(word) and stem_form(word) == stem_form(match["stem"])


def surname_forms(word: str) -> tuple[str, ...]:
    """The surnames made from a name word written without -ев/-ов (the Kazakh way: Сапарбай), folded as
    a surname with them would be: ("saparbaev", "saparbaeoa") for "saparbai"; () for a word that already
    looks like such a surname, a father's name, or a short word."""
    if is_father(word) or len(word) < 4 or _SURNAME.fullmatch(word):
        return ()
    stem = stem_form(word)
    soft = stem[-1] in _VOWELS or stem.endswith(("j", "sh", "ch", "s"))
    return (stem + "ev", stem + "eoa") if soft else (stem + "ov", stem + "oa")


@dataclass(frozen=True)
class Equivalents:
    """Folded name -> the folded name of its group, for whole words and for stems; and endings."""

    words: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    endings: tuple[tuple[str, str], ...] = ()  # (folded ending, canonical), longest first
    stem_endings: tuple[tuple[str, str], ...] = ()

    @classmethod
    def build(
        cls, groups: Iterable[tuple[str, Iterable[str]]], endings: Iterable[tuple[str, Iterable[str]]] = ()
    ):
        """From (canonical spelling, other spellings) groups of names and of endings, in any script."""
        ending_pairs, stem_ending_pairs = {}, {}
        for canonical, forms in endings:
            target = _fold(canonical)
            for form in forms:
                folded = _fold(form)
                if folded and folded != target:
                    ending_pairs[folded] = target
                    stem_ending_pairs[stem_form(folded)] = stem_form(target)
        base = cls(
            endings=tuple(sorted(ending_pairs.items(), key=lambda item: -len(item[0]))),
            stem_endings=tuple(sorted(stem_ending_pairs.items(), key=lambda item: -len(item[0]))),
        )
        words, stems = {}, {}
        for canonical, forms in groups:
            target = base._ending(_fold(canonical))
            stem_target = base._stem_ending(stem_form(_fold(canonical)))
            for form in forms:
                folded = base._ending(_fold(form))
                if folded and folded != target:
                    words[folded] = target
                stem = base._stem_ending(stem_form(_fold(form)))
                if stem and stem != stem_target:
                    stems[stem] = stem_target
        return cls(words=words, stems=stems, endings=base.endings, stem_endings=base.stem_endings)

    def _ending(self, word: str) -> str:
        for ending, canonical in self.endings:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                return word[: -len(ending)] + canonical
        return word

    def _stem_ending(self, stem: str) -> str:
        for ending, canonical in self.stem_endings:
            if stem.endswith(ending) and len(stem) > len(ending) + 1:
                return stem[: -len(ending)] + canonical
        return stem

    def word(self, word: str) -> str:
        """A given name or surname: its group's name; a surname built from a name in a group, that
        surname built from the group's name (Ибрайымова -> ibragimoa)."""
        word = self._ending(word)
        if word in self.words:
            return self.words[word]
        if (match := _SURNAME.fullmatch(word)) and (self.stems or self.stem_endings):
            stem = self.stem(match["stem"])
            if stem != match["stem"]:
                return stem + match["suffix"]
        return word

    def stem(self, stem: str) -> str:
        """A father's name, or a surname's stem, in stem form (see ``stem_form``)."""
        stem = self._stem_ending(stem_form(stem))
        return self.stems.get(stem, stem)


_equivalents = Equivalents()


def equivalents() -> Equivalents:
    return _equivalents


def set_equivalents(table: Equivalents) -> None:
    """Use ``table`` for every key from now on (people.equivalents calls it when the data change)."""
    global _equivalents
    _equivalents = table
    _field_tokens.cache_clear()


def _fold(text: str) -> str:
    return "".join(fold_name_word(token) for token in name_tokens(text))


def father_key(name: str) -> str:
    """The token of a father called ``name`` (in any script): ``father_key("Оразбай") == "orazba~"``."""
    return _equivalents.stem(_fold(name)) + FATHER_MARK


def is_father(token: str) -> bool:
    return token.endswith(FATHER_MARK)


@dataclass(frozen=True)
class ParsedName:
    """A name's word keys: ``words`` the surname and given names (their order is not known), ``fathers``
    the father's name tokens (normally one)."""

    words: tuple[str, ...]
    fathers: tuple[str, ...]

    def tokens(self) -> list[str]:
        return sorted(self.words + self.fathers)


def parse_name(text: str, *, patronymic: bool = False, table: Equivalents | None = None) -> ParsedName:
    """Split ``text`` into surname/given name words and the father's name, whatever the order and form.

    A word is the father's when it ends like a Russian patronymic (stem kept: Бахтиярович -> Бахтияр) or
    stands before a Turkic marker (Бахтияр улы, Baxtiyor oʻgʻli); the marker itself is dropped. With
    ``patronymic`` (the middle-name field of a record or an import column) the words are the father's
    name even without either: "Бахтияр" in a column named ``otasining ismi``. ``table``: other
    equivalents than the current ones (to see what a change of them changes)."""
    table = table or _equivalents
    words: list[tuple[str, str]] = []  # (folded as written, key through the equivalents)
    fathers: list[str] = []
    kinds: list[str] = []  # per kept word, in order: "w" or "f"
    marked = False
    for token in name_tokens(text):
        folded = fold_name_word(token)
        if not folded:
            continue
        if folded in PATRONYMIC_MARKERS:
            marked = True
            if kinds and kinds[-1] == "w":  # the word before the marker names the father
                written, _key = words.pop()
                kinds[-1] = "f"
                fathers.append(table.stem(written) + FATHER_MARK)
            continue
        if match := _RUSSIAN_PATRONYMIC.fullmatch(token):
            stem = fold_name_word(match["stem"])
            if len(stem) >= 2:
                marked = True
                fathers.append(table.stem(stem) + FATHER_MARK)
                kinds.append("f")
                continue
        words.append((folded, table.word(folded)))
        kinds.append("w")
    if patronymic and not marked:
        fathers += [table.stem(written) + FATHER_MARK for written, _key in words]
        words = []
    return ParsedName(tuple(key for _written, key in words), tuple(fathers))


def text_tokens(text: str) -> list[str]:
    """The sorted tokens of a name typed as one text (a search, a list's whole-name column)."""
    return parse_name(text).tokens()


def fields_tokens(last: str = "", first: str = "", middle: str = "") -> list[str]:
    """The sorted tokens of a name kept in fields: the middle name is the father's name."""
    return sorted(
        token
        for value, patronymic in ((last, False), (first, False), (middle, True))
        if value
        for token in _field_tokens(value, patronymic)
    )


@lru_cache(maxsize=50_000)
def _field_tokens(value: str, patronymic: bool) -> tuple[str, ...]:
    # Lists and shortlists repeat the same surnames, given names and patronymics; a bounded cache of single
    # fields (never a whole name, never who bears it), cleared when the equivalents change.
    return tuple(parse_name(value, patronymic=patronymic).tokens())


def fields_tokens_with(table: Equivalents, last: str = "", first: str = "", middle: str = "") -> list[str]:
    """``fields_tokens`` under the given equivalents (uncached)."""
    return sorted(
        token
        for value, patronymic in ((last, False), (first, False), (middle, True))
        if value
        for token in parse_name(value, patronymic=patronymic, table=table).tokens()
    )


def person_name_key(last: str = "", first: str = "", middle: str = "") -> str:
    """The name key of a record: its tokens joined (what the whole-name hash is made of)."""
    return " ".join(fields_tokens(last, first, middle))
