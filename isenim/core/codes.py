"""Pseudonymous record codes such as ISN-2026-00042: a prefix, the year, a number that never repeats."""

from django.db import transaction
from django.utils import timezone

from isenim.core.models import CodeCounter


@transaction.atomic
def next_code(prefix: str, *, width: int = 5) -> str:
    year = timezone.localdate().year
    counter, _created = CodeCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:0{width}d}"


@transaction.atomic
def reserve_codes(prefix: str, count: int, *, width: int = 5) -> list[str]:
    """A block of consecutive codes in one lock, for imports."""
    year = timezone.localdate().year
    counter, _created = CodeCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [f"{prefix}-{year}-{number:0{width}d}" for number in range(first, first + count)]
