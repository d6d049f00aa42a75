from django.core.management.base import BaseCommand

from isenim.geo.services import reference_load


class Command(BaseCommand):
    help = "Load or refresh the shipped reference data (regions, districts, assemblies, countries)."

    def handle(self, *args, **options):
        created = reference_load(actor=None)
        self.stdout.write(
            f"Reference data loaded: {created['admin_units']} new administrative units, "
            f"{created['countries']} new countries."
        )
