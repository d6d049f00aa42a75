from django.core.management.base import BaseCommand

from isenim.cases.services.catalogue import load_catalogue


class Command(BaseCommand):
    help = (
        "Load the starting service catalogue and partner organisations (idempotent; keeps the rows staff "
        "have changed)."
    )

    def handle(self, *args, **options):
        counts = load_catalogue(actor=None)
        self.stdout.write(
            f"Catalogue loaded: {counts['service_types']} new service types, "
            f"{counts['partners']} new partners, {counts['updated']} shipped rows refreshed."
        )
