from django.core.management.base import BaseCommand

from isenim.reintegration.services.catalogue import load_trades


class Command(BaseCommand):
    help = "Load or refresh the shipped trades and tool kits (idempotent; keeps what staff have edited)."

    def handle(self, *args, **options):
        counts = load_trades(actor=None)
        if options["verbosity"]:
            self.stdout.write(
                f"Trades loaded: {counts['trades']} new trades, {counts['items']} new kit items, "
                f"{counts['updated']} refreshed."
            )
