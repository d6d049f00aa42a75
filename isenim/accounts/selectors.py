from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.accounts import sessions
from isenim.accounts.models import AccountChange
from isenim.accounts.services import is_second_administrator
from isenim.core.access import Perm, Role, require, role_of
from isenim.core.models import AuditEvent

User = get_user_model()
# How long a decided change stays in the lists and in the member's notice on their dashboard.
RECENT_DAYS = 30


def staff_list(user) -> QuerySet:
    require(user, Perm.MANAGE_ACCOUNTS)
    pending = AccountChange.objects.pending().order_by("kind")
    return User.objects.order_by("username").prefetch_related(Prefetch("account_changes", pending, "pending"))


def staff_get(user, pk: int):
    require(user, Perm.MANAGE_ACCOUNTS)
    return get_object_or_404(User, pk=pk)


def pending_changes_of(user, member) -> list[AccountChange]:
    require(user, Perm.MANAGE_ACCOUNTS)
    return list(AccountChange.objects.pending().filter(user=member).select_related("proposed_by"))


def changes_to_decide(user) -> QuerySet:
    """The pending changes ``user`` may confirm or refuse (services.may_decide, as a query)."""
    require(user, Perm.CONFIRM_ACCOUNTS)
    changes = AccountChange.objects.pending().exclude(user=user).exclude(proposed_by=user)
    role = role_of(user)
    if role == Role.DIRECTOR:
        return changes
    if is_second_administrator(user):
        return changes.filter(Q(role=Role.DIRECTOR) | Q(user__role=Role.DIRECTOR))
    return changes.none()


def change_to_decide(user, pk: int) -> AccountChange:
    """A change ``user`` may decide, or 404: someone else's decision looks like a missing page."""
    return get_object_or_404(changes_to_decide(user).select_related("user"), pk=pk)


def _with_people(changes: QuerySet) -> QuerySet:
    return changes.select_related("user", "proposed_by", "decided_by")


def change_overview(user) -> dict:
    """The page of account changes: what waits for ``user``, what waits for someone else, what was decided
    in the last days (with whether the member has used their code yet, never the code)."""
    require(user, Perm.CONFIRM_ACCOUNTS)
    mine = list(_with_people(changes_to_decide(user)).order_by("proposed_at"))
    mine_ids = [change.pk for change in mine]
    others = _with_people(AccountChange.objects.pending().exclude(pk__in=mine_ids)).order_by("proposed_at")
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    decided = _with_people(AccountChange.objects.exclude(state=AccountChange.State.PENDING)).filter(
        decided_at__gte=since
    )
    for change in mine:
        change.email_changed_by = _recent_email_change(change.user)
    return {"to_decide": mine, "waiting": list(others), "decided": list(decided.order_by("-decided_at"))}


def _recent_email_change(member):
    """Who changed the member's e-mail address in the last days (the code may go there), if anyone did."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return (
        AuditEvent.objects.filter(
            target_type="accounts.user", target_id=str(member.pk), after__has_key="email", at__gte=since
        )
        .exclude(after__email="")
        .select_related("actor")
        .order_by("-at")
        .first()
    )


def dashboard_changes_panel(user) -> dict | None:
    """The dashboard's panel for a director: account changes waiting for them (none: no panel)."""
    waiting = list(_with_people(changes_to_decide(user)).order_by("proposed_at")[:10])
    if not waiting:
        return None
    return {
        "title": _("Account changes waiting for you"),
        "template": "accounts/_changes_panel.html",
        "changes": waiting,
    }


def account_notices(user) -> list[AccountChange]:
    """Changes to one's own account, proposed or decided in the last days: the member is told of them."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return list(
        AccountChange.objects.filter(user=user)
        .filter(Q(state=AccountChange.State.PENDING) | Q(decided_at__gte=since))
        .exclude(state=AccountChange.State.WITHDRAWN)
        .select_related("proposed_by", "decided_by")
    )


def dashboard_account_panel(user) -> dict | None:
    notices = account_notices(user)
    if not notices:
        return None
    return {"title": _("Your account"), "template": "accounts/_account_panel.html", "notices": notices}


def my_sessions(user, current_key: str | None) -> list:
    require(user, Perm.STAFF_AREA)
    rows = sessions.live_sessions(user)
    for row in rows:
        row.is_current = row.session_key == current_key
    return rows


def sessions_of(user, member) -> list:
    require(user, Perm.MANAGE_ACCOUNTS)
    return sessions.live_sessions(member)
