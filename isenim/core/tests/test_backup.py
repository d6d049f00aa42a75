"""Backups that restore: the restore drill (the demo backed up, restored elsewhere, every table and every
decrypted personal field compared), and archives that are damaged, cut short or sealed with another key.

The drill runs on the database of the pass: SQLite in the SQLite pass, PostgreSQL (pg_dump/pg_restore) in
the PostgreSQL pass; the restore runs in a child process configured for the new database, as an operator
would run it.
"""

import base64
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.utils import load_backend

from isenim.cases.models import Case
from isenim.cases.services.documents import document_upload
from isenim.core import backup
from isenim.core.access import Role
from isenim.core.crypto import decrypt_bytes, decrypt_text, key_ring, parse_key_ring
from isenim.core.rotation import SEALED_FIELDS, VAULT_FILE_FIELDS

ROOT = Path(__file__).resolve().parents[3]
BACKUP_KEY = "b1:" + base64.urlsafe_b64encode(b"backup key of the tests only....").decode()
OTHER_BACKUP_KEY = "b2:" + base64.urlsafe_b64encode(b"another backup key, tests only..").decode()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# --- The sealed stream, without a database --------------------------------------------------------


def _seal(data: bytes, key: str = BACKUP_KEY) -> bytes:
    import io

    out = io.BytesIO()
    writer = backup.SealedWriter(out, parse_key_ring(key))
    writer.write(data)
    writer.finish()
    return out.getvalue()


def _open(blob: bytes, key: str = BACKUP_KEY) -> bytes:
    import io

    return backup.SealedReader(io.BytesIO(blob), parse_key_ring(key)).read()


def test_the_sealed_stream_reads_back_and_refuses_any_change():
    data = os.urandom(backup.CHUNK * 2 + 123)  # three chunks
    blob = _seal(data)
    assert _open(blob) == data
    assert data[:64] not in blob
    second_chunk = len(backup.MAGIC) + len(b"b1\n") + backup.PREFIX_BYTES + 5 + backup.CHUNK + 16 + 5
    damaged = bytearray(blob)
    damaged[second_chunk + 10] ^= 1
    with pytest.raises(backup.BackupError, match="damaged at part 2"):
        _open(bytes(damaged))
    with pytest.raises(backup.BackupError, match="cut short"):
        _open(blob[: len(blob) - 200])
    with pytest.raises(backup.BackupError, match=r"'b1'.*does not hold"):
        _open(blob, OTHER_BACKUP_KEY)
    with pytest.raises(backup.BackupError, match="not an Isenim backup"):
        _open(b"PK\x03\x04" + blob)


def test_the_backup_key_must_be_set_and_not_a_data_key(settings):
    settings.ISENIM_BACKUP_KEY = ""
    with pytest.raises(backup.BackupError, match="ISENIM_BACKUP_KEY is not set"):
        backup.backup_key_ring()
    settings.ISENIM_BACKUP_KEY = settings.ISENIM_DATA_KEYS.replace("t1:", "b1:")
    with pytest.raises(backup.BackupError, match="holds one of the data keys"):
        backup.backup_key_ring()


# --- The restore drill ----------------------------------------------------------------------------


def _rows(wrapper, table: str) -> list[tuple]:
    with wrapper.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(table)}")  # noqa: S608 (a table name)
        return sorted(cursor.fetchall(), key=repr)


def _sealed_values(wrapper) -> dict[tuple, str]:
    """Every sealed personal field, decrypted: {(model, field, json key, pk): plain text}."""
    values = {}
    for entry in SEALED_FIELDS:
        model = apps.get_model(entry.model_label)
        column = model._meta.get_field(entry.field).column
        table = wrapper.ops.quote_name(model._meta.db_table)
        with wrapper.cursor() as cursor:
            cursor.execute(f"SELECT {model._meta.pk.column}, {column} FROM {table}")  # noqa: S608
            for pk, stored in cursor.fetchall():
                if not stored:
                    continue
                if entry.json_key:
                    stored = (json.loads(stored) if isinstance(stored, str) else stored).get(entry.json_key)
                    if not stored:
                        continue
                key = (entry.model_label, entry.field, entry.json_key, pk)
                values[key] = decrypt_text(stored, context=entry.context)
    return values


