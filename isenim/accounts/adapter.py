from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import translate_url

from isenim.core.crypto import decrypt_text, encrypt_text

TOTP_CONTEXT = "mfa.totp-secret"


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are made by an administrator, never by signing up."""

    def get_login_redirect_url(self, request):
        # After sign-in, staff land on their dashboard in the interface language they chose.
        url = super().get_login_redirect_url(request)
        language = getattr(request.user, "language", "")
        return translate_url(url, language) if language else url

    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A person enrolling their first second factor has just typed their password to get here (the
        # enrolment gate lets them nowhere else); asking for it again would only add friction.
        from isenim.accounts.middleware import has_second_factor

        user = getattr(getattr(self, "request", None), "user", None)
        if (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not has_second_factor(user)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class StaffMFAAdapter(DefaultMFAAdapter):
    """Keeps TOTP secrets encrypted with the application key ring instead of in clear."""

    def encrypt(self, text: str) -> str:
        return encrypt_text(text, context=TOTP_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text, context=TOTP_CONTEXT)

    def get_totp_issuer(self) -> str:
        return "Isenim"
