import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.people.exports import FORMATS, people_to_export, record_export, write_export
from isenim.people.importing import console_operator, staff_actor

LANGUAGE_CODES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = (
        "Export the registry with personal data (code, names, birth date, sex, phones, home district, "
        "external id, registration date) as XLSX or CSV. Recorded as an access event."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, required=True, dest="file_format")
        parser.add_argument(
            "--output", help="file to write (created readable by its owner only); CSV goes to stdout without"
        )
        parser.add_argument("--actor", help="username of the staff account responsible for the export")
        parser.add_argument(
            "--language",
            choices=LANGUAGE_CODES,
            default=settings.LANGUAGE_CODE,
            help="language of district names (default: %(default)s)",
        )

    @no_translations
    def handle(self, *args, **options):
        file_format, output = options["file_format"], options["output"]
        actor = None
        if options["actor"]:
            try:
                actor = staff_actor(options["actor"], Perm.EXPORT_PEOPLE)
            except ValueError as error:
                raise CommandError(str(error)) from error
        if file_format == "xlsx" and not output:
            raise CommandError(_("an XLSX export needs --output FILE"))
        people = people_to_export()
        count = people.count()
        record_export(actor=actor, file_format=file_format, count=count, channel=console_operator())
        language = options["language"]
        if not output:
            self.stdout.ending = ""
            write_export(self.stdout, file_format="csv", language=language, people=people)
            self.stderr.write(_("%(count)d people exported") % {"count": count})
            return
        self._write_file(output, file_format, language, people)
        self.stdout.write(_("%(count)d people exported to %(file)s") % {"count": count, "file": output})

    @staticmethod
    def _write_file(path: str, file_format: str, language: str, people) -> None:
        """Personal data: the file is created readable and writable by its owner only."""
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as error:
            raise CommandError(
                _("cannot write %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from error
        os.fchmod(descriptor, 0o600)
        mode = ("w", {"encoding": "utf-8", "newline": ""}) if file_format == "csv" else ("wb", {})
        try:
            with os.fdopen(descriptor, mode[0], **mode[1]) as out:
                write_export(out, file_format=file_format, language=language, people=people)
        except BaseException:
            os.unlink(path)  # no half-written file with personal data left behind
            raise
