"""``isenim grant-report``: a donor report from the console, for scheduled reports.

    isenim grant-report [--project CODE] [--period 2026-Q3] [--language kaa]
                        --format pdf|xlsx|json --output FILE

The project defaults to the only one (several: name it); the period to the latest of the project's reporting
rhythm that has ended (none yet: the current one); the language to Karakalpak. JSON: the project, its
coverage (covered and target assemblies by name) and every indicator with its target and actual for the
period. Counts of case data under 11 are "fewer than 11", as in every file.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from isenim.core.access import Perm, can
from isenim.grants.choices import ReportLanguage
from isenim.grants.models import GrantProject, Report, ReportingPeriod
from isenim.grants.report_files import json_bytes, pdf_bytes, xlsx_bytes
from isenim.grants.selectors.reports import report_content
from isenim.grants.services.values import refresh_actuals

MAKERS = {"pdf": pdf_bytes, "xlsx": xlsx_bytes, "json": json_bytes}


def _project(code: str | None) -> GrantProject:
    if code:
        project = GrantProject.objects.filter(code=code).first()
        if project is None:
            raise CommandError(f"No grant project with the code {code!r}.")
        return project
    projects = list(GrantProject.objects.order_by("code")[:2])
    if len(projects) != 1:
        raise CommandError(
            "Name the project with --project CODE" + (" (there is none)." if not projects else ".")
        )
    return projects[0]


def _period(project: GrantProject, label: str | None) -> ReportingPeriod:
    periods = ReportingPeriod.objects.filter(project=project)
    if label:
        period = periods.filter(label=label).first()
        if period is None:
            known = ", ".join(periods.order_by("starts_on").values_list("label", flat=True))
            raise CommandError(f"The project has no period {label!r} (its periods: {known or 'none'}).")
        return period
    today = timezone.localdate()
    rhythm = periods.filter(kind=project.reporting)
    period = (
        rhythm.filter(ends_on__lt=today).order_by("-ends_on").first()
        or rhythm.filter(starts_on__lte=today).order_by("-starts_on").first()
    )
    if period is None:
        raise CommandError("The project has no period that has begun: name one with --period.")
    return period


class Command(BaseCommand):
    help = "Write a donor report of a grant project for a period as PDF, XLSX or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="the project's code (default: the only project)")
        parser.add_argument("--period", help="e.g. 2026-Q3 (default: the latest period that has ended)")
        parser.add_argument("--language", choices=ReportLanguage.values, default=ReportLanguage.KAA)
        parser.add_argument("--format", choices=sorted(MAKERS), required=True)
        parser.add_argument("--output", required=True, help="the file to write ('-': standard output)")
        parser.add_argument(
            "--compute-as",
            metavar="USERNAME",
            help="compute the period's actuals from the data first, in this staff member's name (audited); "
            "without it the actuals are those last computed (a report built, the results page's button)",
        )

    def handle(self, *args, **options):
        project = _project(options["project"])
        period = _period(project, options["period"])
        if options["compute_as"]:
            user = get_user_model().objects.filter(username=options["compute_as"], is_active=True).first()
            if user is None or not can(user, Perm.MANAGE_GRANTS):
                raise CommandError(
                    f"{options['compute_as']!r} is not an active member of staff who manages grants."
                )
            with transaction.atomic():
                refresh_actuals(project, period, actor=user)
        # The narrative of the period's report in that language, if one was written (the submitted one first).
        report = (
            Report.objects.filter(period=period, language=options["language"])
            .order_by("-state", "-created_at")
            .first()
        )
        content = report_content(project, period, options["language"], report.narrative if report else None)
        data = MAKERS[options["format"]](content)
        if options["output"] == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(
                data.decode()
            )
            return
        Path(options["output"]).write_bytes(data)
        self.stderr.write(f"{project.code} {period.label} ({options['language']}): {options['output']}")
