"""Exporting the registry with personal data (``isenim export-people`` and the director's web export).

Every export is recorded as an access event before the first byte leaves. Text cells are escaped
against formula injection by ``core.spreadsheets``.
"""

from collections.abc import Iterator
from datetime import date

from django.utils import timezone

from isenim.core.audit import record_access
from isenim.core.spreadsheets import iter_csv, write_csv, write_xlsx
from isenim.people.models import Person, Sex

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# The import's column names where they mean the same, so an export can be checked against a new list.
HEADER = [
    "code",
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "birth_year",
    "sex",
    "phone",
    "home_district",
    "external_id",
    "registered",
]


def people_to_export():
    """Everyone in the registry except records merged into another."""
    return Person.objects.filter(merged_into=None).select_related("home_district").order_by("code")


def _birth_date(text: str | None):
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def export_rows(people, *, language: str) -> Iterator[list]:
    """One row per person, in the order of ``HEADER``; dates stay dates (XLSX writes them as dates)."""
    for person in people.iterator(chunk_size=500):
        identity = person.identity
        yield [
            person.code,
            identity.get("last_name", ""),
            identity.get("first_name", ""),
            identity.get("middle_name", ""),
            _birth_date(identity.get("birth_date")),
            # Many people know only their year of birth (or it is approximate): export it on its own.
            person.birth_year or "",
            "" if person.sex == Sex.UNKNOWN else person.sex,
            "; ".join(identity.get("phones") or []),
            person.home_district.name(language) if person.home_district else "",
            person.external_id,
            timezone.localtime(person.created_at).date(),
        ]


def record_export(*, actor, file_format: str, count: int, channel: str) -> None:
    """The access event of one export; ``channel`` says where it went ("web", or "cli:root")."""
    record_access(
        actor=actor,
        kind="export",
        target_type="people.person",
        detail=f"export-people {file_format}: {count} people; {channel}",
    )


def file_name(file_format: str) -> str:
    return f"isenim-people-{timezone.localdate().isoformat()}.{file_format}"


def write_export(out, *, file_format: str, language: str, people=None) -> int:
    """Write the export to ``out`` (text stream with ``newline=""`` for CSV, binary for XLSX)."""
    people = people_to_export() if people is None else people
    rows = export_rows(people, language=language)
    if file_format == "csv":
        return write_csv(out, HEADER, rows)
    return write_xlsx(out, HEADER, rows, title="people")


def iter_export_csv(*, language: str, people=None) -> Iterator[str]:
    """The CSV line by line, for streaming to a browser."""
    people = people_to_export() if people is None else people
    return iter_csv(HEADER, export_rows(people, language=language))
