"""Form pieces every app uses."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) whatever the interface language:
    a localised date ("27-ноябрь, 2026") would leave the picker empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# The largest key a table holds (keys are 64-bit on PostgreSQL and SQLite alike). A longer number typed into a
# form or a query string fails in the database (SQLite: "Python int too large"), not as a missing record.
MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    """A record's key sent by a browser (a form field, a query parameter): None for a missing, malformed or
    impossible one, which then finds nothing instead of reaching the database."""
    try:
        value = int(str(raw).strip()) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and 0 < value <= MAX_ID else None


def not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
