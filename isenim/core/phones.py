"""One rule for a phone number typed into any form (the public /ask/ form and every staff form).

Digits with spaces, brackets, dots or dashes, a + in front allowed, 9 to 15 digits (ITU E.164). Stored
normalised: the digits only, with the + kept; an Uzbek number written without the country code (nine
digits, "90 123 45 67") gets +998, one written 998… or 00… gets its +.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]+$")
PHONE_MESSAGE = _("Write the phone number with digits only (9 to 15 digits), a + in front is allowed.")
UZ_LOCAL_DIGITS = 9


SHORT_MESSAGE = _(
    "Write the phone number with digits only: a short number of 3 to 6 digits (102), or 9 to 15 digits, "
    "a + in front is allowed."
)


def normalise_phone(text: str, *, short_codes: bool = False) -> str:
    """The number as stored ("" for nothing typed); ``forms.ValidationError`` when it is not a number.
    ``short_codes``: a hotline may be a short number (102, 1146), kept as typed."""
    phone = (text or "").strip()
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if short_codes and phone.isdigit() and 3 <= len(digits) <= 6:
        return digits
    if not PHONE_RE.match(phone) or not 9 <= len(digits) <= 15:
        raise forms.ValidationError(SHORT_MESSAGE if short_codes else PHONE_MESSAGE, code="phone")
    if phone.startswith("+"):
        return "+" + digits
    if digits.startswith("00") and len(digits) > 11:
        return "+" + digits[2:]
    if len(digits) == UZ_LOCAL_DIGITS:
        return "+998" + digits
    if digits.startswith("998") and len(digits) == 12:
        return "+" + digits
    return digits
