"""Loading and correcting reference data. Loading is idempotent and never undoes a staff correction."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from isenim.core.audit import record_change, record_event, snapshot
from isenim.geo.models import AdminUnit, Country, MultilingualName
from isenim.geo.names import NAME_FIELDS, shipped_names


def _read(name: str) -> list[dict]:
    return json.loads((Path(settings.ISENIM_REFERENCE_DIR) / name).read_text(encoding="utf-8"))


def _shipped_values(row: dict) -> dict:
    return {**shipped_names(row), "source": row["source"], "verified": row["verified"]}


def _upsert(model: type[MultilingualName], lookup: dict, values: dict) -> bool:
    existing = model.objects.filter(**lookup).first()
    if existing is None:
        model.objects.create(**lookup, **values)
        return True
    if existing.corrected_by_staff:
        values = {k: v for k, v in values.items() if k not in NAME_FIELDS and k != "verified"}
    for field, value in values.items():
        setattr(existing, field, value)
    existing.save()
    return False


@transaction.atomic
def reference_load(*, actor=None) -> dict[str, int]:
    created = {"admin_units": 0, "countries": 0}
    codes_to_ids: dict[str, int] = {}
    for row in _read("admin_units.json"):
        values = _shipped_values(row)
        values.update(
            level=row["level"],
            parent_id=codes_to_ids.get(row["parent"]) if row["parent"] else None,
            iso_3166_2=row.get("iso_3166_2", ""),
            soato=row.get("soato", ""),
            classifier_code=row.get("classifier_code", ""),
            assembly_kind=row.get("assembly_kind", ""),
        )
        created["admin_units"] += _upsert(AdminUnit, {"code": row["code"]}, values)
        codes_to_ids[row["code"]] = AdminUnit.objects.values_list("pk", flat=True).get(code=row["code"])
    for row in _read("countries.json"):
        values = _shipped_values(row)
        values.update(iso3=row["iso3"], numeric=row["numeric"])
        created["countries"] += _upsert(Country, {"iso2": row["iso2"]}, values)
    record_event(actor=actor, action="reference.load", target_type="geo", after=created)
    return created


@transaction.atomic
def reference_correct(*, actor, record: MultilingualName, names: dict[str, str], verified: bool):
    """A person corrects names and/or confirms the row; reloading the shipped data will keep this."""
    tracked = [*NAME_FIELDS, "verified"]
    before = snapshot(record, tracked)
    for field in NAME_FIELDS:
        setattr(record, field, names.get(field, "").strip())
    record.verified = verified
    record.verified_by = actor if verified else None
    record.verified_at = timezone.now() if verified else None
    record.corrected_by_staff = True
    record.save()
    # Always recorded: confirming a row without changing it is itself worth keeping.
    record_change(actor=actor, action="reference.correct", target=record, before=before, always=True)
    return record
