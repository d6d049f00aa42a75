"""/healthz answers for monitoring without touching personal data; logs never carry a name, phone or
note text (a journey through HTTP that handles such data, its log lines read back)."""

import io
import json
import logging
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role
from isenim.core.logs import JsonFormatter, scrub

NAME = "Гүлшыра Әметова"
PHONE = "+998 91 765 43 21"
QUESTION = "Мениң қызым Қазанда жумыс таўып кетти, хабар жоқ"
NOTE = "Ағасы паспортын алып қойған, түнде уйқысыз"


@pytest.fixture
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    return tmp_path / "vault"


def test_healthz_answers_without_sign_in_and_reads_no_personal_table(client, db, vault):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    checks = body["checks"]
    assert checks["database"] and checks["migrations"] and checks["vault"] and checks["task_worker"]
    assert checks["tasks"] == {"waiting": 0, "oldest_waiting_seconds": 0, "failed_last_day": 0}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not response.cookies
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for personal in ("people_", "cases_", "appeals_", "accounts_", "guide_", "django_session"):
        assert personal not in tables
    assert list(vault.iterdir()) == []  # the probe file is gone
    assert client.post("/healthz").status_code == 405


def test_healthz_fails_when_the_worker_is_stuck_or_the_vault_is_not_writable(client, db, settings, tmp_path):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    task = DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="isenim.accounts.tasks.delete_expired_sessions",
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=20),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(minutes=20))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["task_worker"] is False
    assert response.json()["checks"]["tasks"]["waiting"] == 1
    DBTaskResult.objects.all().delete()

    (tmp_path / "a-file").write_text("")
    settings.ISENIM_VAULT_DIR = str(tmp_path / "a-file" / "vault")  # cannot be made
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["vault"] is False


def test_an_exception_is_logged_with_its_class_and_stack_never_its_message():
    try:
        raise ValueError(f"duplicate key value ({NAME}, {PHONE})")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed for %s", (PHONE,), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["exception"] == "builtins.ValueError"
    assert any("test_health_and_logs.py" in frame for frame in line["stack"])
    text = json.dumps(line, ensure_ascii=False)
    assert NAME not in text and "765" not in text
    assert scrub("AB1234567 and 90 123-45-67") == "AB[digits] and [digits]"


@pytest.fixture
def captured_logs():
    """Every log line of every logger, formatted as production writes them, at DEBUG."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_journey_with_a_name_a_phone_and_a_note_leaves_none_of_them_in_the_logs(
    client, staff, captured_logs, vault
):
    from isenim.guide.forms import ASK_SALT

    cache.clear()
    with override("en"):
        ask = reverse("public_guide:ask")
    answer = client.post(
        ask,
        {
            "name": NAME,
            "phone": PHONE,
            "telegram": "",
            "question": QUESTION,
            "website": "",
            "started": signing.dumps(time.time() - 10, salt=ASK_SALT),
        },
        REMOTE_ADDR="10.0.0.9",
    )
    assert answer.status_code == 302
    refused = client.post(ask, {"name": NAME, "phone": PHONE, "question": ""}, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 200  # the form again, with what was typed

    case = sample_case(staff)
    client.force_login(staff[Role.PSYCHOLOGIST])
    with override("en"):
        note_url = reverse("cases:note_add", kwargs={"number": case.number})
        page_url = reverse("cases:case_detail", kwargs={"number": case.number})
    client.post(note_url, {"discipline": "shared", "body": NOTE})
    client.force_login(staff[Role.CASE_MANAGER])
    page = client.get(page_url)
    assert page.status_code == 200 and NOTE in page.content.decode()
    client.force_login(staff[Role.DIRECTOR])
    appeals = client.get(reverse("appeals:appeal_list"))
    assert appeals.status_code == 200
    assert client.get(f"/staff/people/?q={PHONE}").status_code in (200, 404)
    assert client.get("/staff/no-such-page/" + "Әметова").status_code == 404

    logged = captured_logs.getvalue()
    lines = [json.loads(line) for line in logged.splitlines()]
    requests = [line for line in lines if line["logger"] == "isenim.request"]
    assert len(requests) >= 6
    assert {"method", "route", "status", "ms"} <= requests[0].keys()
    assert any(line["route"].endswith("staff/cases/<str:number>/") for line in requests)
    for secret in (NAME, *NAME.split(), PHONE, "765 43 21", "917654321", QUESTION[:20], NOTE[:20]):
        assert secret not in logged, secret
