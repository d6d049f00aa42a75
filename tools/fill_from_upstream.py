"""Fill empty ru/uz entries of our catalogs from Django's and allauth's own translations; fill en with
the English source text. Entries a translator already wrote are never changed.

A developer's tool, run after `make messages`. Usage: .venv/bin/python tools/fill_from_upstream.py
"""

from pathlib import Path

import allauth
import django
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "isenim" / "locale"
UPSTREAM = [Path(django.__file__).parent, Path(allauth.__file__).parent]


def upstream_strings(locale: str) -> dict:
    found = {}
    for package in UPSTREAM:
        for po in package.rglob(f"locale/{locale}/LC_MESSAGES/django.po"):
            with po.open("rb") as handle:
                for message in read_po(handle):
                    if message.id and message.string and not message.fuzzy:
                        found.setdefault((message.context, _key(message.id)), message.string)
    return found


def _key(msgid):
    return msgid if isinstance(msgid, str) else tuple(msgid)


def _empty(string) -> bool:
    return not all(string) if isinstance(string, tuple | list) else not string


def fill(locale: str) -> int:
    path = LOCALE / locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    known = upstream_strings(locale) if locale != "en" else {}
    filled = 0
    for message in catalog:
        if not message.id or not _empty(message.string):
            continue
        if locale == "en":
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        elif (message.context, _key(message.id)) in known:
            message.string = known[(message.context, _key(message.id))]
        else:
            continue
        message.flags.discard("fuzzy")
        filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True)
    return filled


if __name__ == "__main__":
    for code in ("ru", "uz", "en"):
        print(code, fill(code), "filled")
