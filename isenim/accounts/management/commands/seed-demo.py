from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from isenim.accounts.demo import credentials_path, ensure_demo_staff
from isenim.core.access import Role
from isenim.core.demo import mark_demo_data_loaded
from isenim.core.models import CentreContacts
from isenim.core.registry import DEMO_SEEDERS, REFERENCE_LOADERS

# Demo values, not the centre's numbers: every page says so while the demo data is loaded (core.demo).
# Stored as the phone fields store them (digits, a + in front); the e-mail is on a reserved domain.
DEMO_CONTACT_NUMBERS = {
    "phone": "+998612220101",
    "hotline": "+998612220202",
    "email": "demo@isenim.example",
}


class Command(BaseCommand):
    help = "Load reference data and a demo data set with one staff account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Allow with DEBUG off (never in production)."
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo credentials.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed-demo creates accounts with known passwords; it runs only with DEBUG on.")
        # The apps register their reference loaders and demo seeders at start-up (core.registry).
        with transaction.atomic():
            for loader in REFERENCE_LOADERS:
                loader.load(actor=None)
            credentials = ensure_demo_staff()
            self._seed_contacts()
            for seeder in DEMO_SEEDERS:  # appeals, then the cases opened from them
                seeder.seed()
            mark_demo_data_loaded()  # every page and PDF now says it shows demo data (core.demo)
        if not options["quiet"]:
            self._print(credentials)

    @staticmethod
    def _seed_contacts() -> None:
        contacts = CentreContacts.objects.order_by("pk").first()
        if contacts is not None:
            # An earlier demo left the numbers empty: fill only what nobody has entered.
            for name, value in DEMO_CONTACT_NUMBERS.items():
                if not getattr(contacts, name):
                    setattr(contacts, name, value)
            contacts.save()
            return
        CentreContacts.objects.create(
            **DEMO_CONTACT_NUMBERS,
            address_kaa="Нөкис қаласы, Қарақалпақстан Республикасы",
            address_ru="г. Нукус, Республика Каракалпакстан",
            address_uz="Nukus shahri, Qoraqalpogʻiston Respublikasi",
            address_en="Nukus, Republic of Karakalpakstan",
            hours_kaa="Дүйшемби–жума, 9:00–18:00",
            hours_ru="Понедельник–пятница, 9:00–18:00",
            hours_uz="Dushanba–juma, 9:00–18:00",
            hours_en="Monday–Friday, 9:00–18:00",
        )

    def _print(self, credentials: dict[str, dict]) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING("Demo staff accounts (one per role):"))
        for username, entry in credentials.items():
            role = Role(entry["role"]).label
            self.stdout.write(f"  {username:<13} {entry['password']:<20} {role}")
        self.stdout.write(
            "Second factor: each account has an authenticator app (TOTP) set up. Add its secret to any\n"
            "authenticator app (FreeOTP, Google Authenticator, Aegis…) or print today's code with\n"
            "  .venv/bin/isenim demo-totp USERNAME\n"
            f"Secrets and passwords are kept in {credentials_path()} (not in git)."
        )
        for username, entry in credentials.items():
            self.stdout.write(f"  {username:<13} TOTP secret {entry['totp_secret']}")
