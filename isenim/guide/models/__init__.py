"""Models of the guide: destinations, items and versions, missions, hotlines, consultations."""

from isenim.guide.models.consultations import (  # noqa: F401
    CHECKLIST_FIELDS,
    Consultation,
    OfferSource,
)
from isenim.guide.models.items import (  # noqa: F401
    TEXT_LANGUAGES,
    Destination,
    GuideItem,
    GuideItemVersion,
    GuideStatus,
    GuideTexts,
    Hotline,
    Mission,
    Topic,
    localised,
)
