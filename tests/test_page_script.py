"""Every screen speaks its language's script: no English on a Karakalpak page, no Cyrillic on a Latin one.

check-translations only sees our catalogs; this looks at what the pages really show, so a message that
Django or allauth renders outside our catalogs is caught too.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override

from conftest import STAFF_NAMES, make_staff
from isenim.core.access import Role
from isenim.core.translit import script_of

CYRILLIC_UI = {"kaa", "ru", "uz-cyrl"}
# Written the same in every script, or data that is not interface text (usernames of the test staff).
# Language names are shown in their own script on purpose (the switcher, the language choice of an account).
LANGUAGE_NAMES = {word for _code, name in settings.LANGUAGES for word in name.split()}
ALLOWED_WORDS = {
    "TOTP",
    "QR",
    "ISO",
    "WebAuthn",
    "SOATO",
    "KAZ",
    "KZ",
    "CASE",  # the prefix of a case number (CASE-2026-00042), like ISN- and APL-
    "DOCX",
    "JPEG",
    "WEBP",
    "XLSX",
    "CTDC",  # the Counter Trafficking Data Collaborative's format, named so in every language
    *STAFF_NAMES.values(),
    *LANGUAGE_NAMES,
}
# The language switcher; <code> holds machine codes (a catalogue code such as legal-consultation).
SKIPPED_CLASSES = {"language-switcher"}
# Web and e-mail addresses are written in Latin in every language.
ADDRESS = re.compile(r"(?:https?://)?[\w.+-]+(?:@[\w-]+)?(?:\.[a-z]{2,6})+(?:/\S*)?", re.IGNORECASE)


class VisibleText(HTMLParser):
    """Collects the text a person sees, leaving out scripts and the language switcher."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self._skip_depth = 0
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"meta", "link", "input", "br", "hr", "img"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in {"script", "style", "code"} or bool(classes & SKIPPED_CLASSES)
        self._stack.append(skip)
        self._skip_depth += skip

    def handle_endtag(self, tag):
        if tag in {"meta", "link", "input", "br", "hr", "img"} or not self._stack:
            return
        self._skip_depth -= self._stack.pop()

    def handle_data(self, data):
        if not self._skip_depth:
            data = ADDRESS.sub(" ", data)
            self.words.extend(re.findall(r"[^\W\d_]+(?:[ʼʻ'’][^\W\d_]+)*", data))


def is_code(word: str) -> bool:
    """ISO and similar codes (UZ-AN, KAZ) are written in Latin capitals in every language."""
    return len(word) <= 3 and word.isascii() and word.isupper()


def foreign_words(html: str, language: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    expected = "cyrl" if language in CYRILLIC_UI else "latn"
    return sorted(
        {
            word
            for word in parser.words
            if word not in ALLOWED_WORDS
            and word.lower() not in ALLOWED_WORDS
            and not is_code(word)
            and script_of(word) != expected
        }
    )


STAFF_PAGES = [
    ("portal:dashboard", {}),
    ("portal:contacts_edit", {}),
    ("portal:audit_log", {}),
    ("accounts:staff_list", {}),
    ("accounts:staff_create", {}),
    ("geo:unit_list", {}),
    ("geo:country_list", {}),
    ("account_change_password", {}),
    ("mfa_index", {}),
    ("mfa_view_recovery_codes", {}),
    ("mfa_generate_recovery_codes", {}),
]
# Pages of the registry, seen by a caseworker (the administrator of the fixture below sees no people).
CASEWORK_PAGES = [
    ("people:person_list", {}),
    ("people:person_create", {}),
    ("appeals:appeal_list", {}),
    ("appeals:appeal_create", {}),
]
PUBLIC_PAGES = ["portal:home", "account_login", "account_reset_password"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def director_with_history(client, staff, recently_authenticated):
    """The director, signed in, after some audited work so the audit log has rows to show."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    call_command("load-reference")
    director = staff[Role.DIRECTOR]
    director.role = Role.ADMINISTRATOR  # sees every page of the menu
    director.save()
    RecoveryCodes.activate(director)
    client.force_login(director)
    recently_authenticated(director)
    client.post(reverse("portal:contacts_edit"), {"phone": "+998 61 222 00 00"}, follow=True)
    return director


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_public_pages_in_the_script_of_their_language(client, db, language):
    for name in PUBLIC_PAGES:
        with override(language):
            url = reverse(name)
        response = client.get(url)
        assert foreign_words(response.content.decode(), language) == [], (language, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_staff_pages_in_the_script_of_their_language(client, director_with_history, language):
    for name, kwargs in STAFF_PAGES:
        with override(language):
            url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert foreign_words(response.content.decode(), language) == [], (language, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_casework_pages_in_the_script_of_their_language(client, staff, language):
    call_command("load-reference")
    client.force_login(staff[Role.CASE_MANAGER])
    for name, kwargs in CASEWORK_PAGES:
        with override(language):
            url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert foreign_words(response.content.decode(), language) == [], (language, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_enrolment_and_errors_in_the_script_of_their_language(client, db, language):
    newcomer = make_staff(Role.LAWYER, "bakhtiyar", with_totp=False)
    client.force_login(newcomer)
    session = client.session
    import time

    session["account_authentication_methods"] = [{"method": "password", "at": time.time()}]
    session["account_authentication_methods_user"] = str(newcomer.pk)
    session.save()
    with override(language):
        activate, missing = reverse("mfa_activate_totp"), reverse("portal:home") + "no-such-page/"
    page = client.get(activate)
    assert page.status_code == 200
    assert foreign_words(page.content.decode(), language) == [], language
    wrong_code = client.post(activate, {"code": "000000"})
    assert foreign_words(wrong_code.content.decode(), language) == [], language
    not_found = client.get(missing)
    assert not_found.status_code == 404
    assert foreign_words(not_found.content.decode(), language) == [], language
