"""Recording audit events. Services call ``record_event`` inside their own transaction."""

from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.core.models import AccessEvent, AuditEvent
from isenim.core.registry import (
    ACTION_LABELS,
    EXTRA_TARGET_LABELS,
    register_action_labels,
    register_target_labels,
)

# Fields that identify a person are never copied into the audit trail in clear.
MASKED_FIELDS = frozenset(
    {
        "identity",
        "heard_about_note",
        "middle_name",
        "phones",
        "documents",
        "narrative",
        "password",
        "name",
        "full_name",
        "first_name",
        "last_name",
        "birth_date",
        "phone",
        "address",
        "document_number",
        "secret",
    }
)
MASK = "•••"
# What the audit records for a sealed (encrypted) field that changed: that it changed, never its text.
SEALED = "sealed"

# The ground floor's own actions; every other app registers its labels (core.registry) at start-up.
CORE_ACTION_LABELS = {
    "keys.rotate": _("Data re-encrypted under a new key"),
}

register_action_labels(CORE_ACTION_LABELS)
register_target_labels({"core": _("Encryption keys")})


# Keys recorded in audit rows that are not model fields.
EXTRA_FIELD_LABELS = {
    "admin_units": _("administrative units"),
    "countries": _("countries"),
    "removed": _("authenticators removed"),
    "type": _("type"),
    "username": _("username"),
    "typed": _("what was typed (keyed hash)"),
    "agent": _("browser"),
    "user": _("account"),
    "reauthentication": _("confirming before a sensitive step"),
    "kept": _("record kept"),
    "merged": _("record merged away"),
    "moved": _("moved to the record kept"),
    "restored": _("record restored"),
    "merge_event": _("merge event"),
    "family_links": _("family links"),
    "family_links_as_relative": _("family links (as relative)"),
    "consents": _("consents"),
    "appeals": _("appeals"),
    "identity": _("identity"),
    "identity_fields_changed": _("identity fields changed"),
    "migrant_abroad": _("labour migrant abroad"),
    "relation": _("relation"),
    "relative": _("relative"),
    "form": _("signed form"),
    "person": _("person"),
    "on": _("date"),
    "operator": _("command-line operator"),
    "purpose": _("purpose"),
    "partner": _("partner"),
    "key": _("key"),
    "rows": _("records"),
    "narrative": _("presenting problem"),
    "scores_by_domain": _("scores by domain"),
    "case": _("case"),
    "team": _("team"),
    "member": _("team member"),
    "kind": _("kind"),
    "decision": _("decision"),
    "comment": _("comment"),
    "summary": _("summary"),
    "task": _("task"),
    "body": _("text"),
    "text": _("text"),
    "appeal": _("appeal"),
    "service_types": _("service types"),
    "partners": _("partners"),
    "updated": _("rows refreshed"),
    "trades": _("trades"),
    "items": _("items"),
    "early": _("recorded before its date"),
    "task_done": _("task done"),
    "params": _("settings"),
    "period": _("period"),
    "frozen": _("frozen"),
    "revision": _("revision"),
    "created": _("created"),
    "values_frozen": _("values frozen"),
    "narrative_fields": _("narrative fields"),
    "problems": _("problems"),
    "received": _("received"),
    "results": _("results"),
    "to_date": _("up to"),
    "from_date": _("from"),
    "plans": _("plans"),
    "activities": _("activities"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def target_label(target_type: str) -> str:
    if target_type in EXTRA_TARGET_LABELS:
        return str(EXTRA_TARGET_LABELS[target_type])
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


# Records whose "name" is the name of a thing (a campaign, an indicator, a funding source), not of a
# person: it is kept in the log, so that a reader can tell which campaign was changed.
NAMES_OF_THINGS = frozenset(
    {
        "prevention.campaign",
        "grants.topic",
        "grants.indicator",
        "reintegration.fundingsource",
    }
)


def mask(values: dict[str, Any], target_type: str = "") -> dict[str, Any]:
    kept = {"name"} if target_type in NAMES_OF_THINGS else set()
    return {
        key: (MASK if key in MASKED_FIELDS - kept and value not in ("", None) else value)
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


def record_change(
    *, actor, action: str, target: models.Model, before: dict[str, Any], always: bool = False
) -> AuditEvent | None:
    """Audit an edit of ``target``: compares it now with the ``before`` snapshot and records only the
    fields that changed (nothing at all when none did, unless ``always``)."""
    after = snapshot(target, list(before))
    changed = [field for field in before if before[field] != after[field]]
    if not changed and not always:
        return None
    return record_event(
        actor=actor,
        action=action,
        target=target,
        before={field: before[field] for field in changed},
        after={field: after[field] for field in changed},
    )


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
        before=mask(before or {}, target_type),
        after=mask(after or {}, target_type),
    )


def describe_changes(target_type: str, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, str]]:
    """Readable rows for the audit log: field names and choice values in the reader's language."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for key in after.keys() | before.keys():
        field = _field(model, key.removesuffix("_id"))
        rows.append(
            {
                "field": str(field.verbose_name) if field is not None else _extra_label(key),
                "before": _readable(field, before.get(key)),
                "after": _readable(field, after.get(key)),
            }
        )
    return sorted(rows, key=lambda row: row["field"])


def _extra_label(key: str) -> str:
    if key in EXTRA_FIELD_LABELS:
        return str(EXTRA_FIELD_LABELS[key])
    label = _labels_by_field_name().get(key)
    return str(label) if label is not None else key


@cache
def _labels_by_field_name() -> dict:
    """Every model field's name → its verbose name: a key recorded beside a target's own fields (an
    edition, a placement, an age band of a tally) is mostly a field of a related model."""
    labels: dict = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False) and field.name not in labels:
                labels[field.name] = field.verbose_name
    return labels


@cache
def _labels_by_code() -> dict:
    """Every coded value the models know (choices of every field) → its label, and every measure's code:
    the values inside a recorded dict ({"category": "young_graduate"}) have no field to read choices from.
    A code two choice lists share with different labels takes the first; the log stays readable."""
    from isenim.core.measures import MEASURES

    labels: dict = {code: measure.label for code, measure in MEASURES.items()}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value and value not in labels:
                    labels[value] = label
    return labels


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):  # a key recorded beside the fields ("moved", "kept")
        return None
    # A key named like a reverse relation ("scores", "members") is a recorded extra, not a column.
    return field if getattr(field, "concrete", False) else None


def _readable(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict):  # e.g. what a merge moved: {"consents": [3, 4], ...}: how many of each
        return "; ".join(
            f"{_extra_label(key)}: {len(item) if isinstance(item, list) else _readable(None, item)}"
            for key, item in value.items()
        )
    if field is not None and field.is_relation and field.related_model is not None and isinstance(value, int):
        related = field.related_model.objects.filter(pk=value).first()  # a district, a country: its name
        return str(related) if related is not None else str(value)
    if isinstance(value, list):
        return ", ".join(_readable(field, item) for item in value) or "—"
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, str):  # a code kept in a plain text field or a dict: a measure, a category
        return str(_labels_by_code().get(value, value))
    return str(value)


def record_access(
    *,
    actor,
    kind: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    detail: str = "",
) -> AccessEvent:
    """A view of a person or appeal, a search, or an export. ``detail`` must never hold personal data."""
    if target is not None:
        target_type, target_id = target._meta.label_lower, str(target.pk)
    return AccessEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        target_type=target_type,
        target_id=target_id,
        detail=detail[:200],
    )
