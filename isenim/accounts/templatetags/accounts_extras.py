from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from django import template

register = template.Library()


@register.filter
def has_security_key(user) -> bool:
    """Offer the security-key button only to people who have registered a key."""
    if user is None or user.pk is None:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()


@register.simple_tag
def security_keys_enabled() -> bool:
    """Security keys and passkeys (WebAuthn) are offered as a second factor (MFA_SUPPORTED_TYPES)."""
    return "webauthn" in mfa_settings.SUPPORTED_TYPES
