"""Reads of the guide app; consultation reads start from ``cases_for(user, perm)``."""

from isenim.guide.selectors.consultations import (  # noqa: F401
    consultation_for,
    consultations_of,
)
from isenim.guide.selectors.items import (  # noqa: F401
    GuideText,
    destination_countries,
    hotlines,
    missions_of,
    public_item_queryset,
    published_items,
    staff_destination,
    staff_destinations,
    staff_hotlines,
    staff_item,
    staff_items,
    staff_missions,
)
