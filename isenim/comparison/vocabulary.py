"""What a comparison file may hold: CTDC's columns, how each cell is read and checked, and the flag families
kept as bit sets on a record.

The columns and value lists come from ``isenim.exchange.ctdc`` (CTDC's data dictionary, version 20210825),
with what the dictionary leaves out but CTDC's codebook v7.1 and its releases use:

- the column ``isSlaveryAndPractices`` (codebook variable 35);
- the missing marker ``NULL`` (the codebook's "NULL [missing data]"), besides an empty cell, ``-99`` and
  ``Unknown``;
- gender written ``Man``, ``Woman`` or ``Trans/Transgender/NonConforming`` (later CTDC releases);
- the country codes ``XK`` (Kosovo) and ``BQ`` (Bonaire), valid ISO codes the 2021 list lacks.

Codes are compared without regard to case, spaces or the kind of dash ("0--8", "0-8", "0–8" are one band);
the record keeps the value as the file wrote it (stripped), so the pivot shows the file's own values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from isenim.exchange import ctdc

# Cells that mean "not known". Anything in FOREIGN_MISSING is another convention's marker: the row is
# rejected with a reason that says so, never read as a value.
MISSING = frozenset(ctdc.MISSING_MARKERS | {"null"})
FOREIGN_MISSING = frozenset(
    {"na", "n/a", "n.a.", "#n/a", "nan", "none", "nil", "-", "--", "?", "missing", "not known", "unk", "."}
)

# Columns CTDC's releases carry that the dictionary does not list.
EXTRA_COLUMNS = (ctdc.Column("isSlaveryAndPractices", "flag"),)

# The flag families: each is kept as two bit sets on the record (flag set to 1; flag known, 0 or 1), bit i
# for the i-th name below. The order is fixed: records already stored depend on it (append only).
FAMILIES: dict[str, tuple[str, ...]] = {
    "exploit": (
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "isSexAndLabour",
        "isForcedMarriage",
        "isForcedMilitary",
        "isOrganRemoval",
        "isSlaveryAndPractices",
        "isAbduction",
    ),
    "control": (
        "meansOfControlDebtBondage",
        "meansOfControlTakesEarnings",
        "meansOfControlRestrictsFinancialAccess",
        "meansOfControlThreats",
        "meansOfControlPsychologicalAbuse",
        "meansOfControlPhysicalAbuse",
        "meansOfControlSexualAbuse",
        "meansOfControlFalsePromises",
        "meansOfControlPsychoactiveSubstances",
        "meansOfControlRestrictsMovement",
        "meansOfControlRestrictsMedicalCare",
        "meansOfControlExcessiveWorkingHours",
        "meansOfControlUsesChildren",
        "meansOfControlThreatOfLawEnforcement",
        "meansOfControlWithholdsNecessities",
        "meansOfControlWithholdsDocuments",
        "meansOfControlOther",
        "meansOfControlNotSpecified",
    ),
    "labour": (
        "typeOfLabourAgriculture",
        "typeOfLabourAquafarming",
        "typeOfLabourBegging",
        "typeOfLabourConstruction",
        "typeOfLabourDomesticWork",
        "typeOfLabourHospitality",
        "typeOfLabourIllicitActivities",
        "typeOfLabourManufacturing",
        "typeOfLabourMiningOrDrilling",
        "typeOfLabourPeddling",
        "typeOfLabourTransportation",
        "typeOfLabourOther",
        "typeOfLabourNotSpecified",
    ),
    "sex": (
        "typeOfSexProstitution",
        "typeOfSexPornography",
        "typeOfSexRemoteInteractiveServices",
        "typeOfSexPrivateSexualServices",
    ),
    "recruiter": (
        "recruiterRelationIntimatePartner",
        "recruiterRelationFriend",
        "recruiterRelationFamily",
        "recruiterRelationOther",
        "recruiterRelationUnknown",
    ),
}
# flag column → (family, bit)
FLAG_BITS: dict[str, tuple[str, int]] = {
    name: (family, 1 << index) for family, names in FAMILIES.items() for index, name in enumerate(names)
}

# The typed fields of ComparisonRecord, by CTDC column.
TYPED = {
    "yearOfRegistration": "year",
    "Datasource": "datasource",
    "gender": "gender",
    "ageBroad": "age_broad",
    "majorityStatus": "majority_status",
    "citizenship": "citizenship",
    "CountryOfExploitation": "country_of_exploitation",
}
COUNTRY_COLUMNS = frozenset({"citizenship", "CountryOfExploitation"})
# A file without any of these is not a CTDC file: refused whole.
KEY_COLUMNS = frozenset(TYPED)

MAX_TEXT = 1000
YEARS = (1950, 2100)

GENDER_ALIASES = ("Man", "Woman", "Trans/Transgender/NonConforming")


@cache
def known_columns() -> dict[str, ctdc.Column]:
    """CTDC's name → column, the dictionary's columns and the extras."""
    found = {column.name: column for column in ctdc.columns()}
    for column in EXTRA_COLUMNS:
        found.setdefault(column.name, column)
    return found


@cache
def _folded_columns() -> dict[str, str]:
    return {name.lower(): name for name in known_columns()}


def match_column(header: str) -> str | None:
    """CTDC's name of a header cell: exactly as CTDC spells it, or the same without regard to case."""
    name = (header or "").strip().lstrip("\ufeff").strip()
    if name in known_columns():
        return name
    return _folded_columns().get(name.lower())


