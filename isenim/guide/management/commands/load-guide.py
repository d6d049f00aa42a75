from django.core.management.base import BaseCommand

from isenim.guide.loading import load_guide


class Command(BaseCommand):
    help = (
        "Load or refresh the safe-migration guide's starting data (destinations, draft guide items, "
        "missions, hotlines). Idempotent; keeps what staff edited."
    )

    def handle(self, *args, **options):
        created = load_guide(actor=None)
        self.stdout.write(
            f"Guide loaded: {created['destinations']} new destinations, {created['items']} new items, "
            f"{created['missions']} new missions, {created['hotlines']} new hotlines."
        )
