"""Background work of the accounts app, run by the task worker."""

from importlib import import_module

from django.conf import settings
from django_tasks import task

from isenim.accounts.sessions import forget_ended


@task()
def delete_expired_sessions() -> None:
    """Expired sessions are deleted, so they do not pile up in the database and in every backup of it."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    forget_ended()  # and the rows that described them (staff sessions)
