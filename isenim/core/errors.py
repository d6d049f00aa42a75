"""The one way a service refuses: ``Refusal`` carries a translated message a person can act on.

Services raise it for a business rule (a closed case, a transition the workflow does not allow, a budget
that would go below zero); views catch it in one place (``refusal_message``) and show the message as it
is. Programming errors stay ``ValueError``/``TypeError``: they are bugs, not refusals.
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
    """Show a refusal on the next page as an error message (the same for every view)."""
    messages.error(request, str(error))
