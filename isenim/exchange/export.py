"""The centre's cases as a k-anonymised file in CTDC's columns, with its risk report.

Two passes over the cases, never as model objects: the first has the database count the equivalence
classes of the raw quasi-identifiers (one GROUP BY), ``anonymise.plan`` decides what each class is
released as, the second reads the rows as plain tuples (the SQL of a ``values_list``, fetched in chunks,
from a server-side cursor on PostgreSQL, without Django's per-value converters) and writes one row per
case. Both passes run in one transaction (on PostgreSQL at REPEATABLE READ) so they read the same cases.
Memory holds the class table and the released case ids, not the rows: 1,000,000 cases stay well under
500 MB.

What a row holds, and what it never holds, is in docs/exchange.md ("Export"): no code, name, date finer
than the year, district or free text — only the year the case was opened, sex, age band at registration,
citizenship and destination country, and flags coded from the appeal's screening answers.
"""

from __future__ import annotations

import csv
import hashlib
import io
from array import array
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast, ExtractYear, Random, Substr

from isenim.cases.models import Case
from isenim.core.disclosure import FILE_K
from isenim.core.errors import Refusal
from isenim.exchange import anonymise, ctdc
from isenim.people.models import Consent, Sex

CHUNK = 5000
DATASOURCE = "Case management"
MISSING = "-99"  # the dictionary's marker for "not recorded" (case management data)
GENDER = {Sex.FEMALE: "Female", Sex.MALE: "Male"}
GENDER_MISSING = "Unknown"
MAJORITY_MISSING = "Unknown"
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The appeal's yes/no answers behind each CTDC flag: "1" when any of them is yes, "0" when the case came
# through an appeal (the screening was asked) and none is, "-99" when there is no appeal.
MEANS_OF_CONTROL = {
    "meansOfControlDebtBondage": ("ind_debt_control",),
    "meansOfControlTakesEarnings": ("ind_wages_withheld",),
    "meansOfControlThreats": ("ind_threats_violence",),
    "meansOfControlFalsePromises": ("ind_deceived", "fact_job_deception"),
    "meansOfControlRestrictsMovement": ("ind_not_free_to_leave", "ind_isolated"),
    "meansOfControlExcessiveWorkingHours": ("ind_excessive_hours",),
    "meansOfControlWithholdsDocuments": ("ind_documents_withheld", "fact_documents_taken"),
}
# CTDC's value descriptions, for the concatenated column (codebook v7.1, variable 27).
MEANS_LABELS = {
    "meansOfControlDebtBondage": "Debt bondage",
    "meansOfControlTakesEarnings": "Takes/Withholds Earnings",
    "meansOfControlThreats": "Threats to individual or others",
    "meansOfControlFalsePromises": "False promises/deception",
    "meansOfControlRestrictsMovement": "Denied freedom of movement/kept in isolation",
    "meansOfControlExcessiveWorkingHours": "Excessive working hours",
    "meansOfControlWithholdsDocuments": "Withholds/Destroys Important Documents",
    "meansOfControlNotSpecified": "Not Specified",
}
# Forced labour: a presumed victim (appeals.rules) whose answers name the work itself — wages withheld or
# excessive hours. Isenim records no other type of exploitation: the other is* columns stay missing.
FORCED_LABOUR_SIGNS = ("ind_wages_withheld", "ind_excessive_hours")
APPEAL_ANSWERS = tuple(
    sorted({name for names in MEANS_OF_CONTROL.values() for name in names} | set(FORCED_LABOUR_SIGNS))
)

QI_FIELDS = (
    "year",
    "person__sex",
    "person__birth_year",
    "person__citizenship__iso2",
    "appeal__destination__iso2",
)
ROW_FIELDS = (
    "id",
    *QI_FIELDS,
    "appeal_id",
    "appeal__presumed_victim",
    *(f"appeal__{a}" for a in APPEAL_ANSWERS),
)


