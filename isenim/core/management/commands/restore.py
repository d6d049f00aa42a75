"""``isenim restore FILE``: a backup into an empty database and an empty vault folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from isenim.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `isenim backup` into the configured database and vault folder, both "
        "empty (refused otherwise, nothing changed). Needs ISENIM_BACKUP_KEY, and the data keys to read it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        vault = Path(getattr(settings, "ISENIM_VAULT_DIR", "") or Path(settings.VAR_DIR) / "vault")
        try:
            summary = restore(Path(options["file"]), vault=vault, progress=self._progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {options['file']} (made {summary.created_at}): {summary.engine} database, "
            f"{summary.vault_files} vault files into {vault}."
        )
        if summary.missing_vault_files:
            raise CommandError(
                f"{len(summary.missing_vault_files)} files the database names are not in the backup "
                f"(first {summary.missing_vault_files[0]}): those documents cannot be opened."
            )
        self.stdout.write(
            "Next: `isenim migrate` if this version has newer migrations, then (PostgreSQL) "
            "`isenim db-grants --role isenim_app --apply` as the owner."
        )

    def _progress(self, text: str) -> None:
        if self.verbosity > 1:
            self.stderr.write(text)
