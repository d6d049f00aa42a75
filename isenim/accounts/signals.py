"""Audit of sign-in events. These writes happen inside allauth and Django, not in a service of ours,
so their signals are the only place to record them (see docs/decisions.md)."""

from allauth.account.signals import user_logged_in, user_logged_out
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from isenim.core.audit import record_event


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    record_event(actor=user, action="auth.sign_in", target=user)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, action="auth.sign_out", target=user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # The typed username is kept (it may be a mistyped real one); the password never is.
    username = str(credentials.get("username") or credentials.get("login") or "")[:150]
    record_event(
        actor=None, action="auth.sign_in_failed", target_type="accounts.user", after={"username": username}
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
