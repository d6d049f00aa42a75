"""Keep names out of URLs: a name typed into a search is posted, kept in the session under a random
token, and the page is reloaded with ``?s=<token>``. Addresses, server logs, browser history and the
language switcher then carry the token, never the name, while paging and filters keep working.

The session keeps the text sealed with the data key ring: the sessions table (and every backup of it)
holds ciphertext, never a typed name."""

import secrets
from urllib.parse import urlencode

from django.http import HttpResponseRedirect

from isenim.core.crypto import decrypt_text, encrypt_text

SESSION_KEY = "isenim_searches"
CONTEXT = "session.search"
KEEP = 10  # the last few searches of the session are enough for paging back and forth


def remember(request, text: str) -> str:
    searches = request.session.get(SESSION_KEY, {})
    token = secrets.token_urlsafe(8)
    searches[token] = encrypt_text(text, context=CONTEXT)
    request.session[SESSION_KEY] = dict(list(searches.items())[-KEEP:])
    return token


def recall(request) -> str:
    token = request.GET.get("s", "")
    sealed = request.session.get(SESSION_KEY, {}).get(token, "") if token else ""
    try:
        return decrypt_text(sealed, context=CONTEXT) if sealed else ""
    except (ValueError, KeyError):  # a session from before the text was sealed, or a retired key
        return ""


def redirect_with_token(request, text: str, *, keep: dict) -> HttpResponseRedirect:
    """After a POSTed search: back to the same page with the non-personal filters and the token."""
    params = {key: value for key, value in keep.items() if value not in ("", None)}
    if text.strip():
        params["s"] = remember(request, text.strip())
    return HttpResponseRedirect(f"{request.path}?{urlencode(params)}" if params else request.path)
