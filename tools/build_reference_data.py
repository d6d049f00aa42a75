"""Rebuild isenim/geo/data/*.json from the shared research files, pycountry and CLDR (Babel).

A developer's tool, run by hand when the sources change; the project ships its output and never
reads ../shared/ or the network at run time. Usage: .venv/bin/python tools/build_reference_data.py
"""

import json
import sys
from pathlib import Path

import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reference"
OUT = ROOT / "isenim" / "geo" / "data"
sys.path.insert(0, str(ROOT))

from isenim.core.translit import kaa_to_latin, normalize_cyrillic, uz_to_cyrillic  # noqa: E402

SOATO_SOURCE = "SOATO classifier (Uzbekistan Digital Health Platform FHIR IG copy, Nov 2025)"
PORTAL_SOURCE = "karakalpakstan.uz official portal; kaa/en/kk Wikipedia for Karakalpak names"


def regions() -> list[dict]:
    data = json.loads((SHARED / "regions_uz.json").read_text())
    return [
        {
            "code": r["soato"],
            "level": "region",
            "parent": None,
            "iso_3166_2": r["iso_3166_2"],
            "soato": r["soato"],
            "names": {
                "kaa": r["kaa_cyrl"],
                "kaa_latn": r["kaa_latn"],
                "uz": r["uz_latn"],
                "uz_cyrl": r["uz_cyrl"],
                "ru": r["ru"],
                "en": r["en"],
            },
            "source": "ISO 3166-2 (pycountry/Debian iso-codes); " + SOATO_SOURCE,
            # Codes are verified; Karakalpak names were derived, so a person must confirm the row.
            "verified": False,
        }
        for r in data["regions"]
    ]


def english_district(ru: str, uz: str) -> str:
    return uz.replace(" tumani", " District").replace(" shahri", " City")


def districts() -> list[dict]:
    data = json.loads((SHARED / "karakalpakstan_admin.json").read_text())
    out = []
    for d in data["districts"]:
        is_city = d["soato"] == "1735401"
        out.append(
            {
                "code": d["soato"],
                "level": "city" if is_city else "district",
                "parent": "1735",
                "soato": d["soato"],
                "names": {
                    "kaa": d["kaa_cyrl"],
                    "kaa_latn": d["kaa_latn"],
                    "uz": d["uz_latn"],
                    "uz_cyrl": d["uz_cyrl_machine"],
                    "ru": d["ru"],
                    "en": english_district(d["ru"], d["uz_latn"]),
                },
                "source": f"{SOATO_SOURCE}; {PORTAL_SOURCE}; Karakalpak name: {d['kaa_name_confidence']}",
                "verified": d["kaa_name_confidence"].startswith("verified"),
            }
        )
    return out


def assemblies() -> list[dict]:
    data = json.loads((SHARED / "karakalpakstan_admin.json").read_text())["moynaq"]
    out = []
    for u in data["units"]:
        kind = "mahalla" if u["type"].startswith("MPJ") else "village"
        uz = u.get("uz_alt") or u["classifier_uz"].rsplit(" ", 1)[0]
        out.append(
            {
                "code": u["mahalla_code"],
                "level": "assembly",
                "parent": "1735222",
                "assembly_kind": kind,
                "classifier_code": u["mahalla_code"],
                "soato": u.get("soato", ""),
                "names": {
                    "kaa": u["kaa_cyrl"],
                    "kaa_latn": u["kaa_latn"],
                    "uz": uz,
                    "uz_cyrl": uz_to_cyrillic(uz),
                    "ru": u["ru"].replace(" (unverified)", ""),
                    "en": u["kaa_latn"],
                },
                "source": "Departmental mahalla classifier (prefix 2305 = Moynaq district); "
                + SOATO_SOURCE
                + "; Karakalpak spelling from the centre's own account",
                "verified": False,
            }
        )
    return out


def countries() -> list[dict]:
    locales = {
        "kaa": Locale.parse("kaa_Cyrl"),
        "uz": Locale.parse("uz_Latn"),
        "uz_cyrl": Locale.parse("uz_Cyrl"),
        "ru": Locale.parse("ru"),
        "en": Locale.parse("en"),
    }
    out = []
    for country in pycountry.countries:
        names = {lang: loc.territories.get(country.alpha_2, "") for lang, loc in locales.items()}
        names["kaa"] = normalize_cyrillic(names["kaa"])  # CLDR writes ӊ for ң in a few names
        if not names["en"]:
            names["en"] = getattr(country, "common_name", None) or country.name
        missing = [lang for lang, value in names.items() if not value]
        if names["kaa"]:
            names["kaa_latn"] = kaa_to_latin(names["kaa"])
        out.append(
            {
                "iso2": country.alpha_2,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "names": names,
                "source": "ISO 3166-1 (pycountry 26.2.16); names from Unicode CLDR 49 (Babel 2.19)"
                + (f"; no CLDR name in: {', '.join(missing)}" if missing else ""),
                # ISO codes are authoritative; "verified" means a person of the centre confirmed the names.
                "verified": False,
            }
        )
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    units = regions() + districts() + assemblies()
    for name, rows in (("admin_units.json", units), ("countries.json", countries())):
        (OUT / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