def header() -> list[str]:
    return list(ctdc.column_names())


def always_missing() -> list[str]:
    """The columns Isenim never fills (Isenim does not record what they hold)."""
    filled = {
        "yearOfRegistration",
        "Datasource",
        "gender",
        "ageBroad",
        "majorityStatus",
        "citizenship",
        "CountryOfExploitation",
        "meansOfControlNotSpecified",
        "meansOfControlConcatenated",
        "isForcedLabour",
        "typeOfExploitConcatenated",
        *MEANS_OF_CONTROL,
    }
    return [name for name in header() if name not in filled]


@dataclass
class RiskReport:
    """What the file reveals and what was done to it; ``as_json()`` is the report shipped with it."""

    k: int
    format: str
    quasi_identifiers: list[str]
    records: int  # cases considered
    rows: int  # rows written
    classes: int
    smallest_class: int | None
    largest_class: int | None
    records_dropped: int
    records_dropped_for_earlier_releases: int
    cells_generalised: int
    cells_suppressed: int
    cells_suppressed_by_column: dict[str, int]
    information_lost: float  # share of quasi-identifier cells changed (a dropped record: all of them)
    generalisations: dict
    earlier_releases_checked: int
    columns_always_missing: list[str]
    sha256: str = ""
    release_id: int | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def _year_label(level: int) -> str:
    return ("exact year", "two-year ranges", "four-year ranges")[level]


def _age_label(level: int) -> str:
    return ("CTDC age bands", "broad bands (0--17, 18--29, 30--47, 48+)", "minor or adult (0--17, 18+)")[
        level
    ]


def cases_to_export():
    """Every case, except those of people who withdrew their consent to anonymised statistics (and did
    not give it again)."""
    withdrawn = Consent.objects.filter(
        person=OuterRef("person"), purpose=Consent.Purpose.STATISTICS, withdrawn_on__isnull=False
    )
    active = Consent.objects.filter(
        person=OuterRef("person"), purpose=Consent.Purpose.STATISTICS, withdrawn_on__isnull=True
    )
    cases = Case.objects.annotate(year=_year_of("opened_on")).order_by()
    return cases.exclude(Q(Exists(withdrawn)) & ~Q(Exists(active)))


def _year_of(field: str):
    """The year of a date column, computed by the database itself (SQLite's ExtractYear is a Python
    function called for every row; its dates are ISO text, so the first four characters are the year)."""
    if connection.vendor == "sqlite":
        return Cast(Substr(field, 1, 4), IntegerField())
    return Cast(ExtractYear(field), IntegerField())  # PostgreSQL's EXTRACT answers a numeric


GENDER_OF = {sex: GENDER.get(sex) for sex in Sex.values}
BAND_OF_AGE = [ctdc.age_band(age) for age in range(150)]


def _raw_key(year, sex, birth_year, citizenship, destination) -> tuple:
    age = year - birth_year if birth_year and year else -1
    band = BAND_OF_AGE[age] if 0 <= age < 150 else None
    return (year, GENDER_OF.get(sex), band, citizenship or None, destination or None)


