"""Karakalpak and Uzbek transliteration, and one matching key for a personal name in any script.

Why this module exists: staff write Karakalpak in Cyrillic, official texts use the 2016 Karakalpak Latin
alphabet, Uzbek comes in both scripts and passports carry Russian-style Latin (ICAO 9303, MVD). The
``kaa-latn`` and ``uz-cyrl`` gettext catalogs are generated from their twins, and duplicate checks must
find one person however the name was typed. No library found does Karakalpak 2016 right (ц->c, щ->sh,
capital Í, legacy apostrophes), so the rules live here: pure Python, stdlib only, no Django.

The tables are written out in code on purpose. The same facts, with their sources, are kept as data in
``isenim/core/data/translit_tables.json``; the tests check this code against that file, so a mistake in
either one shows up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "APOSTROPHES",
    "KAA_LATIN_EXCEPTIONS",
    "fold_name_word",
    "kaa_lower",
    "kaa_to_cyrillic",
    "kaa_to_latin",
    "kaa_upper",
    "name_key",
    "name_tokens",
    "normalize_kaa_latin",
    "script_of",
    "transliterate_preserving_markup",
    "uz_to_cyrillic",
    "uz_to_latin",
]

# Every character people type for the apostrophe of Oʻ/Gʻ (Uzbek) or A'/N'/O' (Karakalpak 1995-2016):
# ASCII ', right quote ’, modifier apostrophe ʼ, turned comma ʻ, backtick `, left quote ‘, acute ´.
APOSTROPHES = "'’ʼʻ`‘´"
_APOS = "['’ʼʻ`‘´]"
# ʻ and ʼ are "letters" (category Lm) to the regex engine; keep them out so they act as apostrophes.
_LETTER = r"[^\W\d_ʻʼ]"
_WORD = re.compile(rf"{_LETTER}+")
# A Latin word may carry apostrophes inside or at its end: o'zbek, G'ayıp, meniń written as menin'.
_LATIN_WORD = re.compile(rf"{_LETTER}+(?:{_APOS}+{_LETTER}*)*")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- Karakalpak case ------------------------------------------------------------------------------
# In Karakalpak Latin ı pairs with Í and i with I. Python pairs ı with I and Í with í, which is wrong.
_KAA_UPPER = str.maketrans({"ı": "Í"})
_KAA_LOWER = str.maketrans({"Í": "ı", "İ": "i"})


def kaa_upper(text: str) -> str:
    """Upper-case with the Karakalpak pairs (ı -> Í, i -> I); Python's upper() makes ı into I."""
    return _nfc(_nfc(text).translate(_KAA_UPPER).upper())


def kaa_lower(text: str) -> str:
    """Lower-case with the Karakalpak pairs (Í -> ı, I -> i, a Turkish İ -> i)."""
    return _nfc(_nfc(text).translate(_KAA_LOWER).lower())


def _lower_keep_len(word: str) -> str:
    # Per character, so indexes in the lowered word still point at the same letters.
    return "".join(kaa_lower(c)[:1] or c for c in word)


# --- Tables ---------------------------------------------------------------------------------------
# Karakalpak Cyrillic (41 letters) -> Latin 2016 (Jokargy Kenes resolution 92/IX, 10 June 2016).
_KAA_C2L = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "ú",
    "ў": "w", "ф": "f", "х": "x", "ҳ": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "ı", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
# Reverse: щ, ъ, ь, э have no Latin letter of their own, so they cannot come back.
_KAA_L2C = {lat: cyr for cyr, lat in _KAA_C2L.items() if lat and cyr not in "щэ"}
_CYR_LETTERS = frozenset(_KAA_C2L) | {c.upper() for c in _KAA_C2L}
_CYR_VOWELS = frozenset("аәеёиыоөуүэюя")

# Words whose lost ь/ъ must come back in the reverse direction; matched as a word prefix so inflected
# forms work too (dáryanıń -> дәрьяның). Karakalpak keeps Russian month names, ь included.
KAA_LATIN_EXCEPTIONS = {
    "dárya": "дәрья",
    "kompyuter": "компьютер",
    "yanvar": "январь",
    "fevral": "февраль",
    "aprel": "апрель",
    "iyun": "июнь",
    "iyul": "июль",
    "sentyabr": "сентябрь",
    "oktyabr": "октябрь",
    "noyabr": "ноябрь",
    "dekabr": "декабрь",
}
_COMPOUND_PARTS = frozenset({"dárya"})  # also inside a word: Ámiwdárya, Sırdárya

