import json
import os

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.core.disclosure import FILE_K
from isenim.core.errors import Refusal
from isenim.exchange.export import FORMATS, export_ctdc
from isenim.people.importing import console_operator, staff_actor


class Command(BaseCommand):
    help = (
        "Write the centre's cases as a k-anonymised file in CTDC's columns (CSV, or XLSX by the file's "
        "extension), record it as a release and print its risk report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["ctdc"], default="ctdc", dest="data_format")
        parser.add_argument("--k", type=int, default=FILE_K, help=f"smallest class (at least {FILE_K})")
        parser.add_argument("--output", required=True, help="file to write (.csv or .xlsx)")
        parser.add_argument("--recipient", default="", help="who receives the file")
        parser.add_argument("--purpose", default="", help="what the file is for")
        parser.add_argument(
            "--risk-report", dest="risk_report", help="also write the risk report (JSON) here"
        )
        parser.add_argument("--actor", help="username of the staff account responsible for the release")
        parser.add_argument("--json", action="store_true", help="print the risk report as JSON")
        parser.add_argument(
            "--no-record",
            action="store_true",
            help="a trial: do not record a release (the file is still written)",
        )

    @no_translations
    def handle(self, *args, **options):
        k, output = options["k"], options["output"]
        if k < FILE_K:
            raise CommandError(
                _("k must be at least %(k)d for a file that leaves the centre.") % {"k": FILE_K}
            )
        file_format = "xlsx" if output.lower().endswith(".xlsx") else "csv"
        if file_format not in FORMATS:
            raise CommandError(_("Unknown format: %(format)s.") % {"format": file_format})
        actor = None
        if options["actor"]:
            try:
                actor = staff_actor(options["actor"], Perm.EXPORT_ANONYMISED)
            except ValueError as error:
                raise CommandError(str(error)) from error
        recipient = options["recipient"] or _("not stated (console)")
        try:
            descriptor = os.open(output, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as error:
            raise CommandError(
                _("cannot write %(file)s: %(error)s") % {"file": output, "error": error.strerror}
            ) from error
        try:
            with os.fdopen(descriptor, "w+b") as stream:
                report = export_ctdc(
                    stream,
                    k=k,
                    actor=actor,
                    recipient=recipient,
                    purpose=options["purpose"],
                    record=not options["no_record"],
                    file_format=file_format,
                    channel=console_operator(),
                )
        except Refusal as refusal:
            os.unlink(output)
            raise CommandError(str(refusal)) from refusal
        except BaseException:
            os.unlink(output)  # never a half-written file
            raise
        data = report.as_json()
        if options["risk_report"]:
            with open(options["risk_report"], "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            _(
                "%(rows)d rows written to %(file)s (k=%(k)d): %(classes)d classes, smallest %(smallest)s; "
                "%(dropped)d cases left out, %(suppressed)d cells suppressed, %(generalised)d generalised; "
                "information lost %(lost).1f%%; sha256 %(sha)s"
            )
            % {
                "rows": report.rows,
                "file": output,
                "k": report.k,
                "classes": report.classes,
                "smallest": report.smallest_class if report.smallest_class is not None else "-",
                "dropped": report.records_dropped,
                "suppressed": report.cells_suppressed,
                "generalised": report.cells_generalised,
                "lost": report.information_lost * 100,
                "sha": report.sha256,
            }
        )
