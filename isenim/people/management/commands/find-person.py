import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils.translation import gettext as _

from isenim.core.access import Perm
from isenim.core.audit import record_access
from isenim.geo.models import AdminUnit
from isenim.people.importing import console_operator, parse_date, staff_actor
from isenim.people.matching import AGE_TOLERANCE, Probe
from isenim.people.search import search_people

DISTRICT_LEVELS = ("district", "city")
FIRST_YEAR = 1900


class Command(BaseCommand):
    help = (
        "Find people by name in any script, best match first. With --batch FILE: one name per line "
        "(optionally TAB and a birth date), one JSON list per line. --district SOATO ranks the people of "
        "that district or city higher, in every search. Each search is recorded as an access event "
        "(without the query)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the name to look for, in any script")
        parser.add_argument("--birth-date", help="YYYY-MM-DD or DD.MM.YYYY")
        parser.add_argument(
            "--birth-year",
            type=int,
            metavar="YEAR",
            help="an approximate year of birth, e.g. this year minus a stated age: people born within "
            f"{AGE_TOLERANCE} years of it rank higher; others are still found",
        )
        parser.add_argument(
            "--district",
            metavar="SOATO",
            help="home district or city (SOATO code): its people rank higher; others are still found",
        )
        parser.add_argument("--limit", type=int, default=10, help="at most this many people (default 10)")
        parser.add_argument("--json", action="store_true", help="a JSON list of {code, score, display_name}")
        parser.add_argument(
            "--batch", help="file with one name per line (UTF-8); prints one JSON list per line, in order"
        )
        parser.add_argument("--actor", help="username of the staff account responsible for the search")

    @no_translations
    def handle(self, *args, **options):
        if bool(options["name"]) == bool(options["batch"]):
            raise CommandError(_("give either a NAME or --batch FILE"))
        if options["limit"] < 1:
            raise CommandError(_("--limit must be at least 1"))
        self.limit = options["limit"]
        self.actor = None
        if options["actor"]:
            try:
                self.actor = staff_actor(options["actor"], Perm.VIEW_PEOPLE)
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.operator = console_operator()
        self.district_id = self._district(options["district"]) if options["district"] else None
        if options["batch"]:
            self._batch(options["batch"])
            return
        birth_date = ""
        if options["birth_date"]:
            try:
                birth_date = parse_date(options["birth_date"]).isoformat()
            except ValueError as error:
                raise CommandError(_("--birth-date: write YYYY-MM-DD or DD.MM.YYYY")) from error
        year = options["birth_year"]
        if year is not None and not FIRST_YEAR <= year <= date.today().year:
            raise CommandError(
                _("--birth-year: give a year from %(first)s to %(last)s")
                % {"first": FIRST_YEAR, "last": date.today().year}
            )
        found = self._search(options["name"], birth_date, year)
        if options["json"]:
            self.stdout.write(json.dumps(found, ensure_ascii=False))
            return
        if not found:
            self.stdout.write(_("no match"))
        for hit in found:
            self.stdout.write(f"{hit['code']}  {hit['score']:.3f}  {hit['display_name']}")

    def _search(self, name: str, birth_date: str, birth_year: int | None = None) -> list[dict]:
        probe = Probe(
            name=name,
            birth_date=birth_date,
            district_id=self.district_id,
            approximate_birth_year=None if birth_date else birth_year,
        )
        matches = search_people(probe, limit=self.limit)
        record_access(
            actor=self.actor,
            kind="search",
            target_type="people.person",
            detail=f"find-person: {len(matches)} results; {self.operator}",
        )
        return [
            {"code": match.code, "score": match.score, "display_name": match.person.display_name()}
            for match in matches
        ]

    def _district(self, soato: str) -> int:
        unit = (
            AdminUnit.objects.filter(soato=soato.strip(), level__in=DISTRICT_LEVELS)
            .values_list("pk", flat=True)
            .first()
        )
        if unit is None:
            raise CommandError(
                _("--district: no district or city has the SOATO code %(code)s")
                % {"code": soato.strip()[:20]}
            )
        return unit

    def _batch(self, path: str) -> None:
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except OSError as error:
            message = _("cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            raise CommandError(message) from error
        except UnicodeDecodeError as error:
            raise CommandError(_("%(file)s is not UTF-8 text") % {"file": path}) from error
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line starts no new one
        for number, line in enumerate(lines, 1):
            name, _tab, birth = line.rstrip("\r").partition("\t")
            birth_date = ""
            if birth.strip():
                try:
                    birth_date = parse_date(birth.strip()).isoformat()
                except ValueError:
                    self.stderr.write(
                        _("line %(line)d: birth date not understood, searched by name only")
                        % {"line": number}
                    )
            found = self._search(name.strip(), birth_date) if name.strip() else []
            self.stdout.write(json.dumps(found, ensure_ascii=False))
