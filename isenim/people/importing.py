"""Importing lists of people from CSV or XLSX (``isenim import-people``).

A file goes through three steps. Every row is checked on its own (a name, a real birth date, sex, phone,
district SOATO code, external id). Valid rows are compared with the registry and with each other: a
probable duplicate is not imported but listed for a person to review. The rest is created through
``services.people_import`` in one transaction: all of them, or none if anything fails.

Policy (docs/import-export.md): a row is a *possible duplicate* when ``search_people`` would score an
existing person at ``DUPLICATE_SCORE`` or more, or when an earlier row of the same file has the same name
key and birth date. The score gives 0.7 for the name, 0.2 for the same birth date and at most 0.1 for
other shared hashes, so it reaches 0.85 only with the same birth date: the registry check therefore looks
only at people with the row's birth date, in a few batched queries for the whole file.
"""

import getpass
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.audit import record_access
from isenim.core.crypto import blind_indexes
from isenim.core.spreadsheets import SpreadsheetError, Table, read_table
from isenim.core.translit import kaa_lower
from isenim.geo.models import AdminUnit
from isenim.people import services
from isenim.people.equivalents import refresh as refresh_equivalents
from isenim.people.matching import WEIGHTS, NameComparer, Probe, full_name, normal_phone
from isenim.people.models import Person, PersonIndex, Sex
from isenim.people.names import FATHER_MARK, fields_tokens
from isenim.people.search import IMPORT_DUPLICATE, SHORTLIST, Match, _final_score, order_matches

COLUMNS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "sex",
    "phone",
    "district_soato",
    "external_id",
)
NAME_COLUMNS = ("last_name", "first_name", "middle_name")
# The names centres give each column, in the interface languages (Karakalpak and Uzbek in both scripts,
# Russian, English), compared case-folded, without apostrophes, spaces and hyphens read as "_". The
# middle name is the father's: a patronymic (Бахтиярович, Бахтияр улы) or the father's name alone.
COLUMN_NAMES = {
    "last_name": (
        "surname", "family_name", "lastname", "фамилия", "familiya", "familiyasi", "фамилияси",
        "фамилиясы", "familiyası",
    ),
    "first_name": ("given_name", "firstname", "имя", "ism", "ismi", "исм", "исми", "аты", "atı"),
    "middle_name": (
        "patronymic", "father_name", "fathers_name", "father's_name", "отчество", "otchestvo",
        "otasining_ismi", "отасининг_исми", "sharifi", "шарифи", "әкесиниң_аты", "ákesiniń_atı",
        "akesinin_ati", "әкесинин_аты",
    ),
    "birth_date": (
        "date_of_birth", "dob", "дата_рождения", "tugilgan_sana", "tugilgan_sanasi", "туғилган_сана",
        "туғилган_санаси", "туўылған_сәнеси", "tuwılǵan_sánesi", "tuwilgan_sanesi",
    ),
    "sex": ("gender", "пол", "jinsi", "жинси", "жынысы", "jınısı"),
    "phone": ("telephone", "phone_number", "tel", "телефон", "telefon", "телефон_рақами", "telefon_raqami"),
    "district_soato": ("soato", "соато", "district_soato_code"),
    "external_id": ("id", "number_in_list"),
}  # fmt: skip
_APOSTROPHES = str.maketrans("", "", "'’ʼʻ`‘´")
DUPLICATE_SCORE = IMPORT_DUPLICATE
# M/F, Russian М (мужской) / Ж (женский), Uzbek and Karakalpak Э (эркак, еркек).
SEX_CODES = {"m": Sex.MALE, "f": Sex.FEMALE, "м": Sex.MALE, "ж": Sex.FEMALE, "э": Sex.MALE}
DISTRICT_LEVELS = {AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY}
MAX_NAME_LENGTH = 100
MAX_EXTERNAL_ID = Person._meta.get_field("external_id").max_length
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
PHONE_CHARS = re.compile(r"\+?[\d\s().-]+")
PHONE_SEPARATORS = re.compile(r"[;,/]")
CHUNK = 500  # values per IN (...) query: well under SQLite's and PostgreSQL's parameter limits


class ImportFileError(Exception):
    """The file cannot be imported at all (unreadable, or without a name column)."""


# --- Console helpers shared by the people commands -------------------------------------------------


def console_operator() -> str:
    """Who runs a console command when no staff account is named: "cli:" and the system user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a container user without a passwd entry
        user = f"uid{os.getuid()}"
    return f"cli:{user}"


def staff_actor(username: str, perm: Perm):
    """The active staff account ``username``, which must hold ``perm`` (as it would on the web)."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValueError(_("no active staff account is called %(username)s") % {"username": username})
    if not can(user, perm):
        raise ValueError(
            _("the staff account %(username)s may not do this (%(permission)s)")
            % {"username": username, "permission": perm.label}
        )
    return user


