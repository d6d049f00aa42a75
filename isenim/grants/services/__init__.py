"""Every write of the grants app goes through a service here, with its audit event."""

from isenim.core.errors import Refusal


class GrantError(Refusal):
    """A grant rule refused the change (a frozen period, a target outside the project…)."""