# Letters that legacy Karakalpak Latin wrote with an apostrophe (1995-2016): A' G' I' N' O' U'.
_APOS_LETTERS = {
    "A": "Á", "a": "á", "G": "Ǵ", "g": "ǵ", "I": "Í", "i": "ı",
    "N": "Ń", "n": "ń", "O": "Ó", "o": "ó", "U": "Ú", "u": "ú",
}  # fmt: skip
# 1994 letters (Turkish-style) and common slips. í: what str.lower('Í') gives, really ı. Ç is not in
# the reference table but in a Turkic Latin text it can only mean ch. ə: Azeri-style typing of á.
_LEGACY_LETTERS = {
    "Ä": "Á", "ä": "á", "Ğ": "Ǵ", "ğ": "ǵ", "Ñ": "Ń", "ñ": "ń", "Ö": "Ó", "ö": "ó", "Ü": "Ú",
    "ü": "ú", "Ş": "Sh", "ş": "sh", "Ç": "Ch", "ç": "ch", "İ": "I", "í": "ı", "Ə": "Á", "ə": "á",
}  # fmt: skip

# Uzbek Cyrillic -> Latin (1995). Karakalpak-only letters (ә ө ү ң) are not Uzbek and pass through;
# ы is not Uzbek either but turns up in Russian names and is written i (Krasniy).
_UZ_C2L = {c: lat for c, lat in _KAA_C2L.items() if c not in "әөүң"} | {
    "ғ": "gʻ", "ў": "oʻ", "ы": "i", "ъ": "ʼ",
}  # fmt: skip
_UZ_VOWELS = frozenset("аеёиоуўэюя")
_UZ_YE_AFTER = _UZ_VOWELS | {"ъ", "ь"}
_IOTATED = frozenset("еёюя")
_UZ_L2C = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с",
    "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з", "sh": "ш", "ch": "ч", "ya": "я",
    "yu": "ю", "yo": "ё", "oʻ": "ў", "gʻ": "ғ", "sʼh": "сҳ",
}  # fmt: skip

# --- Look-alike letters ---------------------------------------------------------------------------
# Latin and Cyrillic letters that look the same get mixed up in typing (even SOATO CSVs have "Kenеgеs"
# with Cyrillic е and "Гоpодские" with Latin p). They must be fixed before transliteration, or Latin
# p inside a Cyrillic word would become п.
_LAT_LOOK = "aceopxyABCEHKMOPTXY"
_CYR_LOOK = "асеорхуАВСЕНКМОРТХУ"
_TO_CYR = str.maketrans(_LAT_LOOK, _CYR_LOOK)
_TO_LAT = str.maketrans(_CYR_LOOK, _LAT_LOOK)
_LOOKALIKES = frozenset(_LAT_LOOK + _CYR_LOOK)
# Letters of neighbouring alphabets typed for Karakalpak ones: Kazakh һ for ҳ, and the "en with tail/hook"
# (ӊ ӈ, used for ң in some fonts and even in CLDR's Karakalpak data).
_VARIANT_LETTERS = str.maketrans("һҺӊӉӈӇ", "ҳҲңҢңҢ")


def _is_latin(c: str) -> bool:
    return c.isalpha() and unicodedata.name(c, "").startswith("LATIN")


def _fix_word_script(word: str) -> str:
    """Put look-alike letters of a word into the script of the word's other letters."""
    # Count letters that exist in one script only; the majority says which script the word is in.
    cyr = sum(c in _CYR_LETTERS for c in word if c not in _LOOKALIKES)
    lat = sum(_is_latin(c) for c in word if c not in _LOOKALIKES)
    if cyr == lat:  # only look-alikes (or a tie): count them all
        cyr, lat = sum(c in _CYR_LETTERS for c in word), sum(map(_is_latin, word))
    if cyr > lat:
        return word.translate(_TO_CYR)
    return word.translate(_TO_LAT) if lat > cyr else word


def normalize_cyrillic(text: str) -> str:
    """NFC, variant letters to Karakalpak ones, Latin look-alikes inside Cyrillic words to Cyrillic."""
    return _fix_lookalikes(text)


def _fix_lookalikes(text: str) -> str:
    text = _nfc(text).translate(_VARIANT_LETTERS)
    return _LATIN_WORD.sub(lambda m: _fix_word_script(m.group()), text)


