from django import template

register = template.Library()


@register.filter
def uzs(value) -> str:
    """A whole sum of UZS with thin groups: 1 250 000."""
    if value in (None, ""):
        return "—"
    try:
        return f"{int(value):,}".replace(",", "\u00a0")
    except (TypeError, ValueError):
        return str(value)


@register.filter
def answer(record, field: str):
    """One indicator's answer of a follow-up (``{{ follow_up|answer:"econ_income" }}``)."""
    return getattr(record, field, "")
