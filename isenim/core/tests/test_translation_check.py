import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from isenim.core import i18n_tools


@pytest.fixture
def locale_copy(settings, tmp_path):
    shutil.copytree(settings.LOCALE_PATHS[0], tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    return tmp_path / "locale"


def edit_catalog(locale_dir, locale, change):
    path = locale_dir / locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    change(catalog)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def first_plain_message(catalog):
    return next(m for m in catalog if m.id and isinstance(m.id, str) and not m.context and "%" not in m.id)


def test_it_finds_no_problem_in_the_shipped_catalogs():
    assert [str(p) for p in i18n_tools.check_catalogs()] == []


def test_it_reports_an_untranslated_message(locale_copy):
    edit_catalog(locale_copy, "ru", lambda c: setattr(first_plain_message(c), "string", ""))
    assert any(p.locale == "ru" and p.reason == "untranslated" for p in i18n_tools.check_catalogs())


def test_it_reports_a_fuzzy_message(locale_copy):
    edit_catalog(locale_copy, "uz", lambda c: first_plain_message(c).flags.add("fuzzy"))
    assert any(p.locale == "uz" and p.reason == "fuzzy" for p in i18n_tools.check_catalogs())


def test_it_reports_text_in_the_wrong_script(locale_copy):
    edit_catalog(locale_copy, "kaa", lambda c: setattr(first_plain_message(c), "string", "Qaraqalpaqsha"))
    problems = i18n_tools.check_catalogs()
    assert any(p.locale == "kaa" and "wrong script" in p.reason for p in problems)


def test_it_reports_a_stale_generated_catalog(locale_copy):
    edit_catalog(locale_copy, "kaa", lambda c: setattr(first_plain_message(c), "string", "Жаңа текст"))
    problems = i18n_tools.check_catalogs()
    assert any(p.locale == "kaa_Latn" and "out of date" in p.reason for p in problems)
    i18n_tools.derive_catalogs()
    assert not [p for p in i18n_tools.check_catalogs() if p.locale == "kaa_Latn"]


def test_it_reports_a_message_missing_from_one_catalog(locale_copy):
    def drop(catalog):
        del catalog[first_plain_message(catalog).id]

    edit_catalog(locale_copy, "en", drop)
    assert any(p.locale == "en" and "missing" in p.reason for p in i18n_tools.check_catalogs())


def test_it_generates_latin_karakalpak_keeping_placeholders(locale_copy):
    catalog = i18n_tools.derived_catalog("kaa_Latn")
    for message in catalog:
        if message.id and isinstance(message.id, str) and "%(" in message.id and message.string:
            for placeholder in ("%(username)s", "%(name)s", "%(count)s"):
                assert (placeholder in message.id) == (placeholder in message.string), message.id
