from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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


class AccountChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=AccountChange.State.PENDING)


class AccountChange(models.Model):
    """A change to a staff account that takes two people (docs/protection.md): the administrator proposes
    it, a director confirms or refuses it. Until then the account keeps its old role (a new account has
    none) and no one-time code exists. A confirmed new account or reset carries the hash of the one-time
    code with which the member sets their own password; the code itself is never stored."""

    class Kind(models.TextChoices):
        CREATE = "create", _("New account")
        ROLE = "role", _("Role change")
        RESET = "reset", _("New password and second factor")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Delivery(models.TextChoices):
        EMAIL = "email", _("by e-mail to the member")
        HAND_OVER = "hand_over", _("handed over by the director")
        CONSOLE = "console", _("printed on the server's console")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="account_changes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    role = models.CharField(_("proposed role"), max_length=32, choices=Role.choices, blank=True)
    previous_role = models.CharField(_("role before"), max_length=32, choices=Role.choices, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    delivery = models.CharField(_("one-time code"), max_length=16, choices=Delivery.choices, blank=True)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)
    code_used_at = models.DateTimeField(_("code used"), null=True, blank=True)

    objects = AccountChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "proposed_at"], name="accounts_change_state"),
            models.Index(fields=["user", "state"], name="accounts_change_user"),
        ]
        constraints = [
            # One open proposal of each kind per account: a new one replaces (withdraws) the old.
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(state="pending"),
                name="accounts_change_one_pending",
            )
        ]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.user}"

    @property
    def gives_a_code(self) -> bool:
        return self.kind in (self.Kind.CREATE, self.Kind.RESET)

    @property
    def concerns_a_director(self) -> bool:
        return Role.DIRECTOR in (self.role, self.user.role)

    def code_state(self) -> str:
        """For the lists: whether the member has used the code yet (never the code)."""
        if not self.code_hash:
            return ""
        if self.code_used_at:
            return "used"
        if self.code_expires_at and self.code_expires_at <= timezone.now():
            return "expired"
        return "waiting"


class StaffSession(models.Model):
    """A signed-in session of a member of staff, so that they (and the administrator, for a lost phone) can
    see and end it. Holds what the member of staff needs to recognise it, nothing about the people in the
    records; the last activity is read from Django's own sessions table."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(_("signed in"), default=timezone.now)
    client_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    agent = models.CharField(_("browser"), max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.started_at:%Y-%m-%d %H:%M}"