_DASHES = re.compile(r"[\-\u2010-\u2015\u2212]+")
_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """A code compared without regard to case, spaces or the kind and number of dashes."""
    return _SPACES.sub("", _DASHES.sub("-", value.strip().lower()))


@cache
def allowed_codes() -> dict[str, frozenset[str]]:
    """Column → the folded codes it may hold (columns that draw from a value list)."""
    lookups = ctdc.lookups()
    countries = set(lookups.get("Country", ())) | set(ctdc.country_regions()) | {"XK", "BQ"}
    ages = {fold(code) for code in lookups.get("Age range 2", ())}
    majority = {fold(code) for code in lookups.get("Age category", ())} - MISSING
    genders = {fold(code) for code in (*lookups.get("Gender", ()), *GENDER_ALIASES)} - MISSING
    sources = {fold(code) for code in lookups.get("Datasource", ())}
    country_codes = frozenset(fold(code) for code in countries)
    return {
        "Datasource": frozenset(sources),
        "gender": frozenset(genders),
        "ageBroad": frozenset(ages),
        "majorityStatus": frozenset(majority),
        "majorityStatusAtExploit": frozenset(majority),
        # The dictionary draws it from the age bands, the codebook from Adult/Minor: either is accepted.
        "MajorityEntry": frozenset(majority | ages),
        "citizenship": country_codes,
        "CountryOfExploitation": country_codes,
    }


class CellError(ValueError):
    """Why one cell makes its row rejected (translated)."""


@dataclass(frozen=True)
class Reader:
    """How one column's cells are read: ``read(text)`` answers the stored value or raises CellError."""

    name: str
    kind: str  # "year", "flag", "code", "text"

    def read(self, text: str):
        value = text.strip()
        folded = value.lower()
        if folded in MISSING:
            return None if self.kind == "year" else ""
        if value.startswith("="):
            raise CellError(_("%(column)s holds a formula; formulas are not read.") % {"column": self.name})
        if folded in FOREIGN_MISSING:
            raise CellError(
                _(
                    "%(column)s marks a missing value with “%(value)s”; CTDC files leave the cell empty or "
                    "write -99 or Unknown."
                )
                % {"column": self.name, "value": value[:20]}
            )
        if self.kind == "flag":
            if folded in ("1", "1.0", "true"):
                return "1"
            if folded in ("0", "0.0", "false"):
                return "0"
            raise CellError(
                _("%(column)s is “%(value)s”; a flag is 0 or 1.") % {"column": self.name, "value": value[:40]}
            )
        if self.kind == "year":
            try:
                number = float(value)
            except ValueError:
                number = None
            if number is None or not number.is_integer() or not YEARS[0] <= number <= YEARS[1]:
                raise CellError(
                    _("%(column)s is “%(value)s”, not a year.") % {"column": self.name, "value": value[:40]}
                )
            return int(number)
        if self.kind == "code":
            if fold(value) not in allowed_codes()[self.name]:
                raise CellError(
                    _("%(column)s is “%(value)s”, which is not in CTDC's list of values.")
                    % {"column": self.name, "value": value[:40]}
                )
            return fold(value).upper() if self.name in COUNTRY_COLUMNS else value
        if len(value) > MAX_TEXT:
            message = _("%(column)s is longer than %(count)s characters.")
            raise CellError(message % {"column": self.name, "count": MAX_TEXT})
        return value


def reader_for(name: str) -> Reader:
    column = known_columns()[name]
    if column.kind == "year":
        return Reader(name, "year")
    if column.kind == "flag" or name in FLAG_BITS:
        return Reader(name, "flag")
    if name in allowed_codes():
        return Reader(name, "code")
    return Reader(name, "text")
