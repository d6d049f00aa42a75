from django.core.management.base import BaseCommand

from isenim.core.crypto import new_key_entry


class Command(BaseCommand):
    help = "Print a new entry for ISENIM_DATA_KEYS (put it first to make it the active key)."

    def add_arguments(self, parser):
        parser.add_argument("--id", default="k1", help="Key id, letters and digits (default k1).")

    def handle(self, *args, **options):
        self.stdout.write(new_key_entry(options["id"]))
