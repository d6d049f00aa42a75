"""Sorting names by the reader's alphabet (issue 18): Python compares code points, so Қазақстан (Қ, U+049A)
came after Япония (Я, U+042F) and Oʻzbekiston after Zambiya. Each interface language has its alphabet
here, in its own order; a letter outside it sorts after the alphabet by its base letter. Digraphs that are
letters (Uzbek Sh, Ch, Ng, Oʻ, Gʻ; Karakalpak Latin Sh, Ch) count as one letter."""

import unicodedata

from django.utils.translation import get_language

_ALPHABETS = {
    "kaa": "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ү Ў Ф Х Ҳ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я",
    "kaa-latn": "A Á B D E F G Ǵ H X Í I J K Q L M N Ń O Ó P R S T U Ú V W Y Z SH C CH",
    "uz": "A B D E F G H I J K L M N O P Q R S T U V X Y Z Oʻ Gʻ SH CH NG ʼ",
    "uz-cyrl": "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Ъ Ь Э Ю Я Ў Қ Ғ Ҳ",
    "ru": "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я",
    "en": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
}
# The apostrophes people type for the Uzbek ʻ (oʻ, gʻ) and ʼ.
_APOSTROPHES = str.maketrans({"'": "ʻ", "‘": "ʻ", "`": "ʻ", "’": "ʼ"})
_ORDERS = {
    language: {letter: rank for rank, letter in enumerate(letters.split())}
    for language, letters in _ALPHABETS.items()
}


def _base(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0]


def sort_key(text: str, language: str | None = None) -> tuple:
    """A key that sorts ``text`` in the alphabet of ``language`` (the UI language by default)."""
    order = _ORDERS.get(language or get_language() or "kaa", _ORDERS["kaa"])
    text = (text or "").upper().translate(_APOSTROPHES)
    key, i = [], 0
    outside = len(order)
    while i < len(text):
        pair = text[i : i + 2]
        if pair in order:
            key.append((order[pair], ""))
            i += 2
            continue
        char = text[i]
        if char in order:
            key.append((order[char], ""))
        elif _base(char) in order:
            key.append((order[_base(char)], char))
        else:
            key.append((outside, char))
        i += 1
    return tuple(key)
