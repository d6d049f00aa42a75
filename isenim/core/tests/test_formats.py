"""Dates read the same in every language of the interface: day first (issue 18)."""

from datetime import date

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_short_date_is_day_first_in_every_language(language):
    with translation.override(language):
        assert date_format(date(2026, 12, 7), "SHORT_DATE_FORMAT") == "07.12.2026"


def test_the_english_long_date_is_day_first():
    with translation.override("en"):
        assert date_format(date(2026, 12, 7), "DATE_FORMAT") == "7 December 2026"
