"""The application key ring: AES-256-GCM encryption and keyed hashes, separate from SECRET_KEY.

``ISENIM_DATA_KEYS`` holds ``id:base64key`` pairs separated by commas. The first key encrypts; every key
can decrypt, so a key can be rotated in by putting the new one first. Ciphertexts carry their key id.
"""

import base64
import hmac
import os
from dataclasses import dataclass
from functools import cache, lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_TAG = "v1"


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    active_id: str

    @property
    def active_key(self) -> bytes:
        return self.keys[self.active_id]


def parse_key_ring(text: str, *, name: str = "ISENIM_DATA_KEYS") -> KeyRing:
    """Parse and validate ``id:base64key,...``; raises ImproperlyConfigured naming setting and entry."""
    keys: dict[str, bytes] = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured(f"{name} entry {key_id!r} must look like 'id:base64key'")
        try:
            standard = encoded.strip().replace("-", "+").replace("_", "/")
            key = base64.b64decode(standard, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} key {key_id!r} is not valid base64") from exc
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"{name} key {key_id!r} must be {KEY_BYTES} bytes")
        if key_id in keys:
            raise ImproperlyConfigured(f"{name} names key {key_id!r} twice")
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured(f"{name} holds no key")
    return KeyRing(keys=keys, active_id=next(iter(keys)))


def new_key_entry(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()}"


@cache
def key_ring() -> KeyRing:
    return parse_key_ring(settings.ISENIM_DATA_KEYS)


def encrypt_text(plain: str, *, context: str = "") -> str:
    """Encrypt text; ``context`` (e.g. a table and field name) is bound in so ciphertexts can't be swapped."""
    ring = key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.active_key).encrypt(nonce, plain.encode(), context.encode())
    return f"{FORMAT_TAG}:{ring.active_id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt_text(token: str, *, context: str = "") -> str:
    tag, key_id, payload = token.split(":", 2)
    if tag != FORMAT_TAG:
        raise ValueError("unknown ciphertext format")
    raw = base64.urlsafe_b64decode(payload.encode())
    key = key_ring().keys[key_id]
    return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()


@lru_cache(maxsize=16)  # one per key of the ring: an import hashes ~11 values per person
def _index_key(key: bytes) -> bytes:
    # A separate subkey for keyed hashes, so the encryption key itself is never used as a MAC key.
    return hmac.digest(key, b"isenim blind index v1", "sha256")


def blind_index(value: str, *, purpose: str, key_id: str | None = None) -> str:
    """Keyed hash of a normalised value for equality lookups: the database matches without holding it.

    ``purpose`` separates kinds (a name key never equals a phone's hash). Written with the active key;
    look-ups use ``blind_indexes`` to also find rows hashed with older keys until rotation has run."""
    ring = key_ring()
    key = ring.keys[key_id or ring.active_id]
    return hmac.digest(_index_key(key), f"{purpose}\x1f{value}".encode(), "sha256").hex()[:40]


def blind_indexes(value: str, *, purpose: str) -> list[str]:
    """The hashes of ``value`` under every key of the ring (one, except while keys are rotated)."""
    return [blind_index(value, purpose=purpose, key_id=key_id) for key_id in key_ring().keys]


def encrypt_bytes(plain: bytes, *, context: str) -> bytes:
    """Encrypt a file's content: ``key id`` + ``:`` + nonce + ciphertext."""
    ring = key_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.active_key).encrypt(nonce, plain, context.encode())
    return ring.active_id.encode() + b":" + nonce + sealed


def decrypt_bytes(blob: bytes, *, context: str) -> bytes:
    key_id, _sep, rest = blob.partition(b":")
    key = key_ring().keys[key_id.decode()]
    return AESGCM(key).decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], context.encode())