# --- Reading and checking rows ---------------------------------------------------------------------


@dataclass
class Row:
    """One valid row, ready to import unless it is a possible duplicate."""

    number: int
    data: services.PersonData
    key: tuple[str, str] | None
    registry_matches: list[Match] = field(default_factory=list)
    same_as_row: int | None = None
    code: str = ""

    @property
    def probe(self) -> Probe:
        identity = self.data.identity
        fields = (
            identity.get("last_name", ""),
            identity.get("first_name", ""),
            identity.get("middle_name", ""),
        )
        phones = identity.get("phones") or [""]
        return Probe(
            name=full_name(*fields),
            fields=fields,
            birth_date=identity.get("birth_date", ""),
            phone=phones[0],
            district_id=self.data.home_district_id,
        )

    @property
    def is_duplicate(self) -> bool:
        return bool(self.registry_matches) or self.same_as_row is not None


@dataclass
class ImportReport:
    rows_read: int = 0
    imported: list[Row] = field(default_factory=list)
    duplicates: list[Row] = field(default_factory=list)
    rejected: dict[int, list[str]] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def lines(self) -> list[tuple[int, str]]:
        """(row number, message) for each row not imported, in the order of the file."""
        codes = {row.number: row.code for row in self.imported}
        out = [
            (number, _("rejected: %(reasons)s") % {"reasons": "; ".join(reasons)})
            for number, reasons in self.rejected.items()
        ]
        for row in self.duplicates:
            of = [
                _("%(code)s (score %(score).2f)") % {"code": match.code, "score": match.score}
                for match in row.registry_matches
            ]
            if row.same_as_row is not None:
                if codes.get(row.same_as_row):
                    of.append(
                        _("%(code)s (row %(row)d of this file)")
                        % {"code": codes[row.same_as_row], "row": row.same_as_row}
                    )
                else:
                    of.append(_("row %(row)d of this file") % {"row": row.same_as_row})
            out.append((row.number, _("possible duplicate of %(people)s") % {"people": ", ".join(of)}))
        return sorted(out)


