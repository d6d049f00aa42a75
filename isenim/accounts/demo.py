"""Demo staff accounts for a developer's machine: one per role, credentials kept in var/.

Passwords and TOTP secrets are random per installation and written to var/demo-accounts.json
(mode 600), never to git, so re-running the seed keeps the same logins.
"""

import json
import secrets
import time
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from isenim.accounts.services import create_ready_account, user_create
from isenim.core.access import Role

# Names drawn from Karakalpak, Uzbek and Russian naming, as staff really write them.
DEMO_STAFF = [
    ("director", Role.DIRECTOR, "Айсулыў", "Қаллыбаева"),
    ("casemanager", Role.CASE_MANAGER, "Гүлнара", "Ембергенова"),
    ("psychologist", Role.PSYCHOLOGIST, "Зарина", "Юсупова"),
    ("lawyer", Role.LAWYER, "Бахтияр", "Ешмуратов"),
    ("intake", Role.INTAKE_OPERATOR, "Жасур", "Тураев"),
    ("prevention", Role.PREVENTION_OFFICER, "Ерлан", "Сапарбаев"),
    ("mande", Role.ME_OFFICER, "Ольга", "Ким"),
    ("admin", Role.ADMINISTRATOR, "Руслан", "Атаназаров"),
]


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


def load_credentials() -> dict[str, dict]:
    path = credentials_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _save_credentials(credentials: dict[str, dict]) -> None:
    path = credentials_path()
    path.write_text(json.dumps(credentials, indent=1), encoding="utf-8")
    path.chmod(0o600)


@transaction.atomic
def ensure_demo_staff() -> dict[str, dict]:
    """Create missing demo accounts (with TOTP and recovery codes); return every demo credential."""
    User = get_user_model()
    credentials = load_credentials()
    for username, role, first_name, last_name in DEMO_STAFF:
        if User.objects.filter(username=username).exists() and username in credentials:
            continue
        password = credentials.get(username, {}).get("password") or f"demo-{secrets.token_urlsafe(9)}"
        user = User.objects.filter(username=username).first()
        if user is None:
            # Ready at once, as from the console: the demo has no director yet to confirm them.
            user, _code = create_ready_account(
                username=username,
                first_name=first_name,
                last_name=last_name,
                role=role,
                password=password,
                operator="seed-demo",
            )
        Authenticator.objects.filter(user=user).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
        credentials[username] = {"password": password, "totp_secret": secret, "role": role.value}
    _save_credentials(credentials)
    return credentials


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret (for demos and tests)."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


# A second social worker the administrator has proposed and no director has confirmed yet: the demo's
# director finds it under "Account changes" and can try the two-person rule.
PENDING_USERNAME = "newworker"


def ensure_demo_pending_account() -> None:
    User = get_user_model()
    if User.objects.filter(username=PENDING_USERNAME).exists():
        return
    administrator = User.objects.get(username="admin")
    user_create(
        actor=administrator,
        username=PENDING_USERNAME,
        first_name="Динара",
        last_name="Сейтназарова",
        role=Role.CASE_MANAGER,
        email="newworker@example.invalid",
    )
