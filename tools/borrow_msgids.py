"""Collect the messages of Django and allauth that Isenim's screens show, into isenim/core/borrowed_msgids.py.

Django ships no Karakalpak, and no Uzbek in Cyrillic, so the strings that its own code and allauth's
pages show (month names, validation errors, the sign-in and second-factor pages) must be in our catalogs
too; our catalog wins over theirs. A developer's tool: run it after upgrading Django or allauth, then
`make messages`. Usage: .venv/bin/python tools/borrow_msgids.py
"""

import ast
import io
import re
from pathlib import Path

import allauth
import django
from babel.messages.extract import extract_python
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "isenim" / "core" / "borrowed_msgids.py"
DJANGO = Path(django.__file__).parent
ALLAUTH = Path(allauth.__file__).parent

ALLAUTH_TEMPLATES = [
    "account/login.html",
    "account/logout.html",
    "account/reauthenticate.html",
    "account/password_change.html",
    "account/signup_closed.html",
    "account/account_inactive.html",
    "account/base_reauthenticate.html",
    "account/snippets/already_logged_in.html",
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "account/messages/password_changed.txt",
    "mfa/authenticate.html",
    "mfa/index.html",
    "mfa/reauthenticate.html",
    "mfa/totp/activate_form.html",
    "mfa/totp/deactivate_form.html",
    "mfa/recovery_codes/index.html",
    "mfa/recovery_codes/generate.html",
    "mfa/webauthn/add_form.html",
    "mfa/webauthn/authenticator_list.html",
    "mfa/webauthn/edit_form.html",
    "mfa/webauthn/authenticator_confirm_delete.html",
    "mfa/webauthn/reauthenticate.html",
    "mfa/messages/recovery_codes_generated.txt",
    "mfa/messages/totp_activated.txt",
    "mfa/messages/totp_deactivated.txt",
    "mfa/messages/webauthn_added.txt",
    "mfa/messages/webauthn_removed.txt",
]
PYTHON_SOURCES = [
    DJANGO / "utils" / "dates.py",
    DJANGO / "core" / "validators.py",
    DJANGO / "forms" / "fields.py",
    DJANGO / "forms" / "models.py",
    DJANGO / "contrib" / "auth" / "password_validation.py",
    ALLAUTH / "account" / "adapter.py",
    ALLAUTH / "account" / "forms.py",
    ALLAUTH / "mfa" / "adapter.py",
    ALLAUTH / "mfa" / "base" / "forms.py",
    ALLAUTH / "mfa" / "totp" / "forms.py",
    ALLAUTH / "mfa" / "webauthn" / "forms.py",
    ALLAUTH / "mfa" / "models.py",
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SKIP_WORDS = (
    "email",
    "Email",
    "e-mail",
    "E-mail",
    "phone",
    "Phone",
    "sign up",
    "Sign Up",
    "signup",
    "social",
)


def _messages_from_python(code: str):
    for _lineno, funcname, message, _comments in extract_python(io.BytesIO(code.encode()), KEYWORDS, [], {}):
        yield funcname.lstrip("_").removesuffix("_lazy").removesuffix("_noop") or "gettext", message


TEMPLATIZED_CALL = re.compile(r"\b(n?p?gettext)\((.*?)\) ", re.S)


def _messages_from_template(path: Path):
    """templatize() turns a template into text with gettext calls among filler; pick the calls out."""
    from django.utils.translation.template import templatize

    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATIZED_CALL.finditer(text):
        call = ast.parse(f"f({match.group(2)})", mode="eval").body
        literals = tuple(arg.value for arg in call.args if isinstance(arg, ast.Constant))
        func = match.group(1)
        yield func, literals[0] if func == "gettext" else literals[:3]


def collect() -> list[str]:
    lines: set[str] = set()
    sources = [("py", path) for path in PYTHON_SOURCES]
    sources += [("tpl", ALLAUTH / "templates" / name) for name in ALLAUTH_TEMPLATES]
    for kind, path in sources:
        code = path.read_text(encoding="utf-8")
        found = _messages_from_python(code) if kind == "py" else _messages_from_template(path)
        for line in _lines_for(found, code if kind == "py" else ""):
            lines.add(line)
    return sorted(lines)


def _lines_for(messages, _code):
    """One Python line per message that makemessages extracts with the same context, msgid and plural."""
    for func, message in messages:
        parts = (message,) if isinstance(message, str) else tuple(p for p in message if p is not None)
        if not parts or any(word in "".join(parts) for word in SKIP_WORDS):
            continue
        # Babel keeps every string argument: ngettext_lazy(s, p, "max") gives (s, p, "max"), so the
        # function name, not the tuple length, says what the strings are.
        if func.startswith("np"):
            yield f"    npgettext_lazy({parts[0]!r}, {parts[1]!r}, {parts[2]!r}, 1),"
        elif func.startswith("n"):
            yield f"    ngettext_lazy({parts[0]!r}, {parts[1]!r}, 1),"
        elif func.startswith("p"):
            yield f"    pgettext_lazy({parts[0]!r}, {parts[1]!r}),"
        elif parts[0].strip():
            yield f"    gettext_noop({parts[0]!r}),"


def main() -> None:
    settings.configure(USE_I18N=True)
    django.setup()
    lines = collect()
    OUT.write_text(
        '"""Messages of Django and allauth that Isenim shows, so that our catalogs translate them.\n\n'
        "Generated by tools/borrow_msgids.py; never imported at run time, only read by makemessages.\n"
        '"""\n\n'
        "from django.utils.translation import gettext_noop, ngettext_lazy, npgettext_lazy, pgettext_lazy\n\n"
        "BORROWED = [\n" + "\n".join(lines) + "\n]\n",
        encoding="utf-8",
    )
    print(f"{OUT.relative_to(ROOT)}: {len(lines)} messages")


if __name__ == "__main__":
    main()
