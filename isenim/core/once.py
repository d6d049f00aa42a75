"""A form sent twice is saved once: every form carries a one-time token, and a second post of the same
token gets the first one's answer instead of a second record.

- The token: ``{% csrf_token %}`` is this project's own tag (``core.templatetags.once``, a template
  builtin): besides Django's CSRF field it writes ``<input type="hidden" name="_once" value="…">``, a new
  random value each time a form is shown. Every POST form of the site has it without a line of its own.
- The check: ``OnceMiddleware``. A POST with a well-formed token claims it (a unique row, core.FormToken)
  before the view runs. When the view answers with a redirect (it saved), the row keeps where it led; when
  it answers otherwise (a form with its errors, a refusal), the claim is released: the corrected form,
  shown again with a fresh token, is sent normally.
- The same token again, by the same person to the same address: if the first post has finished, the
  answer is a redirect to where the first one led, with "This form had already been sent: it was saved
  once."; if the first is still being handled (a double click: the browser shows the second answer), it
  waits for it (at most ``WAIT_SECONDS``) and then does the same.
- Not covered: a view exempt from the CSRF middleware (an upload whose view sets its own upload handlers
  and checks CSRF itself) cannot have its body read before it runs; there the token may travel in the query
  string of the form's action (``?_once=…``, ``{% once_query %}``). A post without a token (scripts, htmx
  calls without a form) is not checked.
Rows older than two days are deleted by the daily job ``forget-form-tokens``.
"""

import re
import time
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from isenim.core.models import FormToken

FIELD = "_once"
TOKEN_RE = re.compile(r"^[A-Za-z0-9]{32}$")
WAIT_SECONDS = 15.0
POLL_SECONDS = 0.2
KEEP_DAYS = 2


def new_token() -> str:
    return get_random_string(32)


def _token_of(request, *, body: bool) -> str:
    token = request.GET.get(FIELD, "")
    if not token and body:  # CSRF has read the body of such a view already, uploads included
        token = request.POST.get(FIELD, "")
    return token if TOKEN_RE.match(token or "") else ""


def _claim(token: str, user_id, path: str) -> bool:
    try:
        with transaction.atomic():
            FormToken.objects.create(token=token, user_id=user_id, path=path[:400])
        return True
    except IntegrityError:
        return False


def _first_answer(token: str, user_id, path: str):
    """Where the first post of ``token`` led: a location, "" while it runs, None when there is no claim
    (released: the first was refused) or it belongs to someone or somewhere else."""
    row = FormToken.objects.filter(token=token).values("user_id", "path", "location").first()
    if row is None or row["user_id"] != user_id or row["path"] != path[:400]:
        return None
    return row["location"]


class OnceMiddleware:
    """Claims the token in ``process_view`` (a view exempt from CSRF, which reads its body itself with its
    own upload handlers, is only checked through the query string), settles it after the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_once_claimed", "")
        if token:
            if response.status_code in (301, 302, 303) and response.get("Location"):
                FormToken.objects.filter(token=token).update(location=response["Location"][:1000])
            else:  # refused or shown again with its errors: the next post of the form counts
                FormToken.objects.filter(token=token).delete()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        token = _token_of(request, body=not getattr(view_func, "csrf_exempt", False))
        if not token:
            return None
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        deadline = time.monotonic() + WAIT_SECONDS
        while not _claim(token, user_id, request.path):
            location = _first_answer(token, user_id, request.path)
            if location is None:
                if FormToken.objects.filter(token=token).exists():
                    return None  # someone else's token, or for another page: an ordinary post
                continue  # released meanwhile (the first was refused): this post is the one that counts
            if location:
                messages.info(request, _("This form had already been sent: it was saved once."))
                return HttpResponseRedirect(location)
            if time.monotonic() > deadline:
                messages.warning(
                    request, _("This form is still being sent. Look at the page before sending it again.")
                )
                return HttpResponseRedirect(request.get_full_path())
            time.sleep(POLL_SECONDS)
        request._once_claimed = token
        return None


def forget_old_tokens() -> int:
    return FormToken.objects.filter(created_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)).delete()[0]
