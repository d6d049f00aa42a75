import sys

from django.core.management.base import BaseCommand

from isenim.prevention.selectors.stock import verify_action_copies, verify_ledger


class Command(BaseCommand):
    help = (
        "Compare each edition's kept stock balance with the sum of its ledger: exit 0 when every one "
        "agrees and so does each action's count of copies handed out, 1 listing those that differ "
        "(docs/prevention.md)."
    )

    def handle(self, *args, **options):
        differences = verify_ledger()
        actions = verify_action_copies()
        if not differences and not actions:
            self.stdout.write(
                "Stock: every edition's balance equals the sum of its ledger, and every action's copies "
                "handed out equal its draws less its returns."
            )
            return
        for row in differences:
            self.stderr.write(
                f"edition {row.edition.pk} ({row.edition}): on hand {row.on_hand}, "
                f"ledger sum {row.ledger_sum}, difference {row.on_hand - row.ledger_sum:+d}"
            )
        if differences:
            self.stderr.write(f"{len(differences)} edition(s) differ from their ledger.")
        for row in actions:
            self.stderr.write(
                f"action {row.action_id}: copies handed out {row.kept}, by the ledger {row.ledger_copies}, "
                f"difference {row.kept - row.ledger_copies:+d}"
            )
        if actions:
            self.stderr.write(f"{len(actions)} action(s) differ from their ledger.")
        sys.exit(1)
