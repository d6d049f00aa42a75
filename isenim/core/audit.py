"""Recording audit events. Services call ``record_event`` inside their own transaction."""

from typing import Any

from django.db import models

from isenim.core.models import AuditEvent

# Fields that identify a person are never copied into the audit trail in clear.
MASKED_FIELDS = frozenset(
    {
        "password",
        "name",
        "full_name",
        "first_name",
        "last_name",
        "birth_date",
        "phone",
        "address",
        "document_number",
        "narrative",
        "secret",
    }
)
MASK = "•••"


def mask(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (MASK if key in MASKED_FIELDS and value not in ("", None) else value)
        for key, value in values.items()
    }


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The listed fields of a record as JSON-friendly values (for before/after)."""
    out: dict[str, Any] = {}
    for field in fields:
        value = getattr(instance, field)
        out[field] = (
            value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
        )
    return out


def record_event(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    if target is not None:
        target_type = target._meta.label_lower
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        before=mask(before or {}),
        after=mask(after or {}),
    )
