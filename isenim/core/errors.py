"""The one way a service refuses: ``Refusal`` carries a translated message a person can act on.

Services raise it for a business rule (a closed case, a transition the workflow does not allow, a budget
that would go below zero); views catch ``Refusal`` (never ``ValueError`` or ``ValidationError``) and show
the message as it is, in one of two ways:

- a page with a form re-renders it with the message as a non-field error (``refusal_in_form``), so what
  was typed is kept;
- a button (a post-only view) shows the message on the next page (``refusal_message``) and redirects.

Apps may keep a thin subclass that says whose rule it is (``cases.services.CaseRuleError``,
``reintegration.services.ReintegrationError``); nothing catches the subclasses separately, except a
subclass that carries more than a message (``cases.services.referrals.ConsentMissing``: where to record
the missing consent). Programming errors stay ``ValueError``/``TypeError``: they are bugs, not refusals.
"""

from django.contrib import messages


class Refusal(Exception):
    """A change the rules refuse. ``str(error)`` is the translated message for the page."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def refusal_message(request, error: Refusal) -> None:
    """Show a refusal on the next page as an error message (buttons: the view redirects after this)."""
    messages.error(request, str(error))


def refusal_in_form(form, error: Refusal) -> None:
    """Show a refusal on the form's page again, above its fields, keeping what was typed."""
    form.add_error(None, str(error))