# --- Shared helpers -------------------------------------------------------------------------------
def _latin_case(out: str, word: str, i: int) -> str:
    """Case the Latin for the upper-case letter word[i]: 'Sh' in Шымбай, 'SH' in ШЫМБАЙ.

    A neighbour in upper case means the word is written in capitals (also right for ЮНИСЕФ-ке)."""
    near = (word[j] for j in (i - 1, i + 1) if 0 <= j < len(word))
    if len(out) > 1 and any(c.isupper() for c in near):
        return kaa_upper(out)
    return kaa_upper(out[:1]) + out[1:]


def _match_case(out: str, src: str) -> str:
    """Case Cyrillic `out` like the Latin `src` it came from ('Sh' -> 'Ш', 'YA' -> 'Я')."""
    if not src[:1].isupper():
        return out
    cased = [c for c in src if c.lower() != c.upper()]
    if len(cased) > 1 and all(c.isupper() for c in cased):
        return out.upper()
    return out[:1].upper() + out[1:]


def _closes_quote(m: re.Match[str]) -> bool:
    # 'Qaraqalpaqstan' in quotes: the final ' closes the quote, it is not the mark of ń.
    start = m.start()
    return m.group()[-1] in APOSTROPHES and start > 0 and m.string[start - 1] in APOSTROPHES


def _cyr_to_lat(text: str, rule: Callable[[str, int], str | None]) -> str:
    """Replace each Cyrillic letter by rule(lower_word, index); None keeps the character."""

    def word(m: re.Match[str]) -> str:
        w = m.group()
        low = _lower_keep_len(w)
        out = []
        for i, c in enumerate(w):
            lat = rule(low, i)
            if lat is None:
                out.append(c)
            else:
                out.append(_latin_case(lat, w, i) if c != low[i] else lat)
        return "".join(out)

    return _WORD.sub(word, text)


# --- Karakalpak -----------------------------------------------------------------------------------
def normalize_kaa_latin(text: str) -> str:
    """Bring Karakalpak Latin in legacy spellings to the 2016 alphabet (idempotent, NFC).

    A' G' I' N' O' U' (1995-2016, any apostrophe) -> Á Ǵ Í/ı Ń Ó Ú; 1994 Ä Ğ Ñ Ö Ü Ş İ -> Á Ǵ Ń Ó Ú Sh I;
    G + combining acute -> Ǵ. Cyrillic and other text is left alone."""
    return _nfc(_LATIN_WORD.sub(_normalize_kaa_word, _nfc(text)))


def _normalize_kaa_word(m: re.Match[str]) -> str:
    w = m.group()
    end = len(w) - 1 if _closes_quote(m) else len(w)
    out, i = [], 0
    while i < len(w):
        c = w[i]
        rep = _LEGACY_LETTERS.get(c, c)  # first, so that İ' ends up as I' would (idempotence)
        if rep in _APOS_LETTERS and i + 1 < end and w[i + 1] in APOSTROPHES:
            out.append(_APOS_LETTERS[rep])
            i += 2
            continue
        out.append(_latin_case(kaa_lower(rep), w, i) if len(rep) > 1 and c.isupper() else rep)
        i += 1
    return "".join(out)


def kaa_to_latin(text: str) -> str:
    """Karakalpak Cyrillic -> Latin 2016 (NFC). Latin already in the text is normalised, not changed.

    Letter by letter: the 2016 standard needs no context (е -> e, ц -> c everywhere); ъ and ь are
    dropped, щ -> sh, ё/ю/я -> yo/yu/ya, ы -> ı with capital Í. Idempotent."""
    text = _cyr_to_lat(_fix_lookalikes(text), lambda w, i: _KAA_C2L.get(w[i]))
    return normalize_kaa_latin(text)


_KAA_TOKEN = re.compile(r"sh|ch|y[aou]|.", re.IGNORECASE | re.DOTALL)


def kaa_to_cyrillic(text: str) -> str:
    """Karakalpak Latin (2016 or legacy) -> Cyrillic (NFC).

    sh -> ш, ch -> ч, ya/yu -> я/ю, yo -> ё except after a vowel (rayon -> район); a few words get
    their ь back (KAA_LATIN_EXCEPTIONS). Lost on the way: щ (-> ш), э (-> е), ъ, ь."""
    text = normalize_kaa_latin(_fix_lookalikes(text))
    return _nfc(_LATIN_WORD.sub(lambda m: _kaa_word_to_cyr(m.group()), text))


