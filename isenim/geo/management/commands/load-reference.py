from django.core.management.base import BaseCommand

from isenim.core.registry import REFERENCE_LOADERS


class Command(BaseCommand):
    help = (
        "Load or refresh the shipped reference data of every app: regions, districts, assemblies and "
        "countries, the service catalogue and partner organisations, the guides, the trades and tool kits."
    )

    def handle(self, *args, **options):
        # Each app registers its loader at start-up (core.registry.register_reference_loader), geo's first.
        for loader in REFERENCE_LOADERS:
            counts = loader.load(actor=None)
            if options["verbosity"]:
                self.stdout.write(loader.report.format(**counts))
