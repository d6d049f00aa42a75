"""``isenim backup --output FILE`` writes one sealed archive; ``isenim backup --verify FILE`` checks one."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from isenim.core.backup import BackupError, backup, verify
from isenim.core.vault_files import vault_dir


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup or pg_dump) and the encrypted vault files into one "
        "archive sealed with ISENIM_BACKUP_KEY, or check an archive with --verify. The data keys are never "
        "in it. See docs/deploy.md."
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--output", metavar="FILE", help="Write a new archive here (never overwritten).")
        what.add_argument("--verify", metavar="FILE", help="Check an archive without restoring it.")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            if options["verify"]:
                summary = verify(Path(options["verify"]))
                self.stdout.write(
                    f"ok: {options['verify']} opens with backup key {summary.backup_key_id}, every checksum "
                    f"matches; {summary.engine} database of {summary.database_bytes} bytes, "
                    f"{summary.vault_files} vault files, made {summary.created_at}; it needs the data keys "
                    f"{', '.join(summary.data_key_ids)} to be read."
                )
                return
            summary = backup(Path(options["output"]), vault=vault_dir(), progress=self._progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"wrote {options['output']}: {summary.engine} database ({summary.database_bytes} bytes), "
            f"{summary.vault_files} vault files ({summary.vault_bytes} bytes), sealed with backup key "
            f"{summary.backup_key_id}. Keep the data keys ({', '.join(summary.data_key_ids)}) apart from it."
        )

    def _progress(self, text: str) -> None:
        if self.verbosity > 1:
            self.stderr.write(text)
