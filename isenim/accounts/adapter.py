import time
from datetime import UTC, datetime

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.urls import translate_url

from isenim.accounts.middleware import SECOND_FACTORS
from isenim.accounts.sessions import SIGNED_IN_AT
from isenim.core.crypto import decrypt_text, encrypt_text

TOTP_CONTEXT = "mfa.totp-secret"


def signed_in_recently(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    newest = max((record.get("at", 0) for record in records), default=0)
    return time.time() - newest < account_settings.REAUTHENTICATION_TIMEOUT


# Pages that only show the recovery codes made at the first enrolment (not "generate": that replaces them).
RECOVERY_CODE_PAGES = frozenset({"mfa_view_recovery_codes", "mfa_download_recovery_codes"})


def enrolling_first_factor(request) -> bool:
    """No second factor yet; or the recovery-code pages when every second factor of the account was added
    in this session, after its sign-in (the enrolment the middleware sent the member to)."""
    factors = Authenticator.objects.filter(user=request.user, type__in=SECOND_FACTORS)
    if not factors.exists():
        return True
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in RECOVERY_CODE_PAGES:
        return False
    signed_in_at = datetime.fromtimestamp(request.session.get(SIGNED_IN_AT, 0), tz=UTC)
    return not factors.filter(created_at__lt=signed_in_at).exists()


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
        # Right after signing in, the first enrolment of a second factor (and a look at the recovery codes
        # it just made) needs no second password prompt: the sign-in itself is the proof. Removing,
        # replacing or adding to a second factor that exists, or making new recovery codes, always asks
        # for the password again (a reauthentication, not the sign-in): a session left open on a shared
        # computer must not be enough to take over the second factor. Account changes always ask.
        request = getattr(self, "request", None)
        if (
            app == "allauth.mfa"
            and request is not None
            and signed_in_recently(request)
            and enrolling_first_factor(request)
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