def map_header(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column name -> position, and the names of columns that are not ours (ignored). A column may be
    named as ours (``middle_name``) or as centres name it in any interface language (COLUMN_NAMES)."""
    positions: dict[str, int] = {}
    ignored = []
    for position, title in enumerate(header):
        name = COLUMN_ALIASES.get(_column_name(title))
        if not _column_name(title):
            continue
        if name in positions:
            raise ImportFileError(_("the column %(column)s appears twice in the header") % {"column": name})
        if name:
            positions[name] = position
        else:
            ignored.append(title.strip())
    if "last_name" not in positions and "first_name" not in positions:
        raise ImportFileError(
            _("the header has neither a last_name nor a first_name column (expected: %(columns)s)")
            % {"columns": ", ".join(COLUMNS)}
        )
    return positions, ignored


def _column_name(title: str) -> str:
    return re.sub(
        r"[\s_-]+", "_", kaa_lower(title.strip()).casefold().replace("ı", "i").translate(_APOSTROPHES)
    )


COLUMN_ALIASES = {
    _column_name(name): column for column in COLUMNS for name in (column, *COLUMN_NAMES[column])
}


def parse_date(text: str) -> date:
    """YYYY-MM-DD or DD.MM.YYYY; raises ValueError otherwise."""
    if match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := DOTTED_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def _phones(text: str) -> list[str] | None:
    """The phones of a cell (several separated by ; , or /), or None if one is not plausible."""
    phones = [part.strip() for part in PHONE_SEPARATORS.split(text) if part.strip()]
    for phone in phones:
        digits = re.sub(r"\D", "", phone)
        if not PHONE_CHARS.fullmatch(phone) or not 7 <= len(digits) <= 15 or not normal_phone(phone):
            return None
    return phones


class RowChecker:
    """Checks rows against the rules and the reference data loaded once for the whole file."""

    def __init__(self, positions: dict[str, int]):
        self.positions = positions
        self.districts = {
            soato: (pk, level)
            for soato, pk, level in AdminUnit.objects.exclude(soato="").values_list("soato", "pk", "level")
        }
        self.today = timezone.localdate()
        self._part_words: dict[
            tuple[str, bool], list[str]
        ] = {}  # for this file only: lists repeat names a lot

    def name_key(self, last: str, first: str, middle: str) -> str:
        """The record's name key (``names.person_name_key``: the middle name is the father's), as the
        registry's duplicate check reads it; a field in another script stands in by its own words."""
        words = []
        for part, patronymic in ((last, False), (first, False), (middle, True)):
            if not part:
                continue
            if (part, patronymic) not in self._part_words:
                tokens = fields_tokens(middle=part) if patronymic else fields_tokens(part)
                self._part_words[part, patronymic] = tokens or part.casefold().split()
            words += self._part_words[part, patronymic]
        return " ".join(sorted(words))

    def cell(self, cells: list[str], column: str) -> str:
        position = self.positions.get(column)
        return cells[position] if position is not None and position < len(cells) else ""

    def check(self, number: int, cells: list[str]) -> Row | list[str]:
        reasons = []
        names = {column: " ".join(self.cell(cells, column).split()) for column in NAME_COLUMNS}
        if not names["last_name"] and not names["first_name"]:
            reasons.append(_("no last_name or first_name"))
        elif not any(c.isalpha() for c in "".join(names.values())):
            reasons.append(_("the name has no letters"))
        for column, value in names.items():
            if len(value) > MAX_NAME_LENGTH:
                reasons.append(
                    _("%(column)s: longer than %(max)d characters")
                    % {"column": column, "max": MAX_NAME_LENGTH}
                )
        birth = self.cell(cells, "birth_date")
        birth_date = None
        if birth:
            try:
                birth_date = parse_date(birth)
            except ValueError:
                reasons.append(_("birth_date: not a date (write YYYY-MM-DD or DD.MM.YYYY)"))
            else:
                if birth_date > self.today:
                    reasons.append(_("birth_date: in the future"))
                elif birth_date.year < 1900:
                    reasons.append(_("birth_date: before 1900"))
        sex_text = self.cell(cells, "sex")
        sex = SEX_CODES.get(sex_text.casefold()) if sex_text else Sex.UNKNOWN
        if sex is None:
            # The Cyrillic letters stay out of the message, so no translation can turn them into Latin.
            reasons.append(_("sex: write M or F (%(cyrillic)s also understood)") % {"cyrillic": "М, Ж, Э"})
        phone_text = self.cell(cells, "phone")
        phones = _phones(phone_text) if phone_text else []
        if phones is None:
            reasons.append(_("phone: does not look like a phone number"))
        soato = self.cell(cells, "district_soato")
        district_id = None
        if soato:
            unit = self.districts.get(soato)
            if unit is None:
                reasons.append(
                    _("district_soato: no district has the SOATO code %(code)s") % {"code": soato[:20]}
                )
            elif unit[1] not in DISTRICT_LEVELS:
                reasons.append(_("district_soato: %(code)s is not a district or city") % {"code": soato})
            else:
                district_id = unit[0]
        external_id = self.cell(cells, "external_id")
        if len(external_id) > MAX_EXTERNAL_ID:
            reasons.append(_("external_id: longer than %(max)d characters") % {"max": MAX_EXTERNAL_ID})
        if reasons:
            return reasons
        identity = {**names, "birth_date": birth_date.isoformat() if birth_date else "", "phones": phones}
        data = services.PersonData(
            identity={key: value for key, value in identity.items() if value},
            sex=sex,
            home_district_id=district_id,
            external_id=external_id,
        )
        name_key = self.name_key(names["last_name"], names["first_name"], names["middle_name"])
        # What tells one row of the file from another with the same name: the birth date, else a phone;
        # without either, only a full name with the father's says it is the same person written twice (a
        # surname and given name alone are shared by namesakes: a list without birth dates lost a third
        # of its rows to this check). None: the row is compared with no other row of the file.
        told_by = identity["birth_date"] or (normal_phone(phones[0]) if phones else "")
        key = (name_key, told_by) if told_by or FATHER_MARK in name_key else None
        return Row(number=number, data=data, key=key)


# --- Duplicates ----------------------------------------------------------------------------------


