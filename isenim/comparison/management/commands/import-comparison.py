"""``isenim import-comparison FILE --name NAME``: a file in CTDC's format as a comparison dataset."""

import json

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import gettext as _

from isenim.comparison.services import ComparisonRefusal, import_dataset
from isenim.core.access import Perm
from isenim.people.importing import console_operator, staff_actor


class Command(BaseCommand):
    help = (
        "Import a file in CTDC's format (CSV or XLSX, the same columns in any order; empty, -99, Unknown "
        "mean missing) as the comparison dataset NAME, for the pivot (source comparison:NAME). Rows with a "
        "wrong code are rejected and listed; the other rows are imported in one transaction. A file that is "
        "not CTDC's is refused whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument("--name", required=True, help="the dataset's name (small letters, digits, -, _)")
        parser.add_argument("--title", default="", help="what the dataset is, for the list")
        parser.add_argument("--source", default="", help="where the file comes from (publisher, URL, date)")
        parser.add_argument("--replace", action="store_true", help="replace the dataset of that name")
        parser.add_argument("--synthetic", action="store_true", help="mark it as made-up demonstration data")
        parser.add_argument("--actor", help="username of the staff account responsible for the import")
        parser.add_argument("--json", action="store_true", help="print the import report as JSON")

    @no_translations
    def handle(self, *args, **options):
        actor = None
        if options["actor"]:
            try:
                actor = staff_actor(options["actor"], Perm.MANAGE_COMPARISON)
            except ValueError as error:
                raise CommandError(str(error)) from error
        try:
            report = import_dataset(
                actor=actor,
                path=options["file"],
                name=options["name"],
                title=options["title"],
                source=options["source"],
                replace=options["replace"],
                synthetic=options["synthetic"],
                operator=console_operator(),
            )
        except FileNotFoundError as error:
            raise CommandError(_("cannot read %(file)s: no such file") % {"file": options["file"]}) from error
        except (ComparisonRefusal, OSError) as error:
            raise CommandError(
                _("%(file)s was not imported: %(error)s") % {"file": options["file"], "error": error}
            ) from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            return
        dataset = report.dataset
        self.stdout.write(
            _("%(name)s: imported %(imported)d rows, rejected %(rejected)d (%(rate).0f rows/s)")
            % {
                "name": dataset.name,
                "imported": report.rows_imported,
                "rejected": report.rows_rejected,
                "rate": report.rows_per_second,
            }
        )
        self.stdout.write(_("columns read: %(columns)s") % {"columns": ", ".join(dataset.columns)})
        if report.ignored_columns:
            self.stdout.write(
                _("columns ignored (not CTDC's): %(columns)s")
                % {"columns": ", ".join(report.ignored_columns)}
            )
        for item in report.rejections:
            self.stdout.write(_("row %(row)d: %(reason)s") % item)
        if report.rows_rejected > len(report.rejections):
            self.stdout.write(
                _("… and %(count)d more rejected rows")
                % {"count": report.rows_rejected - len(report.rejections)}
            )
        self.stdout.write(
            _("pivot it: isenim stats --source comparison:%(name)s --rows yearOfRegistration")
            % {"name": dataset.name}
        )
