"""Every write to the case file: keyword-only arguments, ``actor=``, one transaction, one audit event.

One module per part of the case file; ``cases.py`` holds the case itself, its team, status and approvals.
A refused change raises ``CaseRuleError`` (a ``core.errors.Refusal``) with a translated message the page
shows as it is.
"""

from isenim.core.errors import Refusal


class CaseRuleError(Refusal):
    """A change the case's rules refuse (an invalid transition, a referral without consent…)."""
