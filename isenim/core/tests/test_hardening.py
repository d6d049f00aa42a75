"""Headers, methods, the search memo in the session, file modes and the vault folder setting."""

import os
import stat
import subprocess
import sys
from types import SimpleNamespace

from django.contrib.sessions.models import Session
from django.urls import reverse

from isenim.core.access import Role
from isenim.core.apps import _owner_only_sqlite
from isenim.people.services import PersonData, person_create


def test_staff_pages_are_never_stored_and_public_pages_may_be(client_as, client, staff):
    public = client.get(reverse("portal:home"))
    assert "no-store" not in public.headers.get("Cache-Control", "")
    page = client_as(staff[Role.CASE_MANAGER]).get(reverse("people:person_list"))
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert (
        "camera=()" in page.headers["Permissions-Policy"]
        and "geolocation=()" in public.headers["Permissions-Policy"]
    )


def test_methods_no_page_uses_are_refused_before_any_view(client_as, client, staff):
    for method in ("trace", "put", "delete", "patch", "options"):
        response = client.generic(method.upper(), reverse("portal:home"))
        assert response.status_code == 405, method
        assert response.headers["Allow"] == "GET, HEAD, POST"
    signed_in = client_as(staff[Role.DIRECTOR])
    assert signed_in.generic("TRACE", reverse("people:person_list")).status_code == 405


def test_a_name_typed_into_the_search_is_sealed_in_the_session(client_as, staff):
    manager = staff[Role.CASE_MANAGER]
    person_create(
        actor=manager, data=PersonData(identity={"last_name": "Сапарбаева", "first_name": "Айсулу"})
    )
    client = client_as(manager)
    found = client.post(reverse("people:person_list"), {"q": "Сапарбаева"}, follow=True)
    assert "Сапарбаева" in found.content.decode()  # the page still finds her
    stored = [session.get_decoded() for session in Session.objects.all()]
    assert stored and all("Сапарбаева" not in str(data) and "Saparbaeva" not in str(data) for data in stored)
    assert all("Сапарбаева".encode() not in s.session_data.encode() for s in Session.objects.all())


def test_the_sqlite_file_is_made_readable_by_its_owner_only(tmp_path):
    database = tmp_path / "isenim.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    connection = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": str(database)})
    _owner_only_sqlite(sender=None, connection=connection)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_the_vault_folder_is_read_from_the_environment(tmp_path):
    vault = tmp_path / "elsewhere"
    env = {**os.environ, "ISENIM_VAULT_DIR": str(vault), "DJANGO_SETTINGS_MODULE": "isenim.test_settings"}
    code = (
        "import django; django.setup(); from isenim.core.vault_files import store, vault_dir; "
        "store(b'x', context='t'); print(vault_dir())"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(vault)
    assert stat.S_IMODE(vault.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in vault.iterdir())
