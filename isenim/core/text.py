"""Text as people type it, without what they cannot see.

Control characters, zero-width and other format characters, and the bidirectional overrides (U+202A–202E,
U+2066–2069) can make two records of one name look different to the duplicate check, or make a name
display as something else than what is stored. Names, codes and imported cells are cleaned of them.
"""

import unicodedata

# Unicode categories never wanted in a name or a code: controls, format characters (zero-width joiners,
# bidirectional marks and overrides, the BOM), private use, unassigned, lone surrogates, line separators.
INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` in NFC without invisible characters; runs of spaces (a tab too) become one space. With
    ``lines`` the line breaks are kept (a cell or a note of several lines), otherwise they are spaces."""
    if not text:
        return text
    kept = "".join(char for char in text if char in "\t\r\n" or unicodedata.category(char) not in INVISIBLE)
    kept = unicodedata.normalize("NFC", kept)
    if not lines:
        return " ".join(kept.split())
    return "\n".join(" ".join(line.split()) for line in kept.splitlines()).strip()


def visible_values(value):
    """``visible`` applied to every string in a JSON-like value (a person's identity: lists, dicts)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [visible_values(item) for item in value]
    if isinstance(value, dict):
        return {key: visible_values(item) for key, item in value.items()}
    return value
