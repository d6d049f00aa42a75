"""Audit of sign-in events, and the record of each staff session. These writes happen inside allauth and
Django, not in a service of ours, so their signals are the only place to record them (docs/decisions.md)."""

from allauth.account.signals import user_logged_in, user_logged_out
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as django_auth
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from isenim.accounts import sessions
from isenim.core.audit import record_event
from isenim.core.crypto import blind_index


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    record_event(actor=user, action="auth.sign_in", target=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, action="auth.sign_out", target=user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    """What was typed as the username is never stored: people type their password there by mistake. A
    keyed hash lets the director see that the same text was tried again; an existing account is named."""
    typed = str(credentials.get("username") or credentials.get("login") or "").strip()
    account = get_user_model().objects.filter(username__iexact=typed).first() if typed else None
    record_event(
        actor=None,
        action="auth.sign_in_failed",
        target=account,
        target_type="accounts.user",
        after={"typed": blind_index(typed.casefold(), purpose="failed sign-in")[:16] if typed else ""},
    )


@receiver(authentication_failed)
def audit_failed_second_factor(sender, request, user, authenticator, reauthentication=False, **kwargs):
    record_event(
        actor=user,
        action="auth.second_factor_failed",
        target=user,
        after={"type": authenticator.type, "reauthentication": bool(reauthentication)},
    )


@receiver(authenticator_added)
def audit_authenticator_added(sender, request, user, authenticator, **kwargs):
    record_event(
        actor=user, action="auth.second_factor_added", target=user, after={"type": authenticator.type}
    )


@receiver(authenticator_removed)
def audit_authenticator_removed(sender, request, user, authenticator, **kwargs):
    record_event(
        actor=user, action="auth.second_factor_removed", target=user, after={"type": authenticator.type}
    )


@receiver(django_auth.user_logged_in)
def track_session(sender, request, user, **kwargs):
    """Every sign-in (the real one, and a test client's) gets its sign-in time and its session row."""
    if request is not None and hasattr(request, "session"):
        sessions.record_sign_in(request, user)


@receiver(django_auth.user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if request is not None:
        sessions.forget(request)
