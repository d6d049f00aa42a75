"""``isenim vault-check``: does the vault folder agree with the database? (After a crash, a restore.)"""

from django.core.management.base import BaseCommand, CommandError

from isenim.core.vault_files import check


class Command(BaseCommand):
    help = (
        "List files the database names that the vault lacks (exit 1) and files no record names (orphans: "
        "an upload whose save never committed, e.g. after a crash). --remove-orphans deletes orphans "
        "older than --older-than minutes (default 60)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--remove-orphans", action="store_true")
        parser.add_argument("--older-than", type=float, default=60.0, metavar="MINUTES")

    def handle(self, *args, **options):
        age = options["older_than"] * 60 if options["remove_orphans"] else None
        missing, orphans = check(remove_orphans_older_than=age)
        self.stdout.write(f"missing: {len(missing)}; orphans: {len(orphans)}")
        for name in orphans:
            self.stdout.write(f"orphan {name}")
        if missing:
            raise CommandError(f"{len(missing)} files the database names are missing, first {missing[0]}")
