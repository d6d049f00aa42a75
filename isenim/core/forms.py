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


def not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
