"""Backups that restore: one encrypted archive of the database and the vault (``isenim backup``/``restore``).

The archive is sealed with the **backup key** (``ISENIM_BACKUP_KEY``), never with the data key ring: the
data keys are not in it, and whoever restores needs both — the backup key to open the archive, the data
keys to read the personal data inside. Format, version 1:

- header: ``ISENIM-BACKUP-1\\n``, the backup key's id, ``\\n``, 8 random bytes (the nonce prefix);
- then chunks: a flag byte (1 on the last chunk), a 4-byte length, AES-256-GCM of up to 1 MiB of the
  plain stream (nonce = prefix + chunk number; the header and the flag are authenticated), so a chunk
  cannot be changed, moved or dropped, and an archive cut short is refused;
- the plain stream is a tar: ``backup.json`` (what it holds), the database as its own tool saved it
  (``database.sqlite3`` through SQLite's online backup, or ``database.pgdump``, ``pg_dump`` custom
  format), every vault file (``vault/<name>``, still encrypted with the data keys) and last
  ``manifest.json`` with the size and SHA-256 of every member.

Vault files are never deleted, and a row names its file only after the file is written, so files copied
after the database snapshot cover every file the snapshot names.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connection
from django.utils import timezone

from isenim.core.crypto import KeyRing, key_ring, parse_key_ring

MAGIC = b"ISENIM-BACKUP-1\n"
FORMAT = 1
CHUNK = 1 << 20
PREFIX_BYTES = 8
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
INFO_MEMBER = "backup.json"
MANIFEST_MEMBER = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- The backup key -------------------------------------------------------------------------------


def backup_key_ring() -> KeyRing:
    text = getattr(settings, "ISENIM_BACKUP_KEY", "")
    if not text:
        raise BackupError(
            "ISENIM_BACKUP_KEY is not set. Make one with `isenim make-data-key --id b1`, keep it in a file "
            "readable only by the service user and name it with ISENIM_BACKUP_KEY_FILE (docs/deploy.md)."
        )
    ring = parse_key_ring(text, name="ISENIM_BACKUP_KEY")
    data_keys = set(key_ring().keys.values())
    if any(key in data_keys for key in ring.keys.values()):
        raise BackupError(
            "ISENIM_BACKUP_KEY holds one of the data keys: a backup must be sealed with a key of its own "
            "(make one with `isenim make-data-key --id b1`)."
        )
    return ring


# --- The sealed stream ----------------------------------------------------------------------------


class SealedWriter(io.RawIOBase):
    """Writes the header, then seals what is written in chunks; ``finish()`` seals the last one."""

    def __init__(self, out, ring: KeyRing):
        self.out = out
        self.aes = AESGCM(ring.active_key)
        self.header = MAGIC + ring.active_id.encode() + b"\n" + os.urandom(PREFIX_BYTES)
        self.prefix = self.header[-PREFIX_BYTES:]
        self.buffer = bytearray()
        self.counter = 0
        out.write(self.header)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), final=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, final: bool) -> None:
        flag = b"\x01" if final else b"\x00"
        nonce = self.prefix + self.counter.to_bytes(4, "big")
        sealed = self.aes.encrypt(nonce, plain, self.header + flag)
        self.out.write(flag + len(sealed).to_bytes(4, "big") + sealed)
        self.counter += 1

    def finish(self) -> None:
        self._seal(bytes(self.buffer), final=True)
        self.buffer.clear()


class SealedReader(io.RawIOBase):
    """Reads a sealed archive back; every chunk is authenticated before a byte of it is handed on."""

    def __init__(self, src, ring: KeyRing):
        self.src = src
        magic = src.read(len(MAGIC))
        if magic != MAGIC:
            raise BackupError("This file is not an Isenim backup (or not of a format this version reads).")
        key_id = b""
        while not key_id.endswith(b"\n"):
            byte = src.read(1)
            if not byte or len(key_id) > 64:
                raise BackupError("The backup's header is damaged.")
            key_id += byte
        self.key_id = key_id[:-1].decode("ascii", "replace")
        self.prefix = src.read(PREFIX_BYTES)
        self.header = MAGIC + key_id + self.prefix
        if self.key_id not in ring.keys:
            raise BackupError(
                f"This backup was sealed with backup key {self.key_id!r}, which ISENIM_BACKUP_KEY does not "
                f"hold (it holds {', '.join(ring.keys)})."
            )
        self.aes = AESGCM(ring.keys[self.key_id])
        self.pending = b""
        self.counter = 0
        self.done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        head = self.src.read(5)
        if len(head) < 5:
            raise BackupError("The backup is cut short: its last part is missing (copy it again).")
        flag, length = head[:1], int.from_bytes(head[1:], "big")
        if flag not in (b"\x00", b"\x01") or length > CHUNK + 16:
            raise BackupError(f"The backup is damaged at part {self.counter + 1}.")
        sealed = self.src.read(length)
        if len(sealed) < length:
            raise BackupError("The backup is cut short: its last part is missing (copy it again).")
        nonce = self.prefix + self.counter.to_bytes(4, "big")
        try:
            self.pending = self.aes.decrypt(nonce, sealed, self.header + flag)
        except InvalidTag as exc:
            raise BackupError(
                f"The backup is damaged at part {self.counter + 1}, or the backup key {self.key_id!r} "
                "is not the one it was sealed with."
            ) from exc
        self.counter += 1
        if flag == b"\x01":
            self.done = True
            if self.src.read(1):
                raise BackupError("The backup has data after its end: it is damaged.")

    def readinto(self, buffer) -> int:
        while not self.pending and not self.done:
            self._next_chunk()
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


# --- Backing up -----------------------------------------------------------------------------------


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups handle SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_env(settings_dict: dict) -> dict:
    """The environment libpq reads (password, host, port, user, database), never on a command line."""
    env = {**os.environ}
    _args, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env.update(extra or {})
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


def _run(args: list[str], env: dict, what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{what} failed ({args[0]} exit {done.returncode}): {done.stderr.strip()[-2000:]}")


def dump_database(target: Path) -> str:
    """Save the database with its own consistent tool into ``target``; returns the member name."""
    engine = _engine()
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # one step: a consistent copy under a read lock
        finally:
            destination.close()
        return SQLITE_MEMBER
    env = _pg_env(connection.settings_dict)
    _run(["pg_dump", "--format=custom", "--compress=6", "--file", str(target)], env, "pg_dump")
    return PG_MEMBER


def _vault_names(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.name.isalnum())


def _migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def _add(tar: tarfile.TarFile, name: str, data: bytes, manifest: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
    manifest[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _add_file(tar: tarfile.TarFile, name: str, path: Path, manifest: dict) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(time.time())
    info.mode = 0o600
    with path.open("rb") as handle:
        tar.addfile(info, handle)
    manifest[name] = {"size": info.size, "sha256": digest.hexdigest()}


@dataclass
class Summary:
    engine: str = ""
    database_bytes: int = 0
    vault_files: int = 0
    vault_bytes: int = 0
    created_at: str = ""
    backup_key_id: str = ""
    data_key_ids: list[str] = field(default_factory=list)
    missing_vault_files: list[str] = field(default_factory=list)


def backup(output: Path, *, vault: Path, progress: Callable[[str], None] = lambda _text: None) -> Summary:
    """Write one sealed archive to ``output`` (refuses to overwrite); never leaves a partial file."""
    ring = backup_key_ring()
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} exists already: name a new file (a date in the name, e.g.).")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    summary = Summary(engine=_engine(), backup_key_id=ring.active_id, created_at=timezone.now().isoformat())
    summary.data_key_ids = list(key_ring().keys)
    with tempfile.TemporaryDirectory(prefix="isenim-backup-", dir=output.parent) as scratch:
        dump = Path(scratch) / "database"
        progress("database…")
        member = dump_database(dump)
        summary.database_bytes = dump.stat().st_size
        names = _vault_names(vault)  # listed after the snapshot: a superset of the files it names
        info = {
            "format": FORMAT,
            "engine": summary.engine,
            "database_member": member,
            "created_at": summary.created_at,
            "backup_key_id": ring.active_id,
            "data_key_ids": summary.data_key_ids,
            "vault_files": len(names),
            "migrations": _migrations(),
        }
        manifest: dict[str, dict] = {}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                writer = SealedWriter(out, ring)
                with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    _add(tar, INFO_MEMBER, json.dumps(info, indent=1).encode(), manifest)
                    _add_file(tar, member, dump, manifest)
                    progress(f"{len(names)} vault files…")
                    for name in names:
                        path = vault / name
                        _add_file(tar, f"vault/{name}", path, manifest)
                        summary.vault_files += 1
                        summary.vault_bytes += manifest[f"vault/{name}"]["size"]
                    body = json.dumps({"members": manifest}, indent=1).encode()
                    _add(tar, MANIFEST_MEMBER, body, {})
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
            partial.replace(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return summary


# --- Reading an archive back (verify and restore share it) ----------------------------------------


@dataclass
class Opened:
    info: dict
    database: Path
    vault_staged: int


def _read_archive(path: Path, staging: Path, *, keep_vault: bool) -> Opened:
    """Unpack into ``staging`` (the database file; vault files under ``vault/`` when ``keep_vault``),
    checking every member against the manifest; raises BackupError on any difference."""
    ring = backup_key_ring()
    seen: dict[str, dict] = {}
    info: dict | None = None
    manifest: dict | None = None
    database: Path | None = None
    staged = 0
    (staging / "vault").mkdir(mode=0o700)
    if not Path(path).is_file():
        raise BackupError(f"{path} is not a file that can be read.")
    with (
        Path(path).open("rb") as source,
        io.BufferedReader(SealedReader(source, ring), buffer_size=CHUNK) as plain,
    ):
        try:
            tar = tarfile.open(fileobj=plain, mode="r|")  # noqa: SIM115 (closed below)
        except tarfile.TarError as exc:
            raise BackupError(f"The backup's content is not readable: {exc}") from exc
        with tar:
            for member in tar:
                name = member.name
                if manifest is not None:
                    raise BackupError(f"The backup holds {name!r} after its manifest: it is damaged.")
                if not member.isfile() or ".." in name.split("/") or name.startswith("/"):
                    raise BackupError(f"The backup holds an unexpected entry {name!r}.")
                handle = tar.extractfile(member)
                if name == MANIFEST_MEMBER:
                    manifest = json.loads(handle.read())["members"]
                    continue
                if name == INFO_MEMBER:
                    data = handle.read()
                    info = json.loads(data)
                    seen[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    continue
                if name in (SQLITE_MEMBER, PG_MEMBER):
                    target = staging / name
                    database = target
                elif name.startswith("vault/") and name[6:].isalnum():
                    target = staging / name if keep_vault else None
                    staged += 1
                else:
                    raise BackupError(f"The backup holds an unexpected entry {name!r}.")
                digest = hashlib.sha256()
                size = 0
                out = target.open("wb") if target else None
                try:
                    for block in iter(lambda h=handle: h.read(CHUNK), b""):
                        digest.update(block)
                        size += len(block)
                        if out:
                            out.write(block)
                finally:
                    if out:
                        out.close()
                        target.chmod(0o600)
                seen[name] = {"size": size, "sha256": digest.hexdigest()}
    if info is None or manifest is None or database is None:
        raise BackupError("The backup is incomplete: its description, database or manifest is missing.")
    if info.get("format") != FORMAT:
        raise BackupError(f"The backup is of format {info.get('format')}, this version reads {FORMAT}.")
    differing = sorted(set(seen) ^ set(manifest)) + sorted(
        n for n in seen if manifest.get(n, seen[n]) != seen[n]
    )
    if differing:
        raise BackupError(
            f"The backup does not match its manifest ({len(differing)} entries, first {differing[0]!r})."
        )
    return Opened(info=info, database=database, vault_staged=staged)


def _check_database_file(opened: Opened) -> None:
    if opened.database.name == SQLITE_MEMBER:
        check = sqlite3.connect(f"file:{opened.database}?mode=ro", uri=True)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            raise BackupError(f"The database in the backup is damaged: {result}")
    else:
        _run(["pg_restore", "--list", str(opened.database)], dict(os.environ), "Reading the pg_dump archive")


def verify(path: Path) -> Summary:
    """Open and check an archive without restoring it: key, every checksum, the database file readable."""
    with tempfile.TemporaryDirectory(prefix="isenim-verify-") as scratch:
        opened = _read_archive(Path(path), Path(scratch), keep_vault=False)
        _check_database_file(opened)
        return Summary(
            engine=opened.info["engine"],
            database_bytes=opened.database.stat().st_size,
            vault_files=opened.vault_staged,
            created_at=opened.info["created_at"],
            backup_key_id=opened.info["backup_key_id"],
            data_key_ids=opened.info["data_key_ids"],
        )


# --- Restoring ------------------------------------------------------------------------------------


def _refuse_unless_empty(vault: Path) -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!s} is not empty ({len(tables)} tables). "
            "Restore into a new, empty database: nothing was changed."
        )
    if vault.exists() and any(vault.iterdir()):
        raise BackupError(
            f"The vault folder {vault} is not empty. Restore into a new, empty folder "
            "(ISENIM_VAULT_DIR): nothing was changed."
        )


def _restore_database(opened: Opened) -> None:
    engine = _engine()
    if opened.info["engine"] != engine:
        raise BackupError(
            f"This is a {opened.info['engine']} backup; the database configured is {engine}. "
            "Restore it into the same kind of database."
        )
    if engine == "sqlite":
        connection.close()
        source = sqlite3.connect(f"file:{opened.database}?mode=ro", uri=True)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        os.chmod(connection.settings_dict["NAME"], 0o600)
        return
    env = _pg_env(connection.settings_dict)
    connection.close()
    args = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    _run([*args, "--dbname", env["PGDATABASE"], str(opened.database)], env, "pg_restore")


def missing_vault_files(vault: Path) -> list[str]:
    """Files the database names that the vault folder lacks (empty after a good restore)."""
    from django.apps import apps

    from isenim.core.rotation import VAULT_FILE_FIELDS

    missing = []
    for entry in VAULT_FILE_FIELDS:
        model = apps.get_model(entry.model_label)
        names = model.objects.exclude(**{entry.field: ""}).values_list(entry.field, flat=True)
        missing += [name for name in names.iterator() if not (vault / name).is_file()]
    return missing


def restore(path: Path, *, vault: Path, progress: Callable[[str], None] = lambda _text: None) -> Summary:
    """Restore an archive into an empty database and an empty vault folder; refuses anything else."""
    vault = Path(vault)
    _refuse_unless_empty(vault)
    vault.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".isenim-restore-", dir=vault.parent) as scratch:
        progress("reading and checking the backup…")
        opened = _read_archive(Path(path), Path(scratch), keep_vault=True)
        progress("database…")
        _restore_database(opened)
        if vault.exists():
            vault.rmdir()  # empty, checked above
        shutil.move(Path(scratch) / "vault", vault)
        vault.chmod(0o700)
        summary = Summary(
            engine=opened.info["engine"],
            database_bytes=opened.database.stat().st_size,
            vault_files=opened.vault_staged,
            created_at=opened.info["created_at"],
            backup_key_id=opened.info["backup_key_id"],
            data_key_ids=opened.info["data_key_ids"],
        )
    summary.missing_vault_files = missing_vault_files(vault)
    return summary
