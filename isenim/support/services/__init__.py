"""Every write of the support app: keyword-only arguments, ``actor=``, one transaction, one audit event.

A refused change raises ``isenim.cases.services.CaseRuleError`` (the case file's error) with a translated
message the page shows as it is.
"""

SEALED = "sealed"


def check_open(case, message: str) -> None:
    from isenim.cases.services import CaseRuleError

    if case.is_closed:
        raise CaseRuleError(message)
