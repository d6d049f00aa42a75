from django.core.management.base import BaseCommand

from isenim.core.i18n_tools import derive_catalogs


class Command(BaseCommand):
    help = "Generate the kaa_Latn catalog from kaa and uz_Cyrl from uz by transliteration."

    def handle(self, *args, **options):
        for locale in derive_catalogs():
            self.stdout.write(f"wrote {locale}")
