"""Forms of the guide: items, missions, hotlines, "ask us", pre-departure consultations."""

from isenim.guide.forms.consultations import (  # noqa: F401
    ConsultationForm,
    destinations,
    memo_language,
    memo_language_choices,
)
from isenim.guide.forms.items import (  # noqa: F401
    ASK_SALT,
    LANGUAGE_LABELS,
    MAX_SECONDS,
    MIN_SECONDS,
    PHONE_RE,
    TELEGRAM_RE,
    AskForm,
    CleanCharField,
    GuideItemForm,
    HotlineForm,
    MissionForm,
    ReturnForm,
    new_timestamp,
    strip_controls,
)
