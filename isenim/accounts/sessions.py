"""Staff sessions: each sign-in is recorded (when, from which address and browser), so that a member of
staff sees their sessions and ends them, and the administrator ends every session of an account (a lost
phone). The absolute lifetime is stamped in the session at sign-in and enforced by the middleware.

Only timestamps and the row id go into the session itself: never anything about the people in the records.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from isenim.accounts.models import StaffSession
from isenim.core.audit import record_event

# Kept in the session: when the member signed in (seconds since the epoch), and which StaffSession row
# describes it under which key (a password change gives the session a new key; the middleware follows it).
SIGNED_IN_AT = "isenim_signed_in_at"
TRACKED_ID = "isenim_session_id"
TRACKED_KEY = "isenim_session_key"

BROWSERS = [
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Yandex", re.compile(r"YaBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
SYSTEMS = [
    ("Android", re.compile(r"Android")),
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("Linux", re.compile(r"Linux|X11")),
]


def agent_summary(user_agent: str) -> str:
    """ "Firefox · Windows": enough to recognise one's own computer or phone; the full header is not kept."""
    browser = next((name for name, pattern in BROWSERS if pattern.search(user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if pattern.search(user_agent)), "")
    return " · ".join(part for part in (browser, system) if part)[:100]


def max_age_seconds() -> int:
    return int(settings.ISENIM_SESSION_MAX_HOURS * 3600)


def record_sign_in(request, user) -> None:
    """Called at every sign-in (Django's user_logged_in): stamp the session and describe it."""
    session = request.session
    session[SIGNED_IN_AT] = time.time()
    if session.session_key is None:
        session.save()
    address = request.META.get("REMOTE_ADDR") or None
    # Signing in again in the same session (the same person) keeps its key: the row is renewed.
    tracked, _created = StaffSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "started_at": timezone.now(),
            "client_address": address,
            "agent": agent_summary(request.META.get("HTTP_USER_AGENT", "")),
        },
    )
    session[TRACKED_ID] = tracked.pk
    session[TRACKED_KEY] = session.session_key


def follow_new_key(request) -> None:
    """After a response: if the session got a new key (a password change cycles it), the row follows."""
    session = getattr(request, "session", None)
    if session is None or TRACKED_ID not in session:
        return
    key = session.session_key
    if key and session.get(TRACKED_KEY) != key:
        StaffSession.objects.filter(pk=session[TRACKED_ID]).update(session_key=key)
        session[TRACKED_KEY] = key


def is_too_old(request) -> bool:
    """True when the session has lived longer than ISENIM_SESSION_MAX_HOURS since sign-in, however active.
    A signed-in session without the stamp (from before this rule) is stamped now."""
    started = request.session.get(SIGNED_IN_AT)
    if started is None:
        request.session[SIGNED_IN_AT] = time.time()
        return False
    return time.time() - started > max_age_seconds()


def live_sessions(user):
    """The user's sessions that still exist in Django's sessions table, newest first, with when each was
    last used (the idle expiry minus the idle timeout) and when it must end at the latest."""
    tracked = list(StaffSession.objects.filter(user=user))
    expiry = dict(
        Session.objects.filter(
            session_key__in=[row.session_key for row in tracked], expire_date__gt=timezone.now()
        ).values_list("session_key", "expire_date")
    )
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    lifetime = timedelta(seconds=max_age_seconds())
    live = []
    for row in tracked:
        if row.session_key not in expiry:
            continue
        row.last_seen = expiry[row.session_key] - idle
        row.ends_by = min(expiry[row.session_key], row.started_at + lifetime)
        live.append(row)
    return live


def _end(rows) -> int:
    keys = [row.session_key for row in rows]
    Session.objects.filter(session_key__in=keys).delete()
    StaffSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(keys)


@transaction.atomic
def session_end(*, actor, session_id: int, current_key: str | None) -> bool:
    """A member of staff ends one of their own sessions (not the one they are using: that is signing out)."""
    row = StaffSession.objects.select_for_update().filter(pk=session_id, user=actor).first()
    if row is None or row.session_key == current_key:
        return False
    _end([row])
    record_event(
        actor=actor, action="auth.session_ended", target=row, after={"user": actor.pk, "agent": row.agent}
    )
    return True


@transaction.atomic
def sessions_end_others(*, actor, current_key: str | None) -> int:
    rows = list(StaffSession.objects.select_for_update().filter(user=actor).exclude(session_key=current_key))
    ended = _end(rows)
    if ended:
        record_event(actor=actor, action="auth.other_sessions_ended", target=actor)
    return ended


@transaction.atomic
def sessions_end_all(*, actor, user, reason: str = "auth.sessions_ended_all") -> int:
    """Every session of ``user`` ends now (the administrator, for a lost phone; a confirmed reset; an
    account switched off). Always audited, even when there was none."""
    ended = _end(list(StaffSession.objects.select_for_update().filter(user=user)))
    record_event(actor=actor, action=reason, target=user)
    return ended


def forget(request) -> None:
    """At sign-out: the row of the session that ends goes with it."""
    tracked = getattr(request, "session", {}).get(TRACKED_ID)
    if tracked:
        StaffSession.objects.filter(pk=tracked).delete()


def forget_ended() -> int:
    """Rows of sessions Django no longer has (expired, signed out): deleted by the daily job."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    deleted, _ = StaffSession.objects.exclude(session_key__in=live).delete()
    return deleted