def _kaa_word_to_cyr(word: str) -> str:
    low = _lower_keep_len(word)
    for latin, cyr in KAA_LATIN_EXCEPTIONS.items():
        at = low.find(latin)
        if at == 0 or (at > 0 and latin in _COMPOUND_PARTS):
            head = _kaa_tokens_to_cyr(word[:at])
            part = _match_case(cyr, word[at : at + len(latin)])
            return head + part + _kaa_tokens_to_cyr(word[at + len(latin) :], prev=cyr[-1])
    return _kaa_tokens_to_cyr(word)


def _kaa_tokens_to_cyr(word: str, prev: str = "") -> str:
    out = []
    for tok in _KAA_TOKEN.findall(word):
        low = kaa_lower(tok)
        cyr = _KAA_L2C.get(low)
        if cyr is None:  # apostrophe, digit, a letter of another alphabet: keep
            out.append(tok)
            prev = low[-1:]
            continue
        if low == "yo" and prev in _CYR_VOWELS:
            cyr = "йо"  # after a vowel y is a consonant of its own: rayon -> район
        out.append(_match_case(cyr, tok))
        prev = cyr[-1]
    return "".join(out)


# --- Uzbek ----------------------------------------------------------------------------------------
def _uz_rule(w: str, i: int) -> str | None:
    c, prev = w[i], (w[i - 1] if i else "")
    nxt = w[i + 1] if i + 1 < len(w) else ""
    if c == "е":  # Ерназар -> Yernazar, Сапарбаев -> Saparbayev, but Бек -> Bek
        return "ye" if not prev or prev in _UZ_YE_AFTER else "e"
    if c == "ц":  # цирк -> sirk, абзац -> abzas, акция -> aksiya, but лицей -> litsey
        return "ts" if prev in _UZ_VOWELS and nxt else "s"
    if c == "ъ":  # объект -> obyekt (the y of ye does the job), маъно -> maʼno
        return "" if nxt in _IOTATED else "ʼ"
    if c == "с" and nxt == "ҳ":  # Исҳоқ -> Isʼhoq, so it is not read as ш
        return "sʼ"
    return _UZ_C2L.get(c)


def uz_to_latin(text: str) -> str:
    """Uzbek Cyrillic -> Latin by the 1995 rules (NFC); oʻ gʻ with U+02BB, tutuq belgisi ʼ U+02BC."""
    return _nfc(_cyr_to_lat(_fix_lookalikes(text), _uz_rule))


# "ts" before i(y)+vowel or "ey" is the ц of Russian loans: deportatsiya, revolyutsion, litsey.
_UZ_TOKEN = re.compile(
    rf"ts(?=iy?[aeou]|ey)|s{_APOS}h|[og]{_APOS}|y[aeu]|yo(?!{_APOS})|sh|ch|{_APOS}|.",
    re.IGNORECASE | re.DOTALL,
)


def uz_to_cyrillic(text: str) -> str:
    """Uzbek Latin -> Cyrillic (NFC). oʻ/gʻ accepted with any apostrophe; ng stays н+г.

    Inverse of the е/э rules: word-initial or post-vowel ye -> е and e -> э; ye after a consonant
    -> ъе (obyekt). Lost on the way: ц (-> с or тс), щ (-> ш), ь, ъ before е/ё/ю/я."""
    return _nfc(_LATIN_WORD.sub(_uz_word_to_cyr, _fix_lookalikes(text)))


def _uz_canon(low: str) -> str:
    """One spelling per token: any apostrophe in oʻ gʻ sʼh and the tutuq becomes the official one."""
    if len(low) == 1:
        return "ʼ" if low in APOSTROPHES else low
    if low[1] in APOSTROPHES:
        return low[0] + ("ʻ" if len(low) == 2 else "ʼh")
    return low


def _uz_word_to_cyr(m: re.Match[str]) -> str:
    word = m.group()
    tail = word[-1] if _closes_quote(m) else ""
    toks = _UZ_TOKEN.findall(word[: len(word) - len(tail)])
    out, prev = [], ""
    for k, tok in enumerate(toks):
        low = _uz_canon(kaa_lower(tok))
        nxt = toks[k + 1] if k + 1 < len(toks) else ""
        cyr = _uz_token(low, prev, tok, nxt)
        out.append(tok if cyr is None else _match_case(cyr, tok))
        prev = cyr[-1] if cyr else kaa_lower(tok)[-1:]
    return "".join(out) + tail


