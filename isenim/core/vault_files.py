"""Encrypted files outside the web root (signed consent forms, later case documents).

Files live under ``ISENIM_VAULT_DIR`` (default ``var/vault``) with random names; the database keeps
only the name. Nothing here is ever served as a static or media file.
"""

import secrets
from pathlib import Path

from django.conf import settings

from isenim.core.crypto import decrypt_bytes, encrypt_bytes


def vault_dir() -> Path:
    folder = Path(getattr(settings, "ISENIM_VAULT_DIR", "") or Path(settings.VAR_DIR) / "vault")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077:  # made by hand, or under a loose umask
        folder.chmod(0o700)
    return folder


def store(content: bytes, *, context: str) -> str:
    name = secrets.token_hex(16)
    path = vault_dir() / name
    path.write_bytes(encrypt_bytes(content, context=context))
    path.chmod(0o600)
    return name


def load(name: str, *, context: str) -> bytes:
    if not name.isalnum():
        raise ValueError("bad vault file name")
    return decrypt_bytes((vault_dir() / name).read_bytes(), context=context)


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
    path = vault_dir() / name
    fresh = path.with_suffix(".new")
    fresh.write_bytes(encrypt_bytes(content, context=context))
    fresh.chmod(0o600)
    fresh.replace(path)
