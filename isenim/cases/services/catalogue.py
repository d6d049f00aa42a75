"""The managed lists of the case file: the service catalogue and the partner organisations.

Staff add and edit rows (``service_type_save``, ``partner_save``); an edit marks the row
``corrected_by_staff`` so that loading the shipped starting rows again (``load_catalogue``) keeps it.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.cases.models import Partner, ServiceType
from isenim.cases.services import CaseRuleError
from isenim.core.audit import record_change, record_event, snapshot
from isenim.geo.models import Country
from isenim.geo.names import NAME_FIELDS, Names, apply_names, refresh, shipped_names

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "catalogue.json"
SHIPPED_SOURCE = "entered by Isenim staff"
SERVICE_TYPE_FIELDS = ["code", "group", "result_kind", "active", *NAME_FIELDS, "source", "verified"]
PARTNER_FIELDS = ["kind", "country_id", "contact", "active", *NAME_FIELDS, "source", "verified"]


@transaction.atomic
def service_type_save(
    *,
    actor,
    service_type: ServiceType | None = None,
    code: str,
    group: str,
    names: Names,
    source: str = "",
    verified: bool = False,
    active: bool = True,
    result_kind: str = "",
) -> ServiceType:
    """Add a service type (``service_type`` None) or change one. Codes are unique."""
    code = code.strip().lower()
    clash = ServiceType.objects.filter(code=code)
    if service_type is not None:
        clash = clash.exclude(pk=service_type.pk)
    if clash.exists():
        raise CaseRuleError(_("Another service type already has the code “%(code)s”.") % {"code": code})
    adding = service_type is None
    record = ServiceType() if adding else ServiceType.objects.select_for_update().get(pk=service_type.pk)
    before = snapshot(record, SERVICE_TYPE_FIELDS) if not adding else None
    record.code, record.group, record.active = code, group, active
    record.result_kind = result_kind
    apply_names(record, names=names, source=source, verified=verified, actor=actor)
    record.save()
    if adding:
        record_event(
            actor=actor, action="service_type.add", target=record, after=snapshot(record, SERVICE_TYPE_FIELDS)
        )
    else:
        record_change(actor=actor, action="service_type.update", target=record, before=before)
    return record


@transaction.atomic
def partner_save(
    *,
    actor,
    partner: Partner | None = None,
    kind: str,
    names: Names,
    country: Country | None = None,
    contact: str = "",
    source: str = "",
    verified: bool = False,
    active: bool = True,
) -> Partner:
    """Add a partner organisation (``partner`` None) or change one."""
    adding = partner is None
    record = Partner() if adding else Partner.objects.select_for_update().get(pk=partner.pk)
    before = snapshot(record, PARTNER_FIELDS) if not adding else None
    record.kind, record.country, record.contact, record.active = kind, country, contact.strip(), active
    apply_names(record, names=names, source=source, verified=verified, actor=actor)
    record.save()
    if adding:
        record_event(actor=actor, action="partner.add", target=record, after=snapshot(record, PARTNER_FIELDS))
    else:
        record_change(actor=actor, action="partner.update", target=record, before=before)
    return record


# --- The shipped starting rows -------------------------------------------------------------------------


def _find_partner(names: dict[str, str]) -> Partner | None:
    """A shipped partner is the row that still carries any of its shipped names (staff may have
    corrected one language, rarely all)."""
    for name, value in names.items():
        if value:
            found = Partner.objects.filter(**{name: value}).order_by("pk").first()
            if found is not None:
                return found
    return None


@transaction.atomic
def load_catalogue(*, actor=None, path: Path = CATALOGUE_FILE) -> dict[str, int]:
    """Add the shipped service types and partners that are missing; idempotent. Rows staff have edited
    (``corrected_by_staff``) are kept as they are, and a row staff took out of use stays out of use."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"service_types": 0, "partners": 0, "updated": 0}
    for row in data["service_types"]:
        values = {
            **shipped_names(row),
            "group": row["group"],
            "result_kind": row.get("result_kind", ""),
            "source": row.get("source", SHIPPED_SOURCE),
        }
        existing = ServiceType.objects.filter(code=row["code"]).first()
        if existing is not None:
            counts["updated"] += refresh(existing, values)
            continue
        ServiceType.objects.create(code=row["code"], verified=row.get("verified", False), **values)
        counts["service_types"] += 1
    countries = dict(Country.objects.values_list("iso2", "pk"))
    for row in data["partners"]:
        names = shipped_names(row)
        values = {
            **names,
            "kind": row["kind"],
            "country_id": countries.get(row.get("country") or ""),
            "source": row.get("source", SHIPPED_SOURCE),
        }
        existing = _find_partner(names)
        if existing is not None:
            counts["updated"] += refresh(existing, values)
            continue
        Partner.objects.create(verified=row.get("verified", False), **values)
        counts["partners"] += 1
    # One event for the whole load (how many rows), like the other reference data: a fresh install would
    # otherwise open its audit log with thirty rows of names in four languages.
    if counts["service_types"] or counts["partners"] or counts["updated"]:
        record_event(actor=actor, action="reference.load", target_type="cases", after=counts)
    return counts
