"""Hand untranslated catalog entries to translators as JSON and take their work back.

    python tools/po_todo.py export kaa --chunk 200 --out todo/kaa   # todo/kaa-01.json, -02.json …
    python tools/po_todo.py import kaa todo/kaa-01.json …             # fills msgstr, checks placeholders

Each exported item: {"id", "plural" (or null), "context" (or null), "str": "" or ["", "", …]} — the
translator fills "str" (a list, one form per plural form, for plural entries). Import refuses an item whose
placeholders (%(name)s, %s, {x}) differ from the msgid's, and reports it; other items are written.
`python tools/po_todo.py fill-source en` fills the English catalog with the source text.
Run `isenim derive-catalogs` and `python -m isenim.core.i18n_tools` afterwards.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from isenim.core.i18n_tools import read_catalog, write_catalog

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%\([a-z_]+\)\.\d+f|%[sd]|\{[a-z_]+\}")
PLURAL_FORMS = {"ru": 3}


def _needs_work(message) -> bool:
    strings = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
    return bool(message.id) and (message.fuzzy or not all(strings))


def export(locale: str, chunk: int, out: str) -> None:
    items = []
    for message in read_catalog(locale):
        if not _needs_work(message):
            continue
        plural = isinstance(message.id, tuple | list)
        forms = PLURAL_FORMS.get(locale, 2)
        items.append(
            {
                "id": message.id[0] if plural else message.id,
                "plural": message.id[1] if plural else None,
                "context": message.context,
                "str": [""] * forms if plural else "",
            }
        )
    for number, start in enumerate(range(0, len(items), chunk), start=1):
        path = Path(f"{out}-{number:02d}.json")
        path.write_text(
            json.dumps(items[start : start + chunk], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        print(path, len(items[start : start + chunk]))


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def import_(locale: str, files: list[str]) -> int:
    catalog = read_catalog(locale)
    refused = 0
    for file in files:
        for item in json.loads(Path(file).read_text(encoding="utf-8")):
            key = (item["id"], item["plural"]) if item["plural"] else item["id"]
            message = catalog.get(key, context=item["context"])
            if message is None:
                print(f"not in the catalog any more: {item['id'][:60]!r}")
                continue
            strings = item["str"] if isinstance(item["str"], list) else [item["str"]]
            wanted = _placeholders(item["id"]) | _placeholders(item["plural"] or "")
            bad = [text for text in strings if text and not _placeholders(text) <= wanted]
            if not all(strings) or bad or (not item["plural"] and _placeholders(strings[0]) != wanted):
                print(f"refused (empty or placeholders differ): {item['id'][:60]!r} -> {strings}")
                refused += 1
                continue
            message.string = tuple(strings) if item["plural"] else strings[0]
            message.flags.discard("fuzzy")
    write_catalog(locale, catalog)
    return refused


def fill_source(locale: str = "en") -> int:
    """The English catalog holds the source text itself: copy msgid into every empty or fuzzy entry."""
    catalog = read_catalog(locale)
    filled = 0
    for message in catalog:
        if _needs_work(message):
            message.string = tuple(message.id) if isinstance(message.id, tuple | list) else message.id
            message.flags.discard("fuzzy")
            filled += 1
    write_catalog(locale, catalog)
    return filled


if __name__ == "__main__":
    command, locale, *rest = sys.argv[1:]
    if command == "export":
        chunk = int(rest[rest.index("--chunk") + 1]) if "--chunk" in rest else 200
        out = rest[rest.index("--out") + 1] if "--out" in rest else f"po-todo-{locale}"
        export(locale, chunk, out)
    elif command == "fill-source":
        print(f"{fill_source(locale)} entries filled with the source text")
    elif command == "import":
        sys.exit(1 if import_(locale, rest) else 0)
    else:
        sys.exit(__doc__)
