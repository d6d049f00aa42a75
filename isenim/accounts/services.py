"""Every change to staff accounts: one transaction each, with its audit event.

Two people for every way into an account (docs/protection.md). The administrator *proposes* a new account,
a role that reads case content (or the administrator's own role) and a new password with a new second
factor; a director *confirms* or *refuses* (a change that concerns a director: another director, or an
administrator named in ISENIM_SECOND_ADMINISTRATORS). The administrator never sets, sees or receives a
password or a code: a confirmed new account or reset gets a one-time code, which goes to the member by
e-mail or is handed over by the director, and with which the member sets their own password before
enrolling a new second factor. Only the console (``isenim create-director``) and the demo make accounts
that are ready at once.
"""

import hmac
import secrets
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from isenim.accounts import sessions
from isenim.accounts.models import AccountChange
from isenim.core.access import CASEWORK, Perm, Role, require, role_of
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.errors import Refusal

User = get_user_model()
PROFILE_FIELDS = ["username", "first_name", "last_name", "email", "role", "is_active", "language"]
CHANGE_FIELDS = ["user_id", "kind", "role", "previous_role", "state", "delivery"]
# Roles that read case content, and the administrator's (who proposes these changes): giving one takes a
# director's confirmation. Other role changes (to the prevention or M&E officer) apply at once.
ROLES_NEEDING_CONFIRMATION = CASEWORK | {Role.ADMINISTRATOR}
# One-time codes: 16 characters of an alphabet without look-alikes (80 bits), shown in groups of four.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


def needs_confirmation(role) -> bool:
    return bool(role) and Role(role) in ROLES_NEEDING_CONFIRMATION


def is_second_administrator(user) -> bool:
    """An administrator named at installation (ISENIM_SECOND_ADMINISTRATORS) to confirm directors."""
    names = {name.strip().casefold() for name in settings.ISENIM_SECOND_ADMINISTRATORS.split(",")}
    return role_of(user) == Role.ADMINISTRATOR and user.username.casefold() in names - {""}


def may_decide(user, change: AccountChange) -> bool:
    """Who confirms or refuses ``change``: never the person who proposed it, never the account concerned;
    a director; for a change concerning a director, also a named second administrator."""
    if user.pk in (change.proposed_by_id, change.user_id):
        return False
    role = role_of(user)
    if role == Role.DIRECTOR:
        return True
    return change.concerns_a_director and is_second_administrator(user)


# --- Proposals (the administrator) ---------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    role: Role,
    email: str = "",
    language: str = "",
) -> User:
    """A new account proposed by the administrator: no role and no usable password until a director
    confirms it; then the member gets a one-time code to set their own password."""
    require(actor, Perm.MANAGE_ACCOUNTS)
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, language=language, role=""
    )
    user.set_unusable_password()
    user.save()
    record_event(actor=actor, action="user.create", target=user, after=snapshot(user, PROFILE_FIELDS))
    _propose(actor=actor, user=user, kind=AccountChange.Kind.CREATE, role=role)
    return user


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    first_name: str,
    last_name: str,
    role: Role,
    is_active: bool,
    email: str = "",
    language: str = "",
) -> AccountChange | None:
    """Profile fields change at once. A role that needs confirmation is proposed (the old role stays until
    a director confirms; the pending change is returned); switching an account off ends its sessions."""
    require(actor, Perm.MANAGE_ACCOUNTS)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user == actor and (role != user.role or not is_active):
        raise Refusal(_("You cannot change your own role or switch off your own account."))
    before = snapshot(user, PROFILE_FIELDS)
    switched_off = user.is_active and not is_active
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_active, user.language = is_active, language
    proposal = None
    pending = AccountChange.objects.pending().filter(user=user, kind=AccountChange.Kind.ROLE).first()
    creation = AccountChange.objects.pending().filter(user=user, kind=AccountChange.Kind.CREATE).first()
    if creation is not None:  # a new account not confirmed yet: its proposal changes
        if role != creation.role:
            proposal = _propose(actor=actor, user=user, kind=AccountChange.Kind.CREATE, role=role)
    elif role == user.role:
        if pending is not None:  # proposed back to what it is: nothing to confirm any more
            _withdraw(actor=actor, change=pending)
    elif needs_confirmation(role):
        proposal = _propose(actor=actor, user=user, kind=AccountChange.Kind.ROLE, role=role)
    else:
        if pending is not None:
            _withdraw(actor=actor, change=pending)
        user.role = role
    user.save(update_fields=["first_name", "last_name", "email", "role", "is_active", "language"])
    record_change(actor=actor, action="user.update", target=user, before=before)
    if switched_off:
        sessions.sessions_end_all(actor=actor, user=user)
    return proposal


