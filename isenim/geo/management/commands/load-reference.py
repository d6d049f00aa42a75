from django.core.management import call_command
from django.core.management.base import BaseCommand

from isenim.cases.services.catalogue import load_catalogue
from isenim.geo.services import reference_load


class Command(BaseCommand):
    help = (
        "Load or refresh the shipped reference data (regions, districts, assemblies, countries) and the "
        "starting service catalogue and partner organisations."
    )

    def handle(self, *args, **options):
        created = reference_load(actor=None)
        self.stdout.write(
            f"Reference data loaded: {created['admin_units']} new administrative units, "
            f"{created['countries']} new countries."
        )
        catalogue = load_catalogue(actor=None)
        self.stdout.write(
            f"Catalogue loaded: {catalogue['service_types']} new service types, "
            f"{catalogue['partners']} new partners."
        )
        call_command("load-guide", stdout=self.stdout)
        call_command("load-trades", stdout=self.stdout)  # trades and tool kits (reintegration)
