from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.translation import gettext as _

from isenim.accounts import sessions
from isenim.core.audit import record_event

# Pages a signed-in user without a second factor may still open: enrolment itself and signing out.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_add_webauthn",
        "account_logout",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "set_language",
    }
)
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class RequireSecondFactorMiddleware:
    """Every staff account must have a second factor: until it has one, every page leads to enrolment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not self._exempt(request)
            and not has_second_factor(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        if request.path_info.startswith("/static/"):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.url_name in ENROLMENT_URL_NAMES


class SessionLifetimeMiddleware:
    """Besides the idle timeout (SESSION_COOKIE_AGE), a session ends ISENIM_SESSION_MAX_HOURS after sign-in
    however active it is: a session cookie taken from a computer left signed in cannot be used for days.
    The sign-in time is in the session itself, so this costs no query; after the response, the session's
    row follows a new session key (a password change cycles it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and sessions.is_too_old(request):
            record_event(actor=user, action="auth.session_expired", target=user)
            logout(request)
            messages.info(
                request, _("Your session reached the longest time a session may last. Please sign in again.")
            )
            return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        sessions.follow_new_key(request)
        return response
