from django.core.management.base import BaseCommand, CommandError

from isenim.accounts.demo import current_totp_code, load_credentials


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account (demo accounts only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        entry = load_credentials().get(options["username"])
        if entry is None:
            raise CommandError(f"{options['username']!r} is not a demo account on this machine.")
        self.stdout.write(current_totp_code(entry["totp_secret"]))
