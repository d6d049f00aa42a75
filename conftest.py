"""Shared test fixtures: one named staff member per role, the same names in every test.

Each has a TOTP authenticator, so ``client.force_login`` gives a fully enrolled session.
"""

import io
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from isenim.accounts.demo import current_totp_code
from isenim.core.access import Role

# Learn these once: the same person always has the same role.
STAFF_NAMES = {
    Role.DIRECTOR: "dilnoza",
    Role.CASE_MANAGER: "gulnara",
    Role.PSYCHOLOGIST: "zarina",
    Role.LAWYER: "bakhtiyar",
    Role.INTAKE_OPERATOR: "jasur",
    Role.PREVENTION_OFFICER: "erlan",
    Role.ME_OFFICER: "olga",
    Role.ADMINISTRATOR: "ruslan",
}
TEST_PASSWORD = "correct horse battery staple 7"


def make_staff(role: Role | str | None, username: str, *, with_totp: bool = True):
    user = get_user_model().objects.create_user(
        username=username, password=TEST_PASSWORD, role=role or "", first_name=username.title()
    )
    if with_totp:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        user.totp_secret = secret
    return user


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /ru/ must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_demo_data():
    """Each test starts without the demo data flag (core.demo keeps it in the process; the database rolls
    back, the process would not): seed-demo or a DemoData row sets it again."""
    from isenim.core.demo import assume_demo_data

    assume_demo_data(False)
    yield
    assume_demo_data(False)


# --- A module's data made once: a transaction around the whole module, rolled back after its last test ---
# pytest-django runs each test in a savepoint inside it (its ``db`` fixture), so a test sees the module's
# data as made and its own changes roll back. For data that costs seconds (the whole demo: 13-16 s) and
# that several tests of one module only read or change. Not for transactional tests (``transaction=True``,
# ``live_server``): they commit and flush. Every test of such a module that uses the database must ask for
# ``module_db`` (or a fixture built on it): another one would see the module's data (checked below).
_MODULE_DB: dict = {"open": None}


@pytest.fixture(scope="module")
def module_db(request, django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    _MODULE_DB["open"] = request.node.nodeid
    try:
        yield
    finally:
        _MODULE_DB["open"] = None
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _outside_module_db(request):
    """A test that does not ask for ``module_db`` while one is open would meet that module's data."""
    if _MODULE_DB["open"] and "module_db" not in request.fixturenames:
        pytest.fail(f"{request.node.nodeid} runs inside {_MODULE_DB['open']}'s module_db: ask for module_db")


@dataclass
class SeededDemo:
    var_dir: Path  # settings.VAR_DIR while it was seeded: demo-accounts.json
    output: str  # what ``isenim seed-demo --force`` printed


@pytest.fixture(scope="module")
def _seeded_demo_once(module_db, django_db_blocker, tmp_path_factory) -> SeededDemo:
    from django.core.management import call_command
    from django.test.utils import override_settings

    var_dir = tmp_path_factory.mktemp("demo-var")
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var_dir):
        call_command("seed-demo", "--force", stdout=out)
    return SeededDemo(var_dir=var_dir, output=out.getvalue())


@pytest.fixture
def seeded_demo(_seeded_demo_once, db, settings) -> SeededDemo:
    """The whole demo of ``isenim seed-demo --force``, seeded once per test module (``module_db``); each
    test's changes roll back. settings.VAR_DIR is where it was seeded; pages see the demo flag."""
    from isenim.core.demo import assume_demo_data

    settings.VAR_DIR = _seeded_demo_once.var_dir
    assume_demo_data(None)  # no_demo_data set "not loaded": ask the database (DemoData is seeded)
    return _seeded_demo_once


@pytest.fixture
def staff(db):
    """{Role: user} for every role."""
    return {role: make_staff(role, name) for role, name in STAFF_NAMES.items()}


@pytest.fixture
def administrator(staff):
    return staff[Role.ADMINISTRATOR]


@pytest.fixture
def director(staff):
    return staff[Role.DIRECTOR]


@pytest.fixture
def psychologist(staff):
    return staff[Role.PSYCHOLOGIST]


@pytest.fixture
def client_as(client):
    """``client_as(user)`` signs the test client in as that fully enrolled user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def recently_authenticated(client):
    """Mark the client's session as having just entered its password (allauth's re-authentication)."""
    import time

    def mark(user):
        session = client.session
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time(), "username": user.username, "reauthenticated": True}
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()

    return mark


# --- Browser tests: Playwright driving Debian's /usr/bin/chromium (never a downloaded browser) ---------
# One browser for the whole run, shared by every browser test wherever it lives.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = Path(os.environ.get("ISENIM_TEST_OUTPUT", "test-output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run under one
    # unless told that this test process knows what it is doing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _note_csp_violation(page, text: str) -> None:
    if "Content Security Policy" in text:
        page.csp_violations.append(text)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: _note_csp_violation(page, msg.text))
    yield page
    context.close()


@pytest.fixture
def as_user(browser, live_server):
    """``as_user(user)``: a fresh browser window signed in as ``user`` (each person at their own desk)."""
    contexts = []

    def open_for(user):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.csp_violations = []
        page.on("console", lambda msg: _note_csp_violation(page, msg.text))
        sign_in(page, user)
        return page

    yield open_for
    for context in contexts:
        context.close()


# The last authenticator code each test user signed in with: allauth refuses a code used once already, so
# a user signing in again within the same 30 seconds (a journey switching people) waits for the next one.
_USED_CODES: dict[tuple[str, str], str] = {}


def fresh_code(user) -> str:
    key = (user.username, user.totp_secret)
    code = current_totp_code(user.totp_secret)
    while _USED_CODES.get(key) == code:
        time.sleep(1)
        code = current_totp_code(user.totp_secret)
    _USED_CODES[key] = code
    return code


# The longest debounce of a field that asks the server as one types ("input changed delay:400ms"), and a
# margin: after this long, whatever typing triggered has been sent.
HTMX_DEBOUNCE_MS = 500


def htmx_settled(page) -> None:
    """Wait until the requests htmx sends while fields are typed have been answered.

    A form submitted while a duplicate check is still reading the registry makes two requests at once;
    the tests' in-memory SQLite database (shared cache) refuses the second one ("database table is
    locked") where PostgreSQL or SQLite's WAL would let it wait. A person types slower than that."""
    page.wait_for_timeout(HTMX_DEBOUNCE_MS)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def sign_in(page, user) -> None:
    """Sign ``user`` in through the real pages: password, then the authenticator code."""
    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(fresh_code(user))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/staff/$"))
