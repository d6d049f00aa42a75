"""``isenim bench <benchmark> ...``: performance benchmarks that run in a scratch database.

Each benchmark is a module of the repository's ``bench/`` folder with ``add_arguments(parser)`` and
``handle(options, stdout, stderr)``; add one to ``BENCHMARKS`` to get ``isenim bench <name>``.
See docs/performance.md.
"""

import importlib
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "dedup": ("bench.dedup", "Duplicate check: search_people against brute force, in a scratch database."),
    "cases": (
        "bench.cases",
        "Case list (filters, pages) and My work: server time and queries per page, in a scratch database.",
    ),
    "load": (
        "bench.load",
        "The production layout (gunicorn, PostgreSQL, the worker) under many signed-in staff at once.",
    ),
    "backup": (
        "bench.backup",
        "isenim backup, --verify and restore of a scratch database with its vault files, timed.",
    ),
    "prevention": (
        "bench.prevention",
        "Prevention dashboard, campaign page and stock balances at ten years of a network of centres.",
    ),
    "grants": (
        "bench.grants",
        "Targets against actuals (30 indicators × 12 quarters) and the donor report's PDF, large database.",
    ),
    "insights": (
        "bench.insights",
        "Pivots, dashboards, the CTDC export and a comparison import at 1,000,000 appeals, 300,000 cases.",
    ),
}


def _load(module: str):
    root = str(settings.BASE_DIR)
    if root not in sys.path:  # bench/ lives beside the package, not inside it
        sys.path.insert(0, root)
    return importlib.import_module(module)


class Command(BaseCommand):
    help = "Run a benchmark in a scratch database (never the configured one). See docs/performance.md."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
        for name, (module, text) in BENCHMARKS.items():
            sub_parser = sub.add_parser(name, help=text, description=text)
            _load(module).add_arguments(sub_parser)

    def handle(self, *args, **options):
        module = _load(BENCHMARKS[options["benchmark"]][0])
        try:
            module.handle(options, self.stdout, self.stderr)
        except module.BenchError as exc:
            raise CommandError(str(exc)) from exc
