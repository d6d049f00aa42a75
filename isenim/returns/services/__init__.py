"""Every write of the returns app: keyword-only arguments, ``actor=``, one transaction, one audit event.

Each one passes the closed-case guard first (``cases.guards.lock_open_case``); a refused change raises
``isenim.cases.services.CaseRuleError`` (a ``core.errors.Refusal``) with a translated message the page shows.
"""
