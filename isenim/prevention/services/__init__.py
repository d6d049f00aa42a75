"""Every write of the prevention app goes through a service here, with its audit event."""

from isenim.core.errors import Refusal


class PreventionError(Refusal):
    """A prevention rule refused the change (no stock left, an end before a start…)."""
