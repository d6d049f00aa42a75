from django.core.management.base import BaseCommand

from isenim.core.audit import record_event
from isenim.core.crypto import key_ring
from isenim.core.rotation import (
    SEALED_FIELDS,
    VAULT_FILE_FIELDS,
    pending,
    pending_files,
    rotate_field,
    rotate_files,
)


class Command(BaseCommand):
    help = (
        "Re-encrypt every sealed field under the first (active) key of ISENIM_DATA_KEYS. Resumable: "
        "stop it at any time and run it again. Remove an old key from the ring only after it reports 0 left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what is left to re-encrypt.")

    def handle(self, *args, **options):
        active = key_ring().active_id
        total = 0
        for entry in SEALED_FIELDS:
            left = pending(entry).count()
            self.stdout.write(f"{entry.model_label}.{entry.field}: {left} to re-encrypt under key {active}")
            if options["dry_run"] or not left:
                continue
            for done in rotate_field(entry):
                total += done
                self.stdout.write(f"  … {done} re-encrypted")
        for entry in VAULT_FILE_FIELDS:
            left = sum(1 for _name in pending_files(entry))
            self.stdout.write(
                f"{entry.model_label}.{entry.field} (files): {left} to re-encrypt under key {active}"
            )
            if options["dry_run"] or not left:
                continue
            total += rotate_files(entry)
        if total:
            record_event(
                actor=None, action="keys.rotate", target_type="core", after={"key": active, "rows": total}
            )
        self.stdout.write(
            f"done: {total} rows re-encrypted; nothing is left under older keys."
            if not options["dry_run"]
            else "dry run: nothing changed"
        )
