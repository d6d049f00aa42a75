from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404

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
