"""Template helpers for counts published through ``core.disclosure``.

``{{ cell }}`` already shows a ``Published`` as the number or "fewer than k"; ``{{ cell|count_title }}`` is
its longer form for a ``title`` or an ``aria-label``; ``{{ part|percent_of:whole }}`` a percentage computed
from published counts only ("—" otherwise, so a hidden count cannot be worked back from a rate)."""

from django import template
from django.utils.formats import number_format

from isenim.core.disclosure import Published, rate

register = template.Library()

NOT_SHOWN = "—"


@register.filter
def percent_of(part, whole, digits: int = 0) -> str:
    value = rate(part, whole)
    if value is None:
        return NOT_SHOWN
    return f"{number_format(round(value * 100, digits), digits)} %"


@register.filter
def count_title(count) -> str:
    return count.label if isinstance(count, Published) else str(count)
