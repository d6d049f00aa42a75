"""Encrypted files outside the web root (signed consent forms, later case documents).

Files live under ``ISENIM_VAULT_DIR`` (default ``var/vault``) with random names; the database keeps
only the name. Nothing here is ever served as a static or media file.
"""

import os
import secrets
import time
from pathlib import Path

from django.conf import settings

from isenim.core.crypto import decrypt_bytes, encrypt_bytes


def vault_dir() -> Path:
    folder = Path(getattr(settings, "ISENIM_VAULT_DIR", "") or Path(settings.VAR_DIR) / "vault")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077:  # made by hand, or under a loose umask
        folder.chmod(0o700)
    return folder


def _write_whole(path: Path, data: bytes) -> None:
    """Write to a temporary name, flush to disk, then rename: a crash leaves the whole file or none (a
    ``.part`` left behind is never a vault name: names are letters and digits only)."""
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    part.replace(path)


def store(content: bytes, *, context: str) -> str:
    """Seal and write a new file; returns its name. Called inside the transaction that saves the row
    naming it: if that transaction never commits, the file is an orphan (``isenim vault-check``)."""
    name = secrets.token_hex(16)
    _write_whole(vault_dir() / name, encrypt_bytes(content, context=context))
    return name


class VaultFileMissing(Exception):
    """The database names a file the vault folder does not hold (a database restored without its vault
    folder, a file deleted by hand). Pages answer with a plain explanation, not a server error
    (core.middleware.VaultFileMissingMiddleware); ``isenim vault-check`` lists every such name."""


def load(name: str, *, context: str) -> bytes:
    if not name.isalnum():
        raise ValueError("bad vault file name")
    try:
        sealed = (vault_dir() / name).read_bytes()
    except FileNotFoundError as missing:
        raise VaultFileMissing(name) from missing
    return decrypt_bytes(sealed, context=context)


def key_id_of(name: str) -> str:
    """The id of the key a vault file is sealed with (its first bytes, before ``:``)."""
    if not name.isalnum():
        raise ValueError("bad vault file name")
    with (vault_dir() / name).open("rb") as handle:
        head = handle.read(64)
    return head.partition(b":")[0].decode()


def reseal(name: str, *, context: str) -> None:
    """Re-encrypt one vault file under the active key, replacing it atomically (never half-written)."""
    content = load(name, context=context)
    _write_whole(vault_dir() / name, encrypt_bytes(content, context=context))


def check(*, remove_orphans_older_than: float | None = None) -> tuple[list[str], list[str]]:
    """Compare the vault folder with the database: (names the database holds that have no file, files
    no row names). With ``remove_orphans_older_than`` (seconds), orphans that old are deleted: a younger
    one may belong to an upload whose transaction has not committed yet."""
    from django.apps import apps

    from isenim.core.rotation import VAULT_FILE_FIELDS

    folder = vault_dir()
    named: set[str] = set()
    for entry in VAULT_FILE_FIELDS:
        model = apps.get_model(entry.model_label)
        named.update(model.objects.exclude(**{entry.field: ""}).values_list(entry.field, flat=True))
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name.isalnum()}
    missing = sorted(named - present)
    orphans = sorted(present - named)
    if remove_orphans_older_than is not None:
        now = time.time()
        for name in list(orphans):
            path = folder / name
            if now - path.stat().st_mtime >= remove_orphans_older_than:
                path.unlink()
                orphans.remove(name)
    return missing, orphans