class Target:
    """A new, empty database of the pass's kind, and its settings for a child process."""

    def __init__(self, tmp_path: Path):
        self.settings = dict(connection.settings_dict)
        if connection.vendor == "sqlite":
            self.settings["NAME"] = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.settings['NAME']}"
        else:
            self.settings["NAME"] = f"restored_{uuid.uuid4().hex[:12]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.settings["NAME"]}"')
            s = self.settings
            self.url = (
                f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
            )
        self.wrapper = load_backend(self.settings["ENGINE"]).DatabaseWrapper(self.settings, alias="restored")

    def drop(self):
        self.wrapper.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.settings["NAME"]}" WITH (FORCE)')


def _restore(archive: Path, target: Target, vault: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "isenim.test_settings",
        "DATABASE_URL": target.url,
        "ISENIM_VAULT_DIR": str(vault),
        "ISENIM_BACKUP_KEY": BACKUP_KEY,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_restore_drill_the_demo_comes_back_identical(settings, tmp_path, staff):
    settings.VAR_DIR = tmp_path
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")
    settings.ISENIM_BACKUP_KEY = BACKUP_KEY
    call_command("seed-demo", "--force", "--quiet")
    case = Case.objects.order_by("pk").first()
    document_upload(actor=staff[Role.DIRECTOR], case=case, title="Хат", content=PDF)
    document_upload(actor=staff[Role.DIRECTOR], case=case, title="Сүўрет", content=PNG)

    archive = tmp_path / "out" / "isenim.backup"
    call_command("backup", "--output", str(archive))
    assert archive.stat().st_mode & 0o077 == 0
    raw = archive.read_bytes()
    assert b"SQLite format" not in raw and b"PGDMP" not in raw and b"manifest" not in raw
    assert key_ring().active_key not in raw and base64.urlsafe_b64encode(key_ring().active_key) not in raw
    call_command("backup", "--verify", str(archive))
    with pytest.raises(Exception, match="exists already"):
        call_command("backup", "--output", str(archive))

    target = Target(tmp_path)
    try:
        vault = tmp_path / "restored-vault"
        done = _restore(archive, target, vault)
        assert done.returncode == 0, done.stderr
        assert "restored" in done.stdout

        tables = connection.introspection.table_names()
        restored_tables = target.wrapper.introspection.table_names()
        assert sorted(tables) == sorted(restored_tables)
        differences = [t for t in tables if _rows(connection, t) != _rows(target.wrapper, t)]
        assert differences == []
        original = _sealed_values(connection)
        assert sum(1 for key in original if key[0] == "people.Person") >= 3
        assert original == _sealed_values(target.wrapper)

        files = 0
        for entry in VAULT_FILE_FIELDS:
            model = apps.get_model(entry.model_label)
            for name in model.objects.exclude(**{entry.field: ""}).values_list(entry.field, flat=True):
                before = decrypt_bytes((tmp_path / "vault" / name).read_bytes(), context=entry.context)
                after = decrypt_bytes((vault / name).read_bytes(), context=entry.context)
                assert before == after
                files += 1
        assert files >= 2

        with pytest.raises(Exception, match=r"is not empty \(\d+ tables\).*nothing was changed"):
            call_command("restore", str(archive))  # into this test's own database, full of the demo
    finally:
        target.drop()

    damaged = bytearray(raw)
    damaged[len(raw) // 2] ^= 0x01
    (tmp_path / "damaged").write_bytes(bytes(damaged))
    with pytest.raises(Exception, match="damaged at part"):
        call_command("backup", "--verify", str(tmp_path / "damaged"))
    settings.ISENIM_BACKUP_KEY = OTHER_BACKUP_KEY
    with pytest.raises(Exception, match="does not hold"):
        call_command("backup", "--verify", str(archive))
