"""``isenim bench load``: the production layout under many members of staff at once (docs/performance.md).

1. A scratch PostgreSQL database (``isenim_bench_load``; ``--keep``/``--reuse`` as the other benchmarks)
   is filled by a child process: migrations, the reference data, ``--people`` people and ``--cases``
   cases made as ``bench cases`` makes them (sealed identities from a pool of 300), 2,000 more people
   imported through ``people_import`` with their search index (what the duplicate check reads), and
   ``--users`` accounts with a password and an authenticator (TOTP): 45% case managers, 20%
   psychologists, 15% lawyers, 15% intake operators, 5% directors, each caseworker on the team of 12
   active cases.
2. The layout of docs/deploy.md on loopback: ``collectstatic``, gunicorn (``--workers``, default 5 for
   two cores) with ``DEBUG=false`` and the keys in files, the task worker.
3. One thread per user signs in (password, then the TOTP code), spread over the ramp (the first half of
   the run, at most 2 minutes), then clicks with ``--think-min``–``--think-max`` seconds between clicks:
   My work 25%, a case list (a filter, a page) 15%, one of their case pages 20%, the new-person form's
   duplicate check 10% (intake operators: 45%), the appeal list 10%, a note added to one of their cases
   5% (caseworkers), the public guide 10% and the "ask us" form (shown, then sent) 5%. Each
   request goes as nginx forwards it (``X-Forwarded-Proto: https``, ``X-Forwarded-For`` of the user).
4. It stops by itself after ``--minutes`` and prints, per page, requests, errors (5xx, refused, a
   sign-in page where a page was expected, or no answer) and p50/p95/p99; the throughput per 10-second
   window, and the lowest throughput at which a window's p95 passes 300 ms (``saturation_rps``; null
   if none did). Signing in (Argon2, slow on purpose, once a day) is shown on its own line and left out
   of the overall p95 and of the windows.

The driving threads run on the same machine as the server: they take part of its CPU, as the issue's
"on loopback, this machine's two cores" means.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.scratch import (
    ROOT,
    ScratchError,
    _data_key,
    add_scratch_arguments,
    child_main,
    percentile,
    refuse_real_database,
    report,
    run_child,
    say,
    scratch_database,
)

PG_SCRATCH_NAME = "isenim_bench_load"
GOAL_MS = 300
WINDOW_S = 10
PASSWORD = "load-bench-password-2026"  # noqa: S105 (synthetic accounts of a scratch database)
CASES_PER_USER = 12
INDEXED_PEOPLE = 2000
ROLES = (
    ("case_manager", 45),
    ("psychologist", 20),
    ("lawyer", 15),
    ("intake_operator", 15),
    ("director", 5),
)
MIX = {
    "my_work": 25,
    "case_list": 15,
    "case_page": 20,
    "intake_check": 10,
    "appeal_list": 10,
    "note": 5,
    "guide": 10,
    "ask": 5,
}
# Intake operators have no cases and so no "My work" (it answers them 404): their start page is the staff
# dashboard.
INTAKE_MIX = {"staff_home": 10, "intake_check": 45, "appeal_list": 25, "guide": 10, "ask": 10}
RESULT_KEYS = (
    "users",
    "minutes",
    "persons",
    "cases",
    "requests",
    "errors",
    "rps",
    "p95_ms",
    "p95_ms_worst_page",
    "saturation_rps",
    "max_window_rps",
    "pages",
)

BenchError = ScratchError


def add_arguments(parser) -> None:
    parser.add_argument("--users", type=int, default=150, help="Members of staff clicking at once (150).")
    parser.add_argument("--minutes", type=float, default=5.0, help="How long to run (5).")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (5).")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--details", default="", help="Also write the full result to this file.")
    add_scratch_arguments(parser, pg_name=PG_SCRATCH_NAME, file_pattern="(PostgreSQL only)", reusable=True)
    parser.set_defaults(database="postgres")


def handle(options: dict, stdout, stderr) -> dict:
    if options["database"] != "postgres":
        raise BenchError("bench load runs the production layout: PostgreSQL only (--database postgres)")
    if options["users"] < 1 or options["minutes"] <= 0:
        raise BenchError("--users must be at least 1 and --minutes more than 0")
    scratch_url, where, prepare, cleanup = scratch_database(
        options, file_stem="bench-load", pg_name=PG_SCRATCH_NAME
    )
    refuse_real_database(scratch_url)
    prepare()
    stderr.write(f"Scratch database: {where}\n")
    keep = options["keep"] or options.get("reuse", False)
    data_key = _data_key(options, PG_SCRATCH_NAME, keep)
    try:
        config = {k: options[k] for k in ("users", "people", "cases", "seed")}
        made = run_child(
            "bench.load", {**config, "reuse": options.get("reuse", False)}, scratch_url, data_key, stderr
        )
        with tempfile.TemporaryDirectory(prefix="isenim-bench-load-") as tmp:
            result = _run_layout(options, made, scratch_url, data_key, Path(tmp), stderr)
    finally:
        if keep:
            stderr.write(
                f"Kept the scratch database: {where}\n"
                f"DATABASE_URL={scratch_url} ISENIM_DATA_KEYS={data_key}\n"
            )
        else:
            cleanup()
    result.update(persons=options["people"] + INDEXED_PEOPLE, cases=options["cases"], users=options["users"])
    result["minutes"] = options["minutes"]
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


# --- The layout -----------------------------------------------------------------------------------------


def _layout_env(scratch_url: str, data_key: str, tmp: Path, port: int) -> dict:
    secrets = tmp / "secrets"
    secrets.mkdir(mode=0o700)
    (secrets / "secret-key").write_text(os.urandom(32).hex())
    (secrets / "data-keys").write_text(data_key)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ISENIM_", "DJANGO_", "SECRET_KEY", "DATABASE_", "TASKS_", "DEBUG"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="isenim.settings",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY_FILE=str(secrets / "secret-key"),
        ISENIM_DATA_KEYS_FILE=str(secrets / "data-keys"),
        DATABASE_URL=scratch_url,
        ISENIM_VAR_DIR=str(tmp / "var"),
        ISENIM_TRUSTED_PROXIES="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_layout(options: dict, made: dict, scratch_url: str, data_key: str, tmp: Path, stderr) -> dict:
    port = _free_port()
    env = _layout_env(scratch_url, data_key, tmp, port)
    binary = Path(sys.executable).parent
    done = subprocess.run(  # noqa: S603 (our own command)
        [str(binary / "isenim"), "collectstatic", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise BenchError(f"collectstatic failed: {done.stderr[-1000:]}")
    logs = (tmp / "server.log").open("w")
    bind = ["--bind", f"127.0.0.1:{port}", "--workers", str(options["workers"])]
    server = subprocess.Popen(  # noqa: S603
        [str(binary / "gunicorn"), "isenim.wsgi", *bind],
        env=env,
        cwd=ROOT,
        stdout=logs,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(  # noqa: S603
        [str(binary / "isenim"), "db_worker"], env=env, cwd=ROOT, stdout=logs, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, (_response, body), _ms = User.fetch(port, "GET", "/healthz", {}, None, "127.0.0.1")
                # Serving (a backlog a kept database left behind may still wait for the worker).
                if status in (200, 503) and json.loads(body)["checks"].get("migrations"):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise BenchError("gunicorn did not start (see the server log)")
            time.sleep(0.5)
        stderr.write(f"Layout up on 127.0.0.1:{port} ({options['workers']} gunicorn workers); driving\n")
        return drive(port, made, options, stderr)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()
        errors = [line for line in (tmp / "server.log").read_text().splitlines() if '"ERROR"' in line]
        for line in errors[:5]:
            stderr.write(f"server: {line[:400]}\n")


# --- The users --------------------------------------------------------------------------------------------


def _address(rng: random.Random) -> str:
    return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


class User:
    def __init__(self, account: dict, port: int, rng: random.Random, made: dict, options: dict, record):
        self.account, self.port, self.rng, self.made, self.record = account, port, rng, made, record
        self.cookies: dict[str, str] = {}
        self.address = _address(rng)
        self.think = (options["think_min"], options["think_max"])

    @staticmethod
    def fetch(port, method, path, cookies, form, address, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sent = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://127.0.0.1:{port}",
                         "Referer": f"https://127.0.0.1:{port}{path}"})  # fmt: skip
        started = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
        response.location = response.getheader("Location", "")
        return response.status, (response, content.decode("utf-8", "replace")), ms

    def go(self, page: str, method: str, path: str, form=None, headers=None, expect=(200,)):
        try:
            status, (response, body), ms = self.fetch(
                self.port, method, path, self.cookies, form, self.address, headers
            )
        except OSError:
            self.record(page, None, False)
            return None
        good = status in expect and "/accounts/login/" not in response.location
        self.record(page, ms, good, "" if good else f"{status} {response.location}".strip())
        return body if good else None

    def hidden(self, html: str | None) -> dict:
        """The form's CSRF token and one-time token (core.once), as a browser sends them back."""
        found = {}
        for name in ("csrfmiddlewaretoken", "_once"):
            match = re.search(rf'name="{name}" value="([^"]+)"', html or "")
            if match:
                found[name] = match.group(1)
        return found

    def redirected(self, path: str, form: dict) -> str | None:
        """POST a sign-in step; the address it redirects to, or None (recorded as an error)."""
        try:
            status, (response, _body), ms = self.fetch(
                self.port, "POST", path, self.cookies, form, self.address
            )
        except OSError:
            self.record("sign_in", None, False)
            return None
        self.record("sign_in", ms, status == 302)
        return response.location if status == 302 else None

    def sign_in(self) -> bool:
        from isenim.accounts.demo import current_totp_code

        page = self.go("sign_in", "GET", "/accounts/login/")
        form = {
            **self.hidden(page),
            "login": self.account["username"],
            "password": PASSWORD,
        }
        second = self.redirected("/accounts/login/", form)
        if not second or "2fa" not in second:
            return False
        page = self.go("sign_in", "GET", second)
        code = current_totp_code(self.account["secret"])
        return self.redirected(second, {**self.hidden(page), "code": code}) is not None

    def click(self) -> None:
        mix = INTAKE_MIX if self.account["role"] == "intake_operator" else MIX
        if not self.account["cases"]:
            mix = {k: v for k, v in mix.items() if k not in ("case_page", "note")}
        page = self.rng.choices(list(mix), weights=list(mix.values()))[0]
        getattr(self, f"do_{page}")()

    def do_my_work(self):
        self.go("my_work", "GET", "/staff/cases/my-work/")

    def do_staff_home(self):
        self.go("staff_home", "GET", "/staff/")

    def do_case_list(self):
        params = self.rng.choice([{}, {"status": "active"}, {"priority": "urgent"}, {"risk": "high"},
                                  {"member": "me", "status": "active"}, {"q": "case-"}])  # fmt: skip
        if self.rng.random() < 0.3:
            params["page"] = self.rng.randint(2, 10)
        self.go("case_list", "GET", "/staff/cases/" + ("?" + urlencode(params) if params else ""))

    def do_case_page(self):
        self.go("case_page", "GET", f"/staff/cases/{self.rng.choice(self.account['cases'])}/")

    def do_intake_check(self):
        page = self.go("intake_form", "GET", "/staff/people/new/")
        name = self.rng.choice(self.made["probe_names"])
        form = {**self.hidden(page), "last_name": name[0], "first_name": name[1]}
        if self.rng.random() < 0.5:
            form["birth_date"] = name[2]
        self.go("intake_check", "POST", "/staff/people/new/candidates/", form, headers={"HX-Request": "true"})

    def do_appeal_list(self):
        self.go("appeal_list", "GET", "/staff/appeals/")

    def do_note(self):
        number = self.rng.choice(self.account["cases"])
        page = self.go("case_page", "GET", f"/staff/cases/{number}/")
        form = {
            **self.hidden(page),
            "discipline": "shared",
            "body": "Телефон арқалы сөйлестик; жағдайы жақсы.",
        }
        self.go("note", "POST", f"/staff/cases/{number}/notes/new/", form, expect=(302,))

    def do_guide(self):
        countries = self.made["guide_countries"]
        self.go("guide", "GET", f"/guide/{self.rng.choice(countries).lower()}/" if countries else "/guide/")

    def do_ask(self):
        page = self.go("ask_form", "GET", "/ask/")
        started = re.search(r'name="started" value="([^"]+)"', page or "")
        time.sleep(3.2)  # the form refuses answers sent in under 3 seconds (a robot's)
        self.address = _address(self.rng)  # "ask us" takes five questions an hour from one address
        form = {
            **self.hidden(page),
            "name": "Айгүл",
            "phone": "+998 90 000 00 00",
            "telegram": "",
            "question": "Қазақстанда жумыс усынысы бар, қалай тексеремен?",
            "website": "",
            "started": started.group(1) if started else "",
        }
        self.go("ask", "POST", "/ask/", form, expect=(302,))

    def run(self, start_at: float, stop_at: float) -> None:
        time.sleep(max(0.0, start_at - time.monotonic()))
        try:
            if not self.sign_in():
                return
        except Exception:  # a page without its form: counted, this user stops
            self.record("sign_in", None, False)
            return
        while time.monotonic() < stop_at:
            time.sleep(self.rng.uniform(*self.think))
            if time.monotonic() >= stop_at:
                return
            self.click()


