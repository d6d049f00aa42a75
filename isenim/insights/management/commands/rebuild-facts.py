"""``isenim rebuild-facts``: every appeal's fact (AppealFact) written afresh, in batches (docs/insights.md,
"Facts"): after a restore, a bulk load or the bench."""

import time

from django.core.management.base import BaseCommand, CommandError

from isenim.insights import facts


class Command(BaseCommand):
    help = (
        "Write every appeal's fact for the statistics afresh (one INSERT … SELECT per batch of appeals). "
        "Writes through the application keep the facts current; run this after a restore or a bulk load."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=facts.BATCH, help=f"Appeals per batch (default {facts.BATCH})."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args, **options):
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if not options["quiet"]:
                self.stderr.write(f"  {done:,} / {total:,} appeal ids")

        count = facts.rebuild(batch=options["batch"], progress=progress)
        self.stdout.write(f"Facts rebuilt: {count:,} appeals in {time.monotonic() - started:.1f} s.")
