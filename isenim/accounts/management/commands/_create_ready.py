"""Shared by ``isenim create-director`` and ``isenim create-administrator`` (a leading underscore: Django
does not list this module as a command)."""

import getpass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from isenim.accounts.services import create_ready_account, reset_from_console
from isenim.core.access import Role


class Command(BaseCommand):
    """The first director and the first administrator are made at installation by whoever runs the server:
    before them, the web's two-person rule has nobody to confirm. No password is typed here: a one-time
    code is printed once, to hand over in person; with it the owner sets their own password, and at first
    sign-in their second factor (docs/deploy.md). ``--new-code`` gives an existing account of this role a
    new code (a lost phone when no other director can confirm a reset)."""

    role = Role.DIRECTOR

    def add_arguments(self, parser):
        parser.add_argument("username", help="Small Latin letters, digits, dots, dashes (e.g. a.kallibaeva).")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="", help="The owner's own address (optional).")
        parser.add_argument("--language", default="", choices=["", *dict(settings.LANGUAGES)])
        parser.add_argument(
            "--new-code",
            action="store_true",
            help="The account exists: remove its password and second factors, end its sessions, new code.",
        )

    def handle(self, *args, **options):
        username = options["username"].strip()
        existing = get_user_model().objects.filter(username__iexact=username).first() if username else None
        if options["new_code"]:
            if existing is None or existing.role != self.role:
                raise CommandError(f"No {self.role.label.lower()} has the username {username!r}.")
            code = reset_from_console(user=existing, operator=_operator())
            self._print(existing.username, code, "New password and second factor for")
            return
        if not username or existing is not None:
            raise CommandError(f"The username {username!r} is empty or already taken.")
        if not options["first_name"] or not options["last_name"]:
            raise CommandError("Give --first-name and --last-name.")
        user, code = create_ready_account(
            username=username,
            first_name=options["first_name"],
            last_name=options["last_name"],
            role=self.role,
            email=options["email"],
            language=options["language"],
            operator=_operator(),
        )
        self._print(user.username, code, "Created:")

    def _print(self, username: str, code: str, what: str) -> None:
        url = settings.ISENIM_SITE_URL.rstrip("/") + reverse("account_use_code")
        self.stdout.write(
            f"{what} {username} ({self.role.label}).\n"
            f"One-time code: {code}\n"
            f"Hand it over in person; it works once, for {settings.ISENIM_ACCOUNT_CODE_HOURS} hours, and is\n"
            f"kept nowhere. The owner opens {url}, types the username and the code and\n"
            "chooses a password, then signs in and sets up a second factor.\n"
            "Lost code: run again with --new-code."
        )


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
