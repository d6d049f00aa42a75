"""Load the shipped starting data (``data/guide.json``) into the guide — idempotent, keeping staff edits.

- Destinations: created when missing (the countries must already be loaded by ``load-reference``).
- Guide items: created as drafts, unverified. An item nobody has edited yet (no last editor, still a
  draft) is refreshed from the file; anything staff touched is left alone.
- Missions and hotlines: created unverified; refreshed from the file until staff correct them.
"""

import json
from pathlib import Path

from django.db import transaction

from isenim.core.audit import record_event
from isenim.geo.models import Country
from isenim.guide.models import Destination, GuideItem, GuideItemVersion, GuideStatus, Hotline, Mission

DATA_FILE = Path(__file__).resolve().parent / "data" / "guide.json"
LANGS = ["kaa", "uz", "ru", "en"]


def _with_confidence(source: str, confidence: str) -> str:
    return f"{source}\nConfidence: {confidence}" if confidence else source


@transaction.atomic
def load_guide(*, actor=None, path: Path = DATA_FILE) -> dict[str, int]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=_all_iso2(data))}
    created = {"destinations": 0, "items": 0, "missions": 0, "hotlines": 0, "skipped": 0}

    destinations = {}
    for row in data["destinations"]:
        country = countries.get(row["iso2"])
        if country is None:
            created["skipped"] += 1
            continue
        destination, new = Destination.objects.get_or_create(
            country=country, defaults={"order": row["order"]}
        )
        destinations[row["iso2"]] = destination
        created["destinations"] += new

    for order, row in enumerate(data["items"]):
        destination = destinations.get(row["iso2"])
        if destination is None:
            created["skipped"] += 1
            continue
        values = {"destination": destination, "topic": row["topic"], "order": order}
        for lang in LANGS:
            values[f"title_{lang}"] = row["title"][lang]
            values[f"body_{lang}"] = row["body"][lang]
        values["source"] = _with_confidence(row["source"], row.get("confidence", ""))
        item = GuideItem.objects.filter(reference_key=row["key"]).first()
        if item is None:
            item = GuideItem.objects.create(reference_key=row["key"], status=GuideStatus.DRAFT, **values)
            _first_version(item)
            record_event(actor=actor, action="guide.draft", target=item, after={"status": item.status})
            created["items"] += 1
        elif item.last_editor_id is None and item.status == GuideStatus.DRAFT:
            GuideItem.objects.filter(pk=item.pk).update(**values)

    for order, row in enumerate(data["missions"]):
        country = countries.get(row["iso2"])
        if country is None:
            created["skipped"] += 1
            continue
        values = {
            "country": country,
            "kind": row["kind"],
            "address": row["address"],
            "phones": row["phones"],
            "website": row["website"],
            "note": row["note"],
            "order": order,
            "source": _with_confidence(row["source"], row.get("confidence", "")),
            **{f"name_{lang}": row["city"][lang] for lang in LANGS},
        }
        mission = Mission.objects.filter(reference_key=row["key"]).first()
        if mission is None:
            mission = Mission.objects.create(reference_key=row["key"], **values)
            record_event(actor=actor, action="mission.add", target=mission, after={"kind": mission.kind})
            created["missions"] += 1
        elif not mission.corrected_by_staff and mission.verified_on is None:
            Mission.objects.filter(pk=mission.pk).update(**values)

    for order, row in enumerate(data["hotlines"]):
        values = {
            "country": countries.get(row["iso2"]) if row["iso2"] else None,
            "phone": row["phone"],
            "order": order,
            "source": _with_confidence(row["source"], row.get("confidence", "")),
            **{f"name_{lang}": row["name"][lang] for lang in LANGS},
            **{f"answers_{lang}": row["answers"][lang] for lang in LANGS},
        }
        hotline = Hotline.objects.filter(reference_key=row["key"]).first()
        if hotline is None:
            hotline = Hotline.objects.create(reference_key=row["key"], **values)
            record_event(actor=actor, action="mission.add", target=hotline, after={"order": order})
            created["hotlines"] += 1
        elif not hotline.corrected_by_staff and hotline.verified_on is None:
            Hotline.objects.filter(pk=hotline.pk).update(**values)
    return created


def _first_version(item: GuideItem) -> None:
    version = GuideItemVersion(item=item, number=1, status=item.status, action="load", by=None)
    for name in GuideItem.COPIED_FIELDS:
        setattr(version, name, getattr(item, name))
    version.save()


def _all_iso2(data: dict) -> set[str]:
    codes = {row["iso2"] for row in data["destinations"]}
    codes |= {row["iso2"] for row in data["missions"]}
    codes |= {row["iso2"] for row in data["hotlines"] if row["iso2"]}
    return codes
