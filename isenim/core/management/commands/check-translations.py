from django.core.management.base import BaseCommand, CommandError

from isenim.core.i18n_tools import check_catalogs


class Command(BaseCommand):
    help = "Fail when any catalog is incomplete, fuzzy, stale or has text in the wrong script."

    def handle(self, *args, **options):
        problems = check_catalogs()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} translation problems")
        self.stdout.write("translations: every catalog complete, in its own script")
