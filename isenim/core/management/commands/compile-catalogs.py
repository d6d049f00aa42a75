from django.core.management.base import BaseCommand

from isenim.core.i18n_tools import compile_catalogs


class Command(BaseCommand):
    help = "Compile every translation catalog (.po → .mo) with Babel; no GNU gettext needed."

    def handle(self, *args, **options):
        compiled = compile_catalogs()
        self.stdout.write(f"compiled {len(compiled)} catalogs")
