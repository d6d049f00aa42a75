from allauth.mfa.models import Authenticator
from django import template

register = template.Library()


@register.filter
def has_security_key(user) -> bool:
    """Offer the security-key button only to people who have registered a key."""
    if user is None or user.pk is None:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
