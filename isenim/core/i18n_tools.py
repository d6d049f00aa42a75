"""Translation catalog tooling: derive the transliterated catalogs, compile, and check completeness.

Catalogs live in isenim/locale/<locale>/LC_MESSAGES/django.po. Translators write ``kaa`` (Karakalpak
Cyrillic), ``uz`` (Uzbek Latin), ``ru`` and ``en``; ``kaa_Latn`` and ``uz_Cyrl`` are generated from their
twins by transliteration and must not be edited by hand. Compiling uses Babel, so a fresh machine needs
no GNU gettext to run the project.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings

from isenim.core.translit import kaa_to_latin, script_of, transliterate_preserving_markup, uz_to_cyrillic

AUTHORED = ["kaa", "uz", "ru", "en"]
DERIVED: dict[str, tuple[str, Callable[[str], str]]] = {
    "kaa_Latn": ("kaa", kaa_to_latin),
    "uz_Cyrl": ("uz", uz_to_cyrillic),
}
EXPECTED_SCRIPT = {
    "kaa": "cyrl",
    "kaa_Latn": "latn",
    "uz": "latn",
    "uz_Cyrl": "cyrl",
    "ru": "cyrl",
    "en": "latn",
}
ALL_LOCALES = [*AUTHORED, *DERIVED]
# Codes and product names written the same in every script; removed before the script check.
INTERNATIONAL_TERMS = (
    "ISO",
    "TOTP",
    "QR",
    "PDF",
    "XLSX",
    "CSV",
    "SMS",
    "URL",
    "WebAuthn",
    "M&E",
    "SOATO",
    "Excel",
    "UTF-8",
    "PNG",
    "JPEG",
    "MP4",
    "WebM",
    # commands and codes staff type as they are
    "isenim load-reference",
    "isenim vault-check",
    "isenim restore",
    "vault",
    "state-grant-2019",
    "1.1.a",
    # the CTDC format (docs/exchange.md): its name, its column names and values as files spell them
    "Counter Trafficking Data Collaborative",
    "CTDC",
    "HTCDS",
    "IOM",
    "UN",
    "Unknown",
    "yearOfRegistration",
    "CountryOfExploitation",
    "citizenship",
    "comparison:NAME",
    "comparison:",
    "ctdc-2021",
    # columns of the official-figures file, typed as they are
    "source_url",
    "source",
    "region",
    "year",
    "measure",
    "value",
    "code",
    "note",
    "rows",
    "cols",
    "JSON",
    "SHA-256",
    "sha256",
    "fingerprint",
    "Ctrl",
    "Office",
    "xls",
    "ISN-2026-00042",
    "docs/deploy.md",
    "https://",
    "http://",
    "isenim stats",
    "isenim retention",
    "isenim",
    "stats",
    "retention",
    "backups",
    # the statistical threshold k and a p-value, written as in statistics
    "k",
    "p",
)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(locale: str) -> Path:
    return locale_dir() / locale / "LC_MESSAGES" / "django.po"


def read_catalog(locale: str) -> Catalog:
    with po_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale.replace("_Latn", "").replace("_Cyrl", "") or None)


def write_catalog(locale: str, catalog: Catalog) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)


def normalize_catalogs() -> None:
    """Rewrite the authored catalogs in the shipped layout (sorted, unwrapped) after makemessages."""
    for locale in AUTHORED:
        write_catalog(locale, read_catalog(locale))


def _convert(value, convert: Callable[[str], str]):
    if isinstance(value, tuple | list):
        return tuple(_convert(item, convert) for item in value)
    return transliterate_preserving_markup(value, _keeping_international_terms(convert)) if value else value


def _keeping_international_terms(convert: Callable[[str], str]) -> Callable[[str], str]:
    """Wrap a transliterator so codes like "WebAuthn" or "QR" pass through unchanged."""
    pattern = _terms_pattern()

    def convert_around_terms(text: str) -> str:
        return "".join(
            part if pattern.fullmatch(part) else convert(part) for part in pattern.split(text) if part
        )

    return convert_around_terms


def derived_catalog(target: str) -> Catalog:
    source_locale, convert = DERIVED[target]
    source = read_catalog(source_locale)
    out = Catalog(locale=None, project="Isenim", charset="utf-8", fuzzy=False)
    out.language_team = f"generated from {source_locale} by transliteration; do not edit"
    out._num_plurals, out._plural_expr = 2, "(n != 1)"
    for message in source:
        if not message.id:
            continue
        out.add(
            message.id, _convert(message.string, convert), context=message.context, flags=list(message.flags)
        )
    return out


def derive_catalogs() -> list[str]:
    written = []
    for target in DERIVED:
        write_catalog(target, derived_catalog(target))
        written.append(target)
    return written


def compile_catalogs(root: Path | None = None) -> list[Path]:
    """Compile .po to .mo. Works before Django is set up (it cannot start without the kaa catalog)."""
    compiled = []
    for locale in ALL_LOCALES:
        path = (root or locale_dir()) / locale / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        compiled.append(path.with_suffix(".mo"))
    return compiled


@dataclass
class Problem:
    locale: str
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.reason}: {self.msgid[:70]!r}"


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _without_international_terms(text: str) -> str:
    return _terms_pattern().sub("", text)


def _terms_pattern() -> re.Pattern:
    """The terms as whole words (a term is never part of a word: "k" the threshold, not the k of "koʻp"),
    longest first so "isenim stats" wins over "isenim"."""
    letter = r"[\wʻʼ]"

    def whole(term: str) -> str:
        before = f"(?<!{letter})" if term[0].isalnum() else ""
        after = f"(?!{letter})" if term[-1].isalnum() else ""
        return before + re.escape(term) + after

    terms = sorted(INTERNATIONAL_TERMS, key=len, reverse=True)
    return re.compile("(" + "|".join(whole(term) for term in terms) + ")")


def check_catalog(locale: str, reference_ids: set) -> list[Problem]:
    problems: list[Problem] = []
    if not po_path(locale).exists():
        return [Problem(locale, "", "catalog file is missing")]
    catalog = read_catalog(locale)
    ids = set()
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        ids.add(key)
        msgid = key[1]
        if message.fuzzy:
            problems.append(Problem(locale, msgid, "fuzzy"))
        strings = _strings(message)
        if not all(strings):
            problems.append(Problem(locale, msgid, "untranslated"))
            continue
        for text in strings:
            script = script_of(_without_international_terms(text))
            if script not in (EXPECTED_SCRIPT[locale], "none"):
                problems.append(Problem(locale, msgid, f"text in the wrong script ({script}): {text[:40]!r}"))
    for missing in sorted(reference_ids - ids, key=str):
        problems.append(Problem(locale, missing[1], "message missing from the catalog"))
    return problems


def check_catalogs() -> list[Problem]:
    """Every catalog has every message of the kaa catalog, translated, not fuzzy, in its own script;
    and the generated catalogs match what transliteration of their twin gives now."""
    reference = read_catalog("kaa")
    reference_ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in reference if m.id}
    problems = []
    for locale in ALL_LOCALES:
        problems.extend(check_catalog(locale, reference_ids))
    for target in DERIVED:
        if not po_path(target).exists():
            continue
        expected = {(m.context, str(m.id)): m.string for m in derived_catalog(target) if m.id}
        actual = {(m.context, str(m.id)): m.string for m in read_catalog(target) if m.id}
        if expected != actual:
            problems.append(Problem(target, "", "out of date: run `isenim derive-catalogs`"))
    return problems


if __name__ == "__main__":
    # `python -m isenim.core.i18n_tools`: compile the shipped catalogs without setting Django up.
    shipped = Path(__file__).resolve().parent.parent / "locale"
    print(f"compiled {len(compile_catalogs(shipped))} catalogs")
