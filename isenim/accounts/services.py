"""Every change to staff accounts: one transaction each, with its audit event."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import transaction

from isenim.core.access import Role
from isenim.core.audit import record_change, record_event, snapshot

User = get_user_model()
PROFILE_FIELDS = ["username", "first_name", "last_name", "role", "is_active", "language"]


@transaction.atomic
def user_create(
    *, actor, username: str, first_name: str, last_name: str, role: Role, password: str, language: str = ""
) -> User:
    user = User(username=username, first_name=first_name, last_name=last_name, role=role, language=language)
    user.set_password(password)
    user.save()
    record_event(actor=actor, action="user.create", target=user, after=snapshot(user, PROFILE_FIELDS))
    return user


@transaction.atomic
def user_update(
    *, actor, user: User, first_name: str, last_name: str, role: Role, is_active: bool, language: str = ""
) -> User:
    before = snapshot(user, PROFILE_FIELDS)
    user.first_name, user.last_name, user.role = first_name, last_name, role
    user.is_active, user.language = is_active, language
    user.save(update_fields=["first_name", "last_name", "role", "is_active", "language"])
    record_change(actor=actor, action="user.update", target=user, before=before)
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(actor=actor, action="user.set_password", target=user, after={"password": "changed"})


@transaction.atomic
def user_reset_second_factor(*, actor, user: User) -> int:
    """For a lost phone: removes every authenticator; the user must enrol again at next sign-in."""
    deleted, _ = Authenticator.objects.filter(user=user).delete()
    record_event(actor=actor, action="user.reset_second_factor", target=user, after={"removed": deleted})
    return deleted