def drive(port: int, made: dict, options: dict, stderr) -> dict:
    lock = threading.Lock()
    error_kinds: dict[str, int] = defaultdict(int)
    samples: list[tuple[float, str, float | None, bool]] = []
    began = time.monotonic()

    def record(page, ms, good, reason=""):
        with lock:
            samples.append((time.monotonic() - began, page, ms, good))
            if not good:
                error_kinds[f"{page}: {reason or 'no answer'}"] += 1

    duration = options["minutes"] * 60
    ramp = min(120.0, duration / 2)
    rng = random.Random(options["seed"])
    accounts = made["users"][: options["users"]]
    users = [User(account, port, random.Random(rng.random()), made, options, record) for account in accounts]
    threads = [
        threading.Thread(target=user.run, args=(began + ramp * i / len(users), began + duration), daemon=True)
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        time.sleep(10)
        with lock:
            recent = [s for s in samples if s[0] > time.monotonic() - began - 10]
        stderr.write(f"  {time.monotonic() - began:5.0f} s: {len(recent) / 10:.1f} req/s\n")
        if time.monotonic() - began > duration + 90:
            break
    result = summarise(samples, duration)
    result["details"]["errors"] = dict(error_kinds)
    return result


def summarise(samples: list, duration: float) -> dict:
    by_page = defaultdict(list)
    errors = defaultdict(int)
    for _at, page, ms, good in samples:
        if ms is not None:
            by_page[page].append(ms)
        if not good:
            errors[page] += 1
    pages = {}
    for page in sorted(set(by_page) | set(errors)):
        times = by_page.get(page, [])
        pages[page] = {
            "requests": len(times) + (errors[page] if not times else 0),
            "errors": errors[page],
            "p50_ms": round(percentile(times, 50), 1) if times else None,
            "p95_ms": round(percentile(times, 95), 1) if times else None,
            "p99_ms": round(percentile(times, 99), 1) if times else None,
        }
    windows = []
    # Signing in is slow on purpose (Argon2, once a day): the pages' figures and windows leave it out.
    clicks = [s for s in samples if s[1] != "sign_in"]
    for start in range(0, int(duration), WINDOW_S):
        inside = [ms for at, _page, ms, _good in clicks if start <= at < start + WINDOW_S and ms is not None]
        if inside:
            windows.append(
                {
                    "from_s": start,
                    "rps": round(len(inside) / WINDOW_S, 1),
                    "p95_ms": round(percentile(inside, 95), 1),
                }
            )
    over = [w["rps"] for w in windows if w["p95_ms"] > GOAL_MS]
    every = [ms for page, times in by_page.items() if page != "sign_in" for ms in times]
    return {
        "requests": len(samples),
        "errors": sum(errors.values()),
        "rps": round(len(every) / duration, 1),
        "p95_ms": round(percentile(every, 95), 1) if every else None,
        "p95_ms_worst_page": max(
            (p["p95_ms"] or 0 for k, p in pages.items() if k != "sign_in"), default=None
        ),
        "saturation_rps": min(over) if over else None,
        "max_window_rps": max((w["rps"] for w in windows), default=0),
        "pages": pages,
        "windows": windows,
        "details": {"cpus": os.cpu_count()},
    }


def format_table(r: dict) -> str:
    lines = [
        f"bench load: {r['users']} users, {r['minutes']} min, {r['persons']:,} people, {r['cases']:,} cases",
        f"{'page':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}",
    ]
    for page, p in r["pages"].items():
        lines.append(
            f"{page:<14}{p['requests']:>9}{p['errors']:>8}"
            f"{p['p50_ms'] or 0:>9}{p['p95_ms'] or 0:>9}{p['p99_ms'] or 0:>9}"
        )
    for kind, count in r.get("details", {}).get("errors", {}).items():
        lines.append(f"  error {kind}: {count}")
    lines.append(
        f"all: {r['requests']} requests, {r['errors']} errors, {r['rps']} req/s, p95 {r['p95_ms']} ms"
    )
    lines.append(
        "throughput per 10 s window (req/s, p95 ms): "
        + ", ".join(f"{w['rps']}/{w['p95_ms']}" for w in r["windows"])
    )
    saturation = r["saturation_rps"]
    lines.append(
        f"p95 passes {GOAL_MS} ms at {saturation} req/s" if saturation is not None
        else f"p95 stayed under {GOAL_MS} ms in every window (at most {r['max_window_rps']} req/s)"
    )  # fmt: skip
    return "\n".join(lines) + "\n"


# --- The child: the data ----------------------------------------------------------------------------------


def run(config: dict) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from isenim.core.registry import REFERENCE_LOADERS

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    from django.contrib.auth import get_user_model

    rng = random.Random(config["seed"])
    if not (config.get("reuse") and get_user_model().objects.filter(username__startswith="load").exists()):
        for loader in REFERENCE_LOADERS:
            loader.load(actor=None)
        say(f"Migrated and loaded reference data in {time.perf_counter() - started:.0f} s")
        _make(config, rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    say(f"Data ready in {time.perf_counter() - started:.0f} s")
    return _accounts(config)


def _make(config: dict, rng: random.Random) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from bench.cases import make_data
    from bench.names import Generator
    from isenim.cases.models import Case, CaseMember
    from isenim.people.services import PersonData, people_import

    made = make_data(config["people"], config["cases"], rng)
    with connection.cursor() as cursor:  # bench cases' codes (ISN-B-…) are no person codes the pages link
        cursor.execute(
            "UPDATE people_person SET code = 'ISN-1999-' || lpad(id::text, 7, '0') WHERE code LIKE 'ISN-B-%%'"
        )
    director = made["staff"]["director"][0]
    generator = Generator(config["seed"])
    rows = [PersonData(identity=person.identity()) for person in generator.people(INDEXED_PEOPLE)]
    people_import(actor=director, rows=rows)
    say(f"  imported {INDEXED_PEOPLE:,} people with their search index")
    User = get_user_model()
    password = make_password(PASSWORD)
    roles = [role for role, weight in ROLES for _ in range(weight)]
    active = list(Case.objects.exclude(status="closed").values_list("pk", flat=True))
    members = []
    for number in range(1, config["users"] + 1):
        role = roles[(number * 37) % len(roles)]
        user = User.objects.create(
            username=f"load{number}", password=password, role=role, first_name="Load", last_name=str(number)
        )
        TOTP.activate(user, generate_totp_secret())
        if role in ("case_manager", "psychologist", "lawyer"):
            members += [
                CaseMember(case_id=pk, user=user, added_by=director)
                for pk in rng.sample(active, min(CASES_PER_USER, len(active)))
            ]
    CaseMember.objects.bulk_create(members, ignore_conflicts=True)
    say(f"  {config['users']} accounts with a password and an authenticator")


def _accounts(config: dict) -> dict:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model

    from isenim.cases.models import CaseMember
    from isenim.geo.models import Country
    from isenim.people.models import Person

    users = []
    for user in get_user_model().objects.filter(username__startswith="load").order_by("pk"):
        authenticator = Authenticator.objects.get(user=user, type="totp")
        secret = get_adapter().decrypt(authenticator.data["secret"])
        cases = list(CaseMember.objects.filter(user=user).values_list("case__number", flat=True))
        users.append({"username": user.username, "role": user.role, "secret": secret, "cases": cases})
    probe_names = []
    for person in Person.objects.exclude(code__startswith="ISN-1999-").order_by("?")[:300]:
        identity = person.identity
        probe_names.append(
            (
                identity.get("last_name", ""),
                identity.get("first_name", ""),
                str(identity.get("birth_date") or ""),
            )
        )
    countries = list(Country.objects.filter(destination__active=True).values_list("iso2", flat=True))
    return {"users": users[: config["users"]], "probe_names": probe_names, "guide_countries": countries}


if __name__ == "__main__":
    child_main(run, sys.argv[1:])