def _uz_token(low: str, prev: str, tok: str, nxt: str) -> str | None:
    start_or_vowel = not prev or prev in _UZ_VOWELS
    if low == "e":  # эски, поэзия: the forward rules wrote э as e exactly here
        return "э" if start_or_vowel else "е"
    if low == "ye":
        return "е" if start_or_vowel or prev in _UZ_YE_AFTER else "ъе"
    if low == "ʼ":  # tutuq between letters, or the official ʼ after a letter; else a quote mark
        return "ъ" if prev and (nxt[:1].isalpha() or tok == "ʼ") else None
    if low == "ts":
        return "ц"
    return _UZ_L2C.get(low)


# --- Markup ---------------------------------------------------------------------------------------
# What must never be transliterated or counted as text: URLs, e-mail addresses, HTML tags with their
# attributes, HTML entities, printf placeholders (%(name)s, %s, %.1f, %%) and str.format fields.
# printf flags leave out the space so that "100% aniq" keeps its text.
_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+|mailto:[^\s<>\"]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|<[^<>]*>"
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"
    r"|%(?:\([^()]*\))?[#0+\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
    r"|\{\{|\}\}|\{[^{}\s]*\}"
)


def transliterate_preserving_markup(text: str, fn: Callable[[str], str]) -> str:
    """Apply fn (e.g. kaa_to_latin) to the human text only; placeholders, tags, entities, URLs stay.

    Each stretch of text between two protected pieces is converted on its own, so a word split by a
    tag (<b>Ш</b>ымбай) is cased as two words."""
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out += [fn(text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def script_of(text: str) -> str:
    """'cyrl', 'latn', 'mixed' or 'none': the scripts of the letters outside markup and placeholders."""
    found = set()
    for c in _PROTECTED.sub(" ", text):
        if c.isalpha():
            name = unicodedata.name(c, "")
            if name.startswith("CYRILLIC"):
                found.add("cyrl")
            elif name.startswith("LATIN"):
                found.add("latn")
    return found.pop() if len(found) == 1 else ("mixed" if found else "none")


# --- Name key -------------------------------------------------------------------------------------
# Letters of neighbouring alphabets seen in names (Kazakh ұ і, Ukrainian і ї є ґ).
_NAME_EXTRA = str.maketrans("ұҰіІїЇєЄґҐ", "уУиИиИеЕгГ")
_NAME_SEP = re.compile(r"[^\w'’ʼʻ`‘´]+|[\d_]+")
_INNER_QUOTE = re.compile(r'(?<=\w)"(?=\w)')  # MVD-310 writes ъ as "
_YE_YO = re.compile(r"y[eo]")
# Consonants spelled differently by Karakalpak/Uzbek Latin and the Russian passport schemes: х is x in
# kaa/uz and kh in ICAO, ҳ is h; ж is j, zh, dzh, dj; ц is c (kaa), s/ts (uz), ts (ICAO); қ is q or k;
# Russian writes ң as нг (Жангабай = Jańabay). sh and ch map to themselves only so that their s, c and
# h are not folded: sh/s and ch/sh stay apart (Sharipov is not Saripov).
_CLUSTER = {
    "shch": "sh", "dzh": "j", "sh": "sh", "ch": "ch", "dj": "j", "zh": "j", "kh": "h",
    "ts": "s", "ng": "n", "x": "h", "c": "s", "q": "k",
}  # fmt: skip
_CLUSTER_RE = re.compile("|".join(sorted(_CLUSTER, key=len, reverse=True)))
_W_VOWEL = re.compile(r"(?<![aeiou])w")
_V_BEFORE_CONSONANT = re.compile(r"v(?=[^aeiou])")
_V_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])v(?=[aeiou])")
_FINAL_IW = re.compile(r"(?<=[^aeiou])i[vo]$")
_IE_AFTER_VOWEL = re.compile(r"(?<=[aeiou])ie")
_DOUBLE = re.compile(r"(.)\1+")


def name_key(text: str) -> str:
    """One ASCII key for a personal name however it was written, to find candidate duplicates.

    Works across Karakalpak Cyrillic/Latin (2016 or legacy), Uzbek Latin/Cyrillic, Russian Cyrillic
    and passport Latin (ICAO 9303, MVD): "Сапарбаев Ерлан", "SAPARBAYEV YERLAN" -> "erlan saparbaev".
    Tokens (split at spaces, hyphens, dots, commas) are folded one by one and sorted, because
    documents put the surname first or last for the same person; a person still confirms every match.
    Folding: to Latin with kaa_to_latin, ye/yo -> e, diacritics and apostrophes dropped, consonant
    clusters unified (_CLUSTER), y -> i, o/u merged, Karakalpak ў read as Russian documents write it,
    double letters made single. An empty key means
    "nothing to match on" (e.g. a name in a script other than Cyrillic or Latin)."""
    return " ".join(sorted(t for t in map(_fold_name, name_tokens(text)) if t))