@transaction.atomic
def user_propose_reset(*, actor, user: User) -> AccountChange:
    """For a forgotten password or a lost phone: once a director confirms, the old password and every
    second factor are removed, every session ends, and the member sets new ones with a one-time code."""
    require(actor, Perm.MANAGE_ACCOUNTS)
    pending = AccountChange.objects.pending().filter(user=user, kind=AccountChange.Kind.RESET).first()
    if pending is not None:
        return pending
    return _propose(actor=actor, user=user, kind=AccountChange.Kind.RESET, role="")


def _propose(*, actor, user: User, kind: str, role: str) -> AccountChange:
    if user.pk == actor.pk:
        raise Refusal(_("A change to your own account must be proposed by another administrator."))
    pending = AccountChange.objects.pending().filter(user=user, kind=kind).first()
    if pending is not None:
        _withdraw(actor=actor, change=pending)
    change = AccountChange.objects.create(
        user=user, kind=kind, role=role, previous_role=user.role, proposed_by=actor
    )
    record_event(
        actor=actor, action="account_change.propose", target=change, after=snapshot(change, CHANGE_FIELDS)
    )
    return change


def _withdraw(*, actor, change: AccountChange) -> None:
    before = snapshot(change, CHANGE_FIELDS)
    change.state = AccountChange.State.WITHDRAWN
    change.decided_by, change.decided_at = actor, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    record_change(actor=actor, action="account_change.withdraw", target=change, before=before)


# --- Decisions (a director) ----------------------------------------------------------------------------


def _lock_pending(actor, change: AccountChange) -> AccountChange:
    change = AccountChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    if change.state != AccountChange.State.PENDING:
        raise Refusal(_("This change has already been decided."))
    if not may_decide(actor, change):
        raise Refusal(_("You may not decide this change: ask a director who did not propose it."))
    return change


@transaction.atomic
def change_confirm(*, actor, change: AccountChange, delivery: str = "") -> tuple[AccountChange, str | None]:
    """Apply a proposed change. For a new account or a reset, returns the one-time code: the caller sends it
    to the member (``send_code``) or shows it to the director who confirmed, and to no one else."""
    change = _lock_pending(actor, change)
    user = User.objects.select_for_update().get(pk=change.user_id)
    before = snapshot(change, CHANGE_FIELDS)
    code = None
    if change.gives_a_code:
        if delivery not in (AccountChange.Delivery.EMAIL, AccountChange.Delivery.HAND_OVER):
            raise Refusal(_("Choose how the member gets the one-time code."))
        if delivery == AccountChange.Delivery.EMAIL and not user.email:
            raise Refusal(_("This account has no e-mail address: hand the code over yourself."))
        change.delivery = delivery
    if change.kind in (AccountChange.Kind.CREATE, AccountChange.Kind.ROLE):
        user.role = change.role
        user.save(update_fields=["role"])
    if change.kind == AccountChange.Kind.RESET:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Authenticator.objects.filter(user=user).delete()
        sessions.sessions_end_all(actor=actor, user=user, reason="auth.sessions_ended_by_reset")
    if change.gives_a_code:
        code = _issue_code(change)
    change.state = AccountChange.State.CONFIRMED
    change.decided_by, change.decided_at = actor, timezone.now()
    change.save()
    record_change(actor=actor, action="account_change.confirm", target=change, before=before, always=True)
    return change, code


@transaction.atomic
def change_refuse(*, actor, change: AccountChange) -> AccountChange:
    """Refuse a proposal: nothing changes, and a refused new account is switched off for good."""
    change = _lock_pending(actor, change)
    before = snapshot(change, CHANGE_FIELDS)
    change.state = AccountChange.State.REFUSED
    change.decided_by, change.decided_at = actor, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    record_change(actor=actor, action="account_change.refuse", target=change, before=before)
    if change.kind == AccountChange.Kind.CREATE:
        User.objects.filter(pk=change.user_id).update(is_active=False)
    return change


# --- One-time codes ------------------------------------------------------------------------------------


