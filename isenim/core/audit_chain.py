"""The audit and access logs as hash chains: a row edited or removed by hand is found by ``verify-audit``.

Each row carries ``link`` = HMAC(key, previous row's link ‖ the row's own fields) and the id of the key of
the data key ring it was linked with. The key never sits in the database, so someone who can write to the
database alone cannot forge the links after an edit. ``ChainHead`` keeps the last link and the number of
rows of each log, so removing the newest rows is found too. New rows are linked while the head row is
locked, in the transaction that inserts them, so two writers cannot fork the chain.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from isenim.core.crypto import key_ring

# The fields each log links, in order: everything a reader of the log relies on.
CHAINED_FIELDS = {
    "core.auditevent": ("at", "actor_id", "action", "target_type", "target_id", "before", "after"),
    "core.accessevent": ("at", "actor_id", "kind", "target_type", "target_id", "detail"),
}
GENESIS = "0" * 64


def _chain_key(key: bytes) -> bytes:
    # A subkey for the chain only: the encryption key itself is never used as a MAC key.
    return hmac.digest(key, b"isenim audit chain v1", "sha256")


def _field_value(event, field: str):
    value = getattr(event, field)
    if field == "at":
        return value.astimezone(UTC).isoformat()
    return value


def payload(event) -> bytes:
    label = event._meta.label_lower
    values = [label, *(_field_value(event, field) for field in CHAINED_FIELDS[label])]
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_of(event, previous: str, key_id: str) -> str:
    key = key_ring().keys[key_id]
    return hmac.new(_chain_key(key), previous.encode() + b"\x1f" + payload(event), hashlib.sha256).hexdigest()


def link_new(events: list) -> None:
    """Link ``events`` (not yet saved, all of one log) after the newest row; call inside a transaction,
    right before they are inserted."""
    from isenim.core.models import ChainHead

    if not events:
        return
    label = events[0]._meta.label_lower
    # One head row per log, made by the migration (or here, by the first row of a new log).
    head = ChainHead.objects.select_for_update().filter(log=label).first() or ChainHead.objects.create(
        log=label
    )
    key_id = key_ring().active_id
    previous = head.last_link or GENESIS
    for event in events:
        event.key_id = key_id
        event.link = link_of(event, previous, key_id)
        previous = event.link
    ChainHead.objects.filter(pk=head.pk).update(last_link=previous, rows=head.rows + len(events))


@dataclass(frozen=True)
class Break:
    log: str
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.log} #{self.event_id}" if self.event_id is not None else self.log
        return f"{where}: {self.reason}"


def verify(model, *, chunk: int = 5000) -> tuple[int, Break | None]:
    """Walk one log in id order; return the rows checked and the first broken link (None when it holds)."""
    from isenim.core.models import ChainHead

    label = model._meta.label_lower
    ring = key_ring().keys
    previous, count = GENESIS, 0
    for event in model._base_manager.order_by("id").iterator(chunk_size=chunk):
        count += 1
        if event.key_id not in ring:
            return count, Break(
                label, event.pk, f"linked with key {event.key_id!r}, which is not in the ring"
            )
        if not hmac.compare_digest(event.link, link_of(event, previous, event.key_id)):
            return count, Break(label, event.pk, "edited, or a row before it was removed")
        previous = event.link
    head = ChainHead.objects.filter(log=label).first()
    last_link, rows = (head.last_link, head.rows) if head else ("", 0)
    if (last_link or GENESIS) != previous or rows != count:
        return count, Break(label, None, f"the newest rows were removed ({rows} linked, {count} found)")
    return count, None
