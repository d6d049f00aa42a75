"""``isenim retention``: what is past its period, and the nightly anonymisation (docs/retention.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from isenim.retention import backups, services
from isenim.retention.models import Kind


class Command(BaseCommand):
    help = (
        "--list: how many records of each kind are past their period and wait for the director's "
        "confirmation, and how many confirmed ones wait. --apply-confirmed: anonymise the records the "
        "director confirmed (the timer's job; each record in its own transaction, safe to run again). "
        "--backups: archives in the backup folder older than the longest period (exit 1 if any)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true")
        parser.add_argument("--apply-confirmed", action="store_true")
        parser.add_argument("--backups", action="store_true")
        parser.add_argument("--folder", type=Path, help="backup folder (default ISENIM_BACKUP_DIR)")
        parser.add_argument("--limit", type=int, default=None, help="at most this many records per run")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if not (options["list"] or options["apply_confirmed"] or options["backups"]):
            raise CommandError("Say what to do: --list, --apply-confirmed or --backups.")
        report: dict = {}
        if options["list"]:
            periods = services.periods()
            due = services.due_counts()
            report["due"] = {kind: {"months": periods[kind], "due": due[kind]} for kind in Kind.values}
            report["confirmed_waiting"] = services.waiting().count()
            if not options["json"]:
                for kind, label in Kind.choices:
                    self.stdout.write(f"{kind}: kept {periods[kind]} months, due {due[kind]}  ({label})")
                self.stdout.write(f"confirmed, waiting: {report['confirmed_waiting']}")
        if options["apply_confirmed"]:
            report["applied"] = services.apply_confirmed(limit=options["limit"])
            if not options["json"]:
                done = report["applied"]
                self.stdout.write(
                    f"anonymised: {done['done']}; cancelled (no longer due): {done['cancelled']}"
                )
        stale = []
        if options["backups"]:
            folder = options["folder"] or backups.backup_folder()
            found = backups.archives(folder)
            if found is None:
                raise CommandError(f"cannot read the backup folder {folder}")
            stale = [archive for archive in found if archive.too_old]
            report["backups"] = {
                "folder": str(folder),
                "longest_months": services.longest_period(),
                "too_old": [archive.name for archive in stale],
                "before_last_erasure": [archive.name for archive in found if archive.before_erasure],
            }
            if not options["json"]:
                longest = services.longest_period()
                self.stdout.write(
                    f"{len(found)} archives in {folder}; older than {longest} months: {len(stale)}"
                )
                for archive in stale:
                    self.stdout.write(f"delete {folder / archive.name}  (made {archive.made:%Y-%m-%d})")
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        if stale:
            raise CommandError(f"{len(stale)} backup archives are older than the longest retention period")
