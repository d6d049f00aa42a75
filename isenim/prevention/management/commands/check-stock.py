import sys

from django.core.management.base import BaseCommand

from isenim.prevention.selectors.stock import verify_ledger


class Command(BaseCommand):
    help = (
        "Compare each edition's kept stock balance with the sum of its ledger: exit 0 when every one "
        "agrees, 1 listing the editions that differ (docs/prevention.md)."
    )

    def handle(self, *args, **options):
        differences = verify_ledger()
        if not differences:
            self.stdout.write("Stock: every edition's balance equals the sum of its ledger.")
            return
        for row in differences:
            self.stderr.write(
                f"edition {row.edition.pk} ({row.edition}): on hand {row.on_hand}, "
                f"ledger sum {row.ledger_sum}, difference {row.on_hand - row.ledger_sum:+d}"
            )
        self.stderr.write(f"{len(differences)} edition(s) differ from their ledger.")
        sys.exit(1)
