import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import translate_url

from isenim.core.crypto import decrypt_text, encrypt_text

TOTP_CONTEXT = "mfa.totp-secret"


def signed_in_recently(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    newest = max((record.get("at", 0) for record in records), default=0)
    return time.time() - newest < account_settings.REAUTHENTICATION_TIMEOUT


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
        # Second-factor pages (first enrolment, viewing the recovery codes it made) right after signing in
        # need no second password prompt: the sign-in itself is the proof. Account changes always ask.
        request = getattr(self, "request", None)
        if app == "allauth.mfa" and request is not None and signed_in_recently(request):
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