def _chunks(values: Iterable, size: int = CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def registry_duplicates(probes: list[Probe], *, threshold: float = DUPLICATE_SCORE) -> list[list[Match]]:
    """For each probe, the existing people ``search_people`` would score at ``threshold`` or more.

    The same score (``search._final_score``) over the same hashes, in batches: people sharing a birth
    date with some probe are fetched once with all their hashes, then each probe ranks its own."""
    births = {
        index: set(blind_indexes(probe.birth_date, purpose="person.birth"))
        for index, probe in enumerate(probes)
        if probe.birth_date
    }
    with_birth: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(set().union(*births.values())):
        for person_id, digest in PersonIndex.objects.filter(kind="birth", digest__in=chunk).values_list(
            "person_id", "digest"
        ):
            with_birth[digest].add(person_id)
    held: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(set().union(*with_birth.values())):
        for person_id, digest in PersonIndex.objects.filter(person_id__in=chunk).values_list(
            "person_id", "digest"
        ):
            held[person_id].add(digest)
    shortlists: dict[int, dict[int, float]] = {}
    for index, digests in births.items():
        candidates = set().union(*(with_birth.get(digest, ()) for digest in digests))
        if not candidates:
            continue
        wanted = probes[index].digests()
        rough = {
            person_id: sum(WEIGHTS[kind] for digest, kind in wanted.items() if digest in held[person_id])
            for person_id in candidates
        }
        best = sorted(rough, key=lambda person_id: (-rough[person_id], person_id))[:SHORTLIST]
        shortlists[index] = {person_id: rough[person_id] for person_id in best}
    people: dict[int, Person] = {}
    for chunk in _chunks(set().union(*shortlists.values()) if shortlists else ()):
        people.update((person.pk, person) for person in Person.objects.filter(pk__in=chunk, merged_into=None))
    results: list[list[Match]] = [[] for _probe in probes]
    for index, rough in shortlists.items():
        comparer = NameComparer(probes[index])
        matches = [
            Match(people[person_id], _final_score(probes[index], people[person_id], score, comparer))
            for person_id, score in rough.items()
            if person_id in people
        ]
        results[index] = order_matches(
            probes[index], [match for match in matches if match.score >= threshold]
        )
    return results


# --- The import ----------------------------------------------------------------------------------


def check_rows(table: Table, positions: dict[str, int]) -> tuple[list[Row], dict[int, list[str]]]:
    """Valid rows and {row number: reasons} for the rejected ones, before any duplicate check."""
    checker = RowChecker(positions)
    # external_id: one row per id, and not one the registry already holds.
    by_external: dict[str, list[int]] = defaultdict(list)
    for number, cells in table.rows:
        if external_id := checker.cell(cells, "external_id"):
            by_external[external_id].append(number)
    known: dict[str, str] = {}
    for chunk in _chunks(by_external):
        known.update(Person.objects.filter(external_id__in=chunk).values_list("external_id", "code"))
    rows: list[Row] = []
    rejected: dict[int, list[str]] = {}
    width = len(table.header)
    for number, cells in table.rows:
        outcome = checker.check(number, cells)
        reasons = outcome if isinstance(outcome, list) else []
        if len(cells) > width:
            # More cells than the header (trailing empty ones are trimmed from XLSX rows, not from CSV,
            # where every row of a sound file has as many): usually an unquoted comma shifted the row.
            reasons.insert(
                0,
                _("the row has %(cells)d cells but the header has %(columns)d columns")
                % {"cells": len(cells), "columns": width},
            )
        reasons.extend(
            _("%(column)s: a formula, not a value (type the value itself)") % {"column": column}
            for column in table.formula_columns(number)
        )
        external_id = checker.cell(cells, "external_id")
        if external_id in known:
            reasons.append(_("external_id: already imported as %(code)s") % {"code": known[external_id]})
        others = [other for other in by_external.get(external_id, []) if other != number]
        if external_id and others:
            reasons.append(
                _("external_id: repeated in this file (also in row %(rows)s)")
                % {"rows": ", ".join(map(str, others))}
            )
        if reasons:
            rejected[number] = reasons
        else:
            rows.append(outcome)
    return rows, rejected


def mark_duplicates(rows: list[Row]) -> None:
    """Set each row's registry matches and the earlier row of the file with the same name and birth date
    (or phone, or a name with the father's without either: ``Row.key``)."""
    for row, matches in zip(rows, registry_duplicates([row.probe for row in rows]), strict=True):
        row.registry_matches = matches
    first_with_key: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.key is None:
            continue
        if row.key in first_with_key:
            row.same_as_row = first_with_key[row.key]
        else:
            first_with_key[row.key] = row.number


def import_people(path, *, actor=None, operator: str = "", dry_run: bool = False) -> ImportReport:
    """Read, check and import a file; raises ``ImportFileError`` when the file cannot be used at all."""
    started = time.perf_counter()
    try:
        table = read_table(path)
    except SpreadsheetError as error:
        raise ImportFileError(str(error)) from error
    positions, ignored = map_header(table.header)
    report = ImportReport(rows_read=len(table.rows), ignored_columns=ignored, dry_run=dry_run)
    with transaction.atomic():
        # Checks and inserts in one transaction: nothing can slip in between, and a failure leaves nothing.
        refresh_equivalents(force=True)
        rows, report.rejected = check_rows(table, positions)
        mark_duplicates(rows)
        record_access(
            actor=actor,
            kind="search",
            target_type="people.person",
            detail=f"import-people duplicate check: {len(rows)} rows; {operator or 'staff'}",
        )
        report.duplicates = [row for row in rows if row.is_duplicate]
        to_import = [row for row in rows if not row.is_duplicate]
        if not dry_run and to_import:
            people = services.people_import(
                actor=actor, rows=[row.data for row in to_import], operator="" if actor else operator
            )
            for row, person in zip(to_import, people, strict=True):
                row.code = person.code
        report.imported = to_import
    report.seconds = time.perf_counter() - started
    return report
