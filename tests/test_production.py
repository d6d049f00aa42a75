"""The documented production layout, exercised (docs/deploy.md): gunicorn with DEBUG off and the real
settings module, secrets read from ``*_FILE`` settings, static files collected and served by whitenoise,
the task worker (``isenim db_worker``) running. Over HTTP, as nginx would forward it (``X-Forwarded-Proto:
https`` from a trusted proxy), a member of staff signs in with password and TOTP, opens a case page and a
static file; ``isenim daily`` queues the day's jobs and the worker does them; the security headers and
cookies are those promised; the logs of both processes carry no name of the case's person.

PostgreSQL only (the layout's database; the PostgreSQL pass of ``make test``): the server processes share
the test database, which SQLite's in-memory test database cannot.
"""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from conftest import TEST_PASSWORD
from isenim.accounts.demo import current_totp_code
from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PERSON_NAME = "Жумабаева"  # the sample case's person


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(db: dict) -> str:
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _production_env(tmp_path: Path, port: int) -> dict:
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o700)
    (secrets / "secret-key").write_text("production-layout-test-secret-key-0123456789-abcdefghij\n")
    (secrets / "data-keys").write_text(settings.ISENIM_DATA_KEYS + "\n")  # the data this test made
    db = connection.settings_dict
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing of the test settings may leak in: the layout reads its own environment only.
        if not key.startswith(("ISENIM_", "DJANGO_", "SECRET_KEY", "TASKS_", "DATABASE_", "PYTEST", "DEBUG"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "isenim.settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECRET_KEY_FILE": str(secrets / "secret-key"),
            "ISENIM_DATA_KEYS_FILE": str(secrets / "data-keys"),
            "DATABASE_URL": database_url(db),
            "ISENIM_VAR_DIR": str(tmp_path / "var"),
            "ISENIM_TRUSTED_PROXIES": "127.0.0.1",
            "ISENIM_SITE_URL": f"https://127.0.0.1:{port}",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "INFO",
        }
    )
    return env


class Browser:
    """Just enough of a browser: cookies (kept whatever their Secure flag, since nginx is played by the
    X-Forwarded-Proto header), the CSRF token from forms, redirects followed by hand."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content.decode("utf-8", "replace")

    def post_form(self, path: str, fields: dict):
        _response, page = self.request("GET", path)
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|_once)" value="([^"]+)"', page))
        assert "csrfmiddlewaretoken" in hidden, page[:500]
        return self.request("POST", path, {**hidden, **fields})


def _wait_healthy(browser: Browser, processes: list, deadline: float) -> dict:
    while time.monotonic() < deadline:
        for process in processes:
            assert process.poll() is None, f"{process.args[0]} stopped early"
        try:
            response, body = browser.request("GET", "/healthz")
            if response.status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("gunicorn did not answer /healthz in time")


@pytest.mark.django_db(transaction=True)
def test_the_production_layout_signs_in_serves_a_case_and_runs_background_work(staff, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the production layout runs on PostgreSQL (the PostgreSQL pass of make test)")
    manager = staff[Role.CASE_MANAGER]
    manager.password = make_password(TEST_PASSWORD, hasher="argon2")  # production has no MD5 hasher
    manager.save(update_fields=["password"])
    case = sample_case(staff)
    Session.objects.create(
        session_key="e" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )

    port = _free_port()
    env = _production_env(tmp_path, port)
    logs = tmp_path / "logs"
    logs.mkdir()
    collected = subprocess.run(
        [str(BIN / "isenim"), "collectstatic", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert collected.returncode == 0, collected.stderr
    gunicorn_log = (logs / "gunicorn.log").open("w")
    worker_log = (logs / "worker.log").open("w")
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "isenim.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=gunicorn_log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [str(BIN / "isenim"), "db_worker", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        browser = Browser(port)
        health = _wait_healthy(browser, [gunicorn, worker], time.monotonic() + 90)
        assert health["checks"]["database"] and health["checks"]["migrations"] and health["checks"]["vault"]

        # Sign in: password, then the authenticator's code.
        response, _page = browser.post_form(
            "/accounts/login/", {"login": manager.username, "password": TEST_PASSWORD}
        )
        assert response.status == 302, _page[:500]
        second_step = response.getheader("Location")
        assert "/2fa/authenticate/" in second_step
        response, _page = browser.post_form(second_step, {"code": current_totp_code(manager.totp_secret)})
        assert response.status == 302, _page[:500]

        # A case page: the team's case manager reads it; the headers are production's.
        response, page = browser.request("GET", f"/staff/cases/{case.number}/")
        assert response.status == 200
        assert case.number in page
        csp = response.getheader("Content-Security-Policy")
        nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
        assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
        assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
        assert response.getheader("X-Frame-Options") == "DENY"
        assert response.getheader("Referrer-Policy") == "same-origin"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert "no-store" in response.getheader("Cache-Control")
        for name in ("sessionid", "csrftoken"):
            sent = [h for h in browser.set_cookie_headers if h.startswith(f"{name}=")]
            assert sent, name
            for header in sent:
                assert "Secure" in header and "SameSite=Lax" in header, header
                if name == "sessionid":
                    assert "HttpOnly" in header, header

        # Static files: collected with hashed names and served by whitenoise, cached for long.
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
        response, css = browser.request("GET", stylesheet)
        assert response.status == 200 and len(css) > 100
        assert "max-age=315360000" in response.getheader("Cache-Control", "")

        # Background work: the daily jobs are queued and the worker does them.
        daily = subprocess.run(
            [str(BIN / "isenim"), "daily"], env=env, capture_output=True, text=True, timeout=60
        )
        assert daily.returncode == 0, daily.stderr
        from django_tasks_db.models import DBTaskResult

        deadline = time.monotonic() + 90  # the worker starts Django first: slow on a busy machine
        while time.monotonic() < deadline:
            statuses = set(DBTaskResult.objects.values_list("status", flat=True))
            if statuses and statuses <= {"SUCCESSFUL", "FAILED"}:
                break
            time.sleep(0.3)
        assert statuses == {"SUCCESSFUL"}, list(
            DBTaskResult.objects.values("task_path", "status", "traceback")
        )
        assert not Session.objects.filter(session_key="e" * 32).exists()  # the worker cleared it
        response, body = browser.request("GET", "/healthz")
        assert response.status == 200 and json.loads(body)["checks"]["tasks"]["waiting"] == 0
    finally:
        for process in (gunicorn, worker):
            process.terminate()
        for process in (gunicorn, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        gunicorn_log.close()
        worker_log.close()

    written = (logs / "gunicorn.log").read_text() + (logs / "worker.log").read_text()
    requests = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    assert any(line.get("route", "").endswith("staff/cases/<str:number>/") for line in requests)
    for secret in (PERSON_NAME, manager.username, TEST_PASSWORD, manager.totp_secret):
        assert secret not in written
