"""``isenim stats``: the pivot on the console, the same cells the screen shows with suppression applied
(docs/insights.md, "Console"), for scheduled reports and for checking.

    isenim stats --source appeals --rows cause --cols home_district --filter sex=F --period last_12_months
    isenim stats --source comparison:ctdc2023 --rows gender --cols ageBroad --json

k is FILE_K (11) unless a larger one is given: what the console prints may leave the centre.
"""

import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from isenim.core.disclosure import FILE_K
from isenim.insights import periods
from isenim.insights.pivot import PivotError, PivotSpec, dimensions_for, get_source, run_pivot


def _filters(items: list[str]) -> dict[str, tuple[str, ...]]:
    filters: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise CommandError(f"--filter takes DIMENSION=VALUE, not {item!r}.")
        for one in value.split(","):
            if one.strip():
                filters.setdefault(name.strip(), []).append(one.strip())
    return {name: tuple(dict.fromkeys(values)) for name, values in filters.items()}


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} takes a date YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = (
        "Count appeals, cases or a comparison dataset by one or two dimensions, with suppression applied "
        f"(k at least {FILE_K}). --list-dimensions shows what a source offers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", default="appeals", help="appeals, cases or comparison:NAME")
        parser.add_argument("--rows", help="The dimension of the rows.")
        parser.add_argument("--cols", help="The dimension of the columns (optional).")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="DIM=VALUE",
            help="Keep only these values (repeat it; several values of one dimension: VALUE1,VALUE2).",
        )
        parser.add_argument(
            "--k", type=int, default=FILE_K, help=f"Suppress counts under k (at least {FILE_K})."
        )
        parser.add_argument(
            "--period",
            default="all",
            choices=list(periods.PERIODS),
            help="Which appeals or cases by date (default: all). custom needs --from and --to.",
        )
        parser.add_argument("--from", dest="starts_on", help="First day of a custom period, YYYY-MM-DD.")
        parser.add_argument("--to", dest="ends_on", help="Last day of a custom period, YYYY-MM-DD.")
        parser.add_argument(
            "--compare", choices=["previous_year"], help="Also the same period a year earlier."
        )
        parser.add_argument(
            "--percent", choices=["row", "col"], help="Also percentages of the row or column."
        )
        parser.add_argument("--today", help="Count relative periods from this day (YYYY-MM-DD).")
        parser.add_argument("--language", default=None, help="Language of the labels (default: the site's).")
        parser.add_argument("--json", action="store_true", help="JSON instead of a table.")
        parser.add_argument("--list-dimensions", action="store_true", help="List the source's dimensions.")

    def handle(self, *args, **options):
        language = options["language"] or settings.LANGUAGE_CODE
        with translation.override(language):
            self._handle(options)

    def _handle(self, options):
        k = options["k"]
        if k is None or k < FILE_K:
            raise CommandError(
                f"--k must be at least {FILE_K}: counts printed here may leave the centre, and the protection"
                f" model publishes files only with k >= {FILE_K}."
            )
        try:
            if options["list_dimensions"]:
                get_source(options["source"])
                return self._list(options)
            if not options["rows"]:
                raise CommandError("--rows is required (see --list-dimensions).")
            spec = PivotSpec(
                rows=options["rows"],
                cols=options["cols"] or None,
                source=options["source"],
                filters=_filters(options["filter"]),
                period=options["period"],
                starts_on=_day(options["starts_on"], "--from"),
                ends_on=_day(options["ends_on"], "--to"),
                compare=options["compare"] or "",
                percent=options["percent"] or "",
            )
            result = run_pivot(spec, user=None, k=k, today=_day(options["today"], "--today"))
        except PivotError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2, default=str))
        else:
            self._print(result)
            if result.comparison is not None:
                self.stdout.write("")
                self._print(result.comparison)

    def _list(self, options):
        dims = dimensions_for(options["source"], None)
        if options["json"]:
            data = [{"name": d.name, "label": str(d.label)} for d in dims]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        width = max((len(d.name) for d in dims), default=0)
        for d in dims:
            self.stdout.write(f"{d.name.ljust(width)}  {d.label}")

    def _print(self, result):
        table = result.table
        two = result.col_dim is not None
        percent = bool(result.spec.percent)

        def show(entry, row, col):
            text = str(entry)
            if percent:
                value = result.percent_of(row, col)
                text += f" ({value:.1f}%)" if value is not None else " (—)"
            return text

        total_label = translation.gettext("Total")
        header = [f"{result.row_dim.label}"]
        if two:
            header += [str(result.col_labels.get(c, c)) for c in table.col_keys]
        else:
            header.append(str(result.source.unit or result.source.label))
        header.append(total_label) if two else None
        lines = [header]
        for row in table.rows:
            line = [str(result.row_labels.get(row.key, row.key))]
            if two:
                line += [
                    show(cell, row.key, col) for cell, col in zip(row.cells, table.col_keys, strict=True)
                ]
                line.append(show(row.total, row.key, None))
            else:
                line.append(show(row.cells[0], row.key, None))
            lines.append(line)
        footer = [total_label]
        if two:
            footer += [show(t, None, c) for t, c in zip(table.col_totals, table.col_keys, strict=True)]
        footer.append(show(table.total, None, None))
        lines.append(footer)
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        self.stdout.write(f"{result.title} — {result.period_label}")
        for n, line in enumerate(lines):
            cells = [line[0].ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
            ]
            self.stdout.write("  ".join(cells).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(
            translation.gettext(
                "Counts from 1 to %(k)s are not shown, nor any count that would give one of them away."
            )
            % {"k": result.k - 1}
        )
