from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.people.importing import ImportFileError, console_operator, import_people, staff_actor


class Command(BaseCommand):
    help = (
        "Import people from a CSV (UTF-8, comma or semicolon) or XLSX file with the columns last_name, "
        "first_name, middle_name, birth_date, sex, phone, district_soato, external_id. Rejected rows and "
        "possible duplicates are listed, not imported; the rest is imported in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument("--actor", help="username of the staff account responsible for the import")
        parser.add_argument("--dry-run", action="store_true", help="check and report, import nothing")

    @no_translations  # console output in English for now; messages go through gettext for later
    def handle(self, *args, **options):
        actor = None
        if options["actor"]:
            try:
                actor = staff_actor(options["actor"], Perm.VIEW_PEOPLE)
            except ValueError as error:
                raise CommandError(str(error)) from error
        try:
            report = import_people(
                options["file"],
                actor=actor,
                operator=console_operator(),
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            message = _("cannot import %(file)s: %(error)s") % {"file": options["file"], "error": error}
            raise CommandError(message) from error
        except Exception as error:
            raise CommandError(
                _("the import failed and nothing was imported (%(error)s)")
                % {"error": f"{type(error).__name__}: {error}"}
            ) from error
        if report.ignored_columns:
            self.stdout.write(
                _("ignored columns: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
        counts = {
            "imported": len(report.imported),
            "duplicates": len(report.duplicates),
            "rejected": len(report.rejected),
        }
        if report.dry_run:
            self.stdout.write(_("dry run: nothing was imported"))
            summary = _(
                "would import %(imported)d / possible duplicates %(duplicates)d / rejected %(rejected)d"
            )
        else:
            summary = _("imported %(imported)d / possible duplicates %(duplicates)d / rejected %(rejected)d")
        self.stdout.write(summary % counts)
        for number, message in report.lines():
            self.stdout.write(_("row %(row)d: %(message)s") % {"row": number, "message": message})
        if options["verbosity"] >= 2:
            rate = report.rows_read / report.seconds if report.seconds else 0
            self.stdout.write(
                _("%(rows)d rows read, checked and imported in %(seconds).2f s: %(rate).0f rows/s")
                % {"rows": report.rows_read, "seconds": report.seconds, "rate": rate}
            )