def name_tokens(text: str) -> list[str]:
    """A name's words in their order, in lower-case Latin before folding: "Оразбаевич" -> "orazbaevich".

    What ``name_key`` folds; for readers that need the order or the written endings (patronymics)."""
    text = _INNER_QUOTE.sub("", _nfc(text).translate(_NAME_EXTRA))
    return [t for t in _NAME_SEP.split(kaa_lower(kaa_to_latin(text))) if t]


def fold_name_word(token: str) -> str:
    """One word of ``name_tokens`` folded as ``name_key`` folds it ("" when nothing is left)."""
    return _fold_name(token)


def _fold_name(token: str) -> str:
    # ye/yo -> e first, while ó (Uzbek oʻ, Karakalpak ө) is still not o: ye is how Uzbek writes е
    # after a vowel (Saparbayev), yo is ё, which Russian passports write e (Alyona = Alena).
    token = _YE_YO.sub("e", token).replace("ı", "i")
    token = "".join(c for c in unicodedata.normalize("NFD", token) if "a" <= c <= "z")
    while True:  # to a fixed point, so that name_key(name_key(x)) == name_key(x)
        folded = _fold_once(token)
        if folded == token:
            return token
        token = folded


def _fold_once(t: str) -> str:
    # Cyrillic ў is a vowel in Uzbek (oʻ, after a consonant: Ўктам, Тўлқин) and a glide in Karakalpak
    # (w, after a vowel: Даўлет); read Karakalpak w the same way, by position.
    t = _W_VOWEL.sub("o", t).replace("w", "v")
    t = _CLUSTER_RE.sub(lambda m: _CLUSTER[m.group()], t)
    # y -> i: ICAO writes й as i and я/ю as ia/iu (Madreimov, Iuldashev, Niiazbaeva).
    t = t.replace("y", "i")
    # v before a consonant is a u-glide (Dawletov/Давлетов/Даулетов, Shavkat/Shaukat); u -> o: Russian
    # writes ө, ў and ү as у (Утепбергенов for Өтепбергенов, Уктам for Ўктам). Other vowels stay apart:
    # Kamila/Kamola, Ahmed/Ahmad, Aybek/Oybek are different names.
    t = _V_BEFORE_CONSONANT.sub("o", t).replace("u", "o")
    # Karakalpak ў between vowels is written у by Russian documents: Қуўаныш/Куаныш, Аўез/Ауез (v between
    # vowels becomes o in every script alike, so Ivan still meets Ivan). Final -ыў is -у: Айсулыў/Айсулу,
    # and -ыу, -ioʻ in other hands. MVD passports write Сайёра SAYERA (ye → e above), ICAO SAIERA.
    t = _V_BETWEEN_VOWELS.sub("o", t)
    t = _FINAL_IW.sub("o", t)
    t = _IE_AFTER_VOWEL.sub("e", t)
    return _DOUBLE.sub(r"\1", t)  # Muhammad/Muhamad, Niiazbaeva/Niazbaeva


# --- Sorting --------------------------------------------------------------------------------------
# Python sorts by code point, which puts Ә, Қ, Ң, Ө, Ү, Ў, Ҳ after Я and Á, Ó after z. These are the
# alphabets' own orders (Karakalpak Cyrillic holds every Russian letter in Russian order; Karakalpak
# Latin 2016 holds every Uzbek Latin letter); letters outside them sort after, by code point.
_CYRILLIC_ORDER = "аәбвгғдеёжзийкқлмнңоөпрстуүўфхҳцчшщъыьэюя"
_LATIN_ORDER = "aábcdefgǵhxıijkqlmnńoópqrstuúvwyz"
_RANK = {letter: index for index, letter in enumerate(_CYRILLIC_ORDER)}
_RANK.update({letter: 100 + index for index, letter in enumerate(_LATIN_ORDER)})


def collation_key(text: str) -> tuple:
    """Sort key that follows the Karakalpak (and Russian, Uzbek) alphabets: Әмиўдәрья before Беруний."""
    folded = kaa_lower(_nfc(text))
    return tuple(_RANK.get(char, 1000 + ord(char)) for char in folded if not char.isspace()), folded