def _code_hash(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return salted_hmac("isenim.accounts.one-time-code", normalised, algorithm="sha256").hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _issue_code(change: AccountChange) -> str:
    """A new code for the member of ``change``; any code issued before for the account stops working."""
    now = timezone.now()
    AccountChange.objects.filter(
        user_id=change.user_id, code_used_at__isnull=True, code_expires_at__gt=now
    ).update(code_expires_at=now)
    code = _new_code()
    change.code_hash = _code_hash(code)
    change.code_expires_at = now + timedelta(hours=settings.ISENIM_ACCOUNT_CODE_HOURS)
    return code


def send_code(*, actor, change: AccountChange, code: str) -> bool:
    """E-mail the one-time code to the member, in their interface language. False when it could not go."""
    user = change.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "member": user,
            "kind": change.kind,
            "code": code,
            "url": settings.ISENIM_SITE_URL.rstrip("/") + reverse("account_use_code"),
            "valid_until": change.code_expires_at,
        }
        subject = render_to_string("accounts/email/code_subject.txt", context).strip()
        body = render_to_string("accounts/email/code_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError:
        record_event(actor=actor, action="account_code.not_sent", target=change)
        return False
    return True


@transaction.atomic
def create_ready_account(
    *,
    username: str,
    first_name: str,
    last_name: str,
    role: Role,
    password: str | None = None,
    email: str = "",
    language: str = "",
    operator: str = "",
) -> tuple[User, str | None]:
    """The console (``isenim create-director``) and the demo only: an account whose role is confirmed by
    whoever runs the server. Without a password it gets a one-time code (returned, printed once)."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
        role=role,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    after = snapshot(user, PROFILE_FIELDS)
    if operator:
        after["operator"] = operator
    record_event(actor=None, action="user.create_ready", target=user, after=after)
    code = None
    if not password:
        change = AccountChange(
            user=user,
            kind=AccountChange.Kind.CREATE,
            role=role,
            state=AccountChange.State.CONFIRMED,
            decided_at=timezone.now(),
            delivery=AccountChange.Delivery.CONSOLE,
        )
        code = _issue_code(change)
        change.save()
        record_event(
            actor=None, action="account_change.confirm", target=change, after=snapshot(change, CHANGE_FIELDS)
        )
    return user, code


@transaction.atomic
def reset_from_console(*, user: User, operator: str = "") -> str:
    """The console only (``isenim create-director USERNAME --new-code``): a reset confirmed by whoever runs
    the server, for when no second person can confirm one in the web (the only director lost their phone)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    AccountChange.objects.pending().filter(user=user, kind=AccountChange.Kind.RESET).update(
        state=AccountChange.State.WITHDRAWN, decided_at=timezone.now()
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    Authenticator.objects.filter(user=user).delete()
    sessions.sessions_end_all(actor=None, user=user, reason="auth.sessions_ended_by_reset")
    change = AccountChange(
        user=user,
        kind=AccountChange.Kind.RESET,
        previous_role=user.role,
        state=AccountChange.State.CONFIRMED,
        decided_at=timezone.now(),
        delivery=AccountChange.Delivery.CONSOLE,
    )
    code = _issue_code(change)
    change.save()
    after = snapshot(change, CHANGE_FIELDS)
    if operator:
        after["operator"] = operator
    record_event(actor=None, action="account_change.confirm", target=change, after=after)
    return code


def find_code(username: str, code: str) -> AccountChange | None:
    """The confirmed change whose code this is, for this account, still valid and unused."""
    if not username or not code:
        return None
    candidates = AccountChange.objects.select_related("user").filter(
        user__username__iexact=username.strip(),
        user__is_active=True,
        state=AccountChange.State.CONFIRMED,
        code_used_at__isnull=True,
        code_expires_at__gt=timezone.now(),
    )
    digest = _code_hash(code)
    for change in candidates:
        if change.code_hash and hmac.compare_digest(change.code_hash, digest):
            return change
    return None


@transaction.atomic
def code_use(*, change: AccountChange, password: str) -> User:
    """The member sets their own password with the code (once); a second factor is enrolled at sign-in."""
    change = AccountChange.objects.select_for_update().select_related("user").get(pk=change.pk)
    if (
        change.code_used_at is not None
        or not change.code_expires_at
        or change.code_expires_at <= timezone.now()
    ):
        raise Refusal(_("This code is no longer valid. Ask the administrator for a new one."))
    user = change.user
    user.set_password(password)
    user.save(update_fields=["password"])
    change.code_used_at = timezone.now()
    change.save(update_fields=["code_used_at"])
    record_event(actor=user, action="account_code.use", target=change)
    return user


def code_failed(*, username: str) -> None:
    """A wrong code is audited against the account when the username is one (never what was typed)."""
    account = User.objects.filter(username__iexact=username.strip()).first() if username else None
    record_event(actor=None, action="account_code.failed", target=account, target_type="accounts.user")


# --- Sessions (the administrator) ----------------------------------------------------------------------


def user_end_sessions(*, actor, user: User) -> int:
    """A lost phone or a computer left signed in: every session of the account ends now (audited)."""
    require(actor, Perm.MANAGE_ACCOUNTS)
    return sessions.sessions_end_all(actor=actor, user=user)