def _fetch(queryset, fields):
    """The rows of ``queryset.values_list(*fields)`` as the database driver gives them, in chunks."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _flag_part(answers: tuple) -> dict[str, str]:
    """The flag columns of one row, from (has appeal, presumed victim, *APPEAL_ANSWERS)."""
    has_appeal, presumed, *values = answers
    if not has_appeal:
        return {}
    yes = {name for name, value in zip(APPEAL_ANSWERS, values, strict=True) if value}
    cells = {column: ("1" if yes & set(names) else "0") for column, names in MEANS_OF_CONTROL.items()}
    specified = any(value == "1" for value in cells.values())
    cells["meansOfControlNotSpecified"] = "1" if presumed and not specified else "0"
    cells["meansOfControlConcatenated"] = ";".join(
        sorted(MEANS_LABELS[column] for column, value in cells.items() if value == "1")
    )
    if presumed and yes & set(FORCED_LABOUR_SIGNS):
        cells["isForcedLabour"] = "1"
        cells["typeOfExploitConcatenated"] = "Forced labour"
    return cells


class _Rows:
    """Builds rows; the flag columns are cached per combination of answers (a few hundred at most)."""

    def __init__(self):
        self.names = header()
        self.position = {name: i for i, name in enumerate(self.names)}
        blank = [MISSING] * len(self.names)
        for name in ("meansOfControlConcatenated", "typeOfExploitConcatenated", "typeOfLabourConcatenated"):
            blank[self.position[name]] = ""
        for name in ("typeOfSexConcatenated", "RecruiterRelationship"):
            blank[self.position[name]] = ""
        blank[self.position["Datasource"]] = DATASOURCE
        self.blank = blank
        self.cache: dict[tuple, list[str]] = {}
        self.slots = [
            self.position[name]
            for name in ("yearOfRegistration", "gender", "ageBroad", "majorityStatus", "citizenship")
        ]
        self.exploitation = self.position["CountryOfExploitation"]

    def row(self, released: tuple, answers: tuple) -> list[str]:
        base = self.cache.get(answers)
        if base is None:
            base = list(self.blank)
            for name, value in _flag_part(answers).items():
                base[self.position[name]] = value
            self.cache[answers] = base
        row = list(base)
        year, gender, age, citizenship, exploitation = released
        y, g, a, m, c = self.slots
        row[y] = year or MISSING
        row[g] = gender or GENDER_MISSING
        row[a] = age or MISSING
        row[m] = anonymise.majority(age) or MAJORITY_MISSING
        row[c] = citizenship or MISSING
        row[self.exploitation] = exploitation or MISSING
        return row


class _HashingWriter(io.RawIOBase):
    """A binary stream that passes bytes on and hashes them."""

    def __init__(self, out):
        self.out, self.digest = out, hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.out.write(data)
        return len(data)


def earlier_tables() -> list[tuple[dict, int]]:
    from isenim.exchange.models import Release

    return [
        (anonymise.table_from_json(classes), k) for classes, k in Release.objects.values_list("classes", "k")
    ]


def export_ctdc(
    stream,
    *,
    k: int,
    actor,
    recipient: str,
    purpose: str = "",
    record: bool = True,
    file_format: str = "csv",
    channel: str = "web",
    keep_file: bool = False,
) -> RiskReport:
    """Write the k-anonymised file to ``stream`` (binary; CSV may also go to a text stream) and return its
    risk report; with ``record``, save it as a Release and audit it (``keep_file``: ``stream`` is a
    BytesIO whose content the release keeps, encrypted, for downloading again). Every release, recorded
    or not, is checked against every earlier one (``anonymise.check_against``).

    Refuses (``Refusal``) a k below ``FILE_K``."""
    from django.utils.translation import gettext as _

    if k < FILE_K:
        raise Refusal(_("k must be at least %(k)d for a file that leaves the centre.") % {"k": FILE_K})
    if file_format not in FORMATS:
        raise Refusal(_("Unknown format: %(format)s.") % {"format": file_format})
    with _snapshot():
        cases = cases_to_export()
        raw_counts: dict = {}
        for *values, n in cases.values_list(*QI_FIELDS).annotate(n=Count("id")).values_list(*QI_FIELDS, "n"):
            key = _raw_key(*values)
            raw_counts[key] = raw_counts.get(key, 0) + n
        earlier = earlier_tables()
        plan = anonymise.plan(raw_counts, k)
        plan = anonymise.check_against(plan, earlier)
        case_ids = array("q")
        written: dict = {}
        rows = _Rows()

        def released_rows():
            # In random order: the order of registration would tell more than the year.
            for values in _fetch(cases.order_by(Random()), ROW_FIELDS):
                released = plan.mapping.get(_raw_key(*values[1:6]))
                if released is None:
                    continue
                case_ids.append(values[0])
                written[released] = written.get(released, 0) + 1
                yield rows.row(released, (values[6] is not None, *map(bool, values[7:])))

        sha256 = _write(stream, file_format, rows.names, released_rows())
    if written != dict(plan.classes):  # the two passes read the same cases: this is a bug if it happens
        raise RuntimeError("the classes written differ from the classes planned")
    report = _report(plan, file_format, len(earlier), sha256, len(case_ids))
    if record:
        from isenim.exchange.services import record_release

        release = record_release(
            actor=actor,
            recipient=recipient,
            purpose=purpose,
            report=report,
            classes=anonymise.table_to_json(plan.classes),
            case_ids=case_ids.tolist(),
            channel=channel,
            file_type=file_format,
            content=stream.getvalue() if keep_file else None,
        )
        report.release_id = release.pk
    return report


def _snapshot():
    """One transaction for both passes; on PostgreSQL at REPEATABLE READ (one snapshot for both)."""
    atomic = transaction.atomic()
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return atomic

    class _Repeatable:
        def __enter__(self):
            atomic.__enter__()
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

        def __exit__(self, *exc):
            return atomic.__exit__(*exc)

    return _Repeatable()


def _write(stream, file_format: str, names: list[str], rows) -> str:
    """Write the rows; answer the file's sha256."""
    if file_format == "xlsx":
        from isenim.core.spreadsheets import write_xlsx

        if not (hasattr(stream, "seekable") and stream.seekable()):
            # openpyxl's ZIP wants to seek: finish it in memory, then pass it on
            buffer = io.BytesIO()
            write_xlsx(buffer, names, rows, title="CTDC")
            stream.write(buffer.getvalue())
            return hashlib.sha256(buffer.getvalue()).hexdigest()
        start = stream.tell()
        write_xlsx(stream, names, rows, title="CTDC")
        stream.seek(start)
        digest = hashlib.sha256()
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
        return digest.hexdigest()
    # Every value comes from a fixed vocabulary (codes, years, CTDC's labels): ASCII, no formula, no BOM.
    if isinstance(stream, io.TextIOBase):
        digest = hashlib.sha256()
        writer = csv.writer(_TextHashing(stream, digest), lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(rows)
        return digest.hexdigest()
    hashing = _HashingWriter(stream)
    text = io.TextIOWrapper(io.BufferedWriter(hashing, 1 << 16), encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows(rows)
    text.flush()
    text.detach()
    return hashing.digest.hexdigest()


class _TextHashing:
    def __init__(self, out, digest):
        self.out, self.digest = out, digest

    def write(self, text: str):
        self.digest.update(text.encode("utf-8"))
        return self.out.write(text)


def _report(plan, file_format: str, checked: int, sha256: str, rows: int) -> RiskReport:
    sizes = list(plan.classes.values())
    return RiskReport(
        k=plan.k,
        format=f"ctdc-{file_format}",
        quasi_identifiers=[*anonymise.QI_NAMES, "majorityStatus"],
        records=plan.records,
        rows=rows,
        classes=len(sizes),
        smallest_class=min(sizes) if sizes else None,
        largest_class=max(sizes) if sizes else None,
        records_dropped=plan.records_dropped,
        records_dropped_for_earlier_releases=plan.dropped_for_releases,
        cells_generalised=plan.cells_generalised,
        cells_suppressed=plan.cells_suppressed,
        cells_suppressed_by_column=plan.suppressed_by_qi,
        information_lost=round(plan.information_lost, 6),
        generalisations={
            "yearOfRegistration": _year_label(plan.year_level),
            "ageBroad": _age_label(plan.age_level),
            "citizenship": plan.countries_generalised.get("citizenship", {}),
            "CountryOfExploitation": plan.countries_generalised.get("CountryOfExploitation", {}),
        },
        earlier_releases_checked=checked,
        columns_always_missing=always_missing(),
        sha256=sha256,
    )
