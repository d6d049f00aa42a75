from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from isenim.core.access import Role


class User(AbstractUser):
    """A member of staff. Exactly one role; the access policy in core/access.py says what it allows."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    language = models.CharField(_("interface language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def display_name(self) -> str:
        return self.get_full_name() or self.username
