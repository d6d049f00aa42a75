"""The one chart component: matplotlib, rendered on the server (docs/decisions.md, "Charts: matplotlib…").

    chart = Chart(
        title=_("Appeals by month"),
        labels=["Jan", "Feb", ...],
        series=[Series(_("Appeals"), [12, Published(None, 5, "small"), 30, ...])],
        kind="bar",  # "bar" (grouped), "line", "hbar" (long labels), "stacked"
        unit=_("appeals"),
        note=_("Appeals measure help-seeking, not how many people are harmed."),
    )

- On a page: ``{% load charts %}{% chart chart %}`` — a ``<figure>`` with the chart as an SVG image (an
  ``<img>`` with a ``data:`` address: the strict CSP allows ``img-src data:``; no script, no style, no
  external host), a ``<figcaption>`` and a ``<table>`` of the same figures (for screen readers, for copying,
  and printed with the page).
- In a PDF (fpdf2): ``doc.image(io.BytesIO(render_png(chart)), w=doc.epw)``.
- From a table of counts under disclosure control: ``chart_of_table(safe_table(...), title)`` (one label
  per row, one series per column).

Values are numbers, ``None`` (a gap: never drawn as 0) or ``core.disclosure.Published`` (a suppressed count
is a gap in the chart and "fewer than k" in the table). Text is drawn as paths (DejaVu Sans, bundled with
matplotlib): every Karakalpak letter shows and nothing is fetched. The SVG is deterministic (fixed hash
salt, no date), so the same chart gives the same bytes; rendered charts are kept in a small in-process LRU
cache keyed by a hash of their content and the interface language.

Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies); bars also carry a hatch
pattern and lines a marker and a dash pattern per series, so a chart printed in grey still tells its
series apart.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import numbers
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import get_language

from isenim.core.disclosure import Published, SafeTable

KINDS = ("bar", "line", "hbar", "stacked")

# Okabe & Ito (2008), ordered so that neighbours also differ in lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "++", "--")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", "-.", ":", "-", "--", "-.", ":")

WIDTH_IN = 8.0
HEIGHT_IN = 3.6
CACHE_SIZE = 128


@dataclass(frozen=True)
class Series:
    """One named row of values, in the order of the chart's labels."""

    name: str
    values: Sequence = field(default_factory=tuple)

    def __post_init__(self):
        object.__setattr__(self, "name", str(self.name))
        object.__setattr__(self, "values", tuple(self.values))
        for value in self.values:
            if isinstance(value, bool) or not (value is None or isinstance(value, Published | numbers.Real)):
                raise TypeError(f"A chart value is a number, None or a Published count, not {value!r}")

    @property
    def numbers(self) -> tuple[float | None, ...]:
        """The values to draw: None for a gap (a missing value or a suppressed count)."""
        return tuple(_number(v) for v in self.values)


@dataclass(frozen=True)
class Chart:
    title: str
    labels: Sequence[str]
    series: Sequence[Series]
    kind: str = "bar"
    unit: str = ""
    note: str = ""

    def __post_init__(self):
        for name in ("title", "unit", "note"):
            object.__setattr__(self, name, str(getattr(self, name)))
        object.__setattr__(self, "labels", tuple(str(label) for label in self.labels))
        object.__setattr__(self, "series", tuple(self.series))
        if self.kind not in KINDS:
            raise ValueError(f"Chart kind {self.kind!r} is not one of {KINDS}")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(
                    f"Series {series.name!r} has {len(series.values)} values for {len(self.labels)} labels"
                )

    def key(self) -> str:
        """A hash of everything drawn, with the language (numbers on the axis are formatted in it)."""
        content = repr(
            (
                self.title,
                self.labels,
                [(s.name, s.numbers) for s in self.series],
                self.kind,
                self.unit,
                self.note,
            )
        )
        return hashlib.sha256(f"{get_language()}|{content}".encode()).hexdigest()

    @property
    def rows(self) -> list[tuple[str, list]]:
        """The figures as the table shows them: one row per label, one value per series."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]


def chart_of_table(
    table: SafeTable,
    title: str,
    *,
    kind: str = "bar",
    unit: str = "",
    note: str = "",
    row_label=str,
    col_label=None,
) -> Chart:
    """A chart of a ``core.disclosure.SafeTable``: one label per row, one series per column (a one-way
    table from ``safe_counts`` is a single series named by ``col_label(None)``, by default "")."""
    if col_label is None:
        col_label = _column_name
    return Chart(
        title,
        [row_label(r) for r in table.row_keys],
        [Series(col_label(c), table.column(c)) for c in table.col_keys],
        kind=kind,
        unit=unit,
        note=note,
    )


def _column_name(key) -> str:
    return "" if key is None else str(key)


def _number(value) -> float | None:
    if isinstance(value, Published):
        return value.value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def format_value(value) -> str:
    """A value for the table: the number in the interface's format, "fewer than k", or "—" (no value)."""
    if isinstance(value, Published):
        return str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, 1, force_grouping=True)
    return number_format(int(value), force_grouping=True)


# --- rendering ---------------------------------------------------------------------------------------------

_lock = threading.Lock()  # matplotlib's global state (rcParams, font cache) is not thread-safe
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def _cached(key: tuple, render) -> bytes:
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = render()
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def render_svg(chart: Chart, *, titled: bool = True) -> str:
    """The chart as an SVG document (text as paths). ``titled=False`` leaves the title and note out, for
    a page that shows them in the ``<figcaption>``."""
    data = _cached((chart.key(), "svg", titled), lambda: _render(chart, "svg", titled=titled))
    return data.decode()


def render_png(chart: Chart, dpi: int = 150, *, titled: bool = True) -> bytes:
    """The chart as a PNG of WIDTH_IN × the chart's height in inches at ``dpi``, for fpdf2."""
    return _cached((chart.key(), "png", dpi, titled), lambda: _render(chart, "png", dpi=dpi, titled=titled))


def svg_data_uri(chart: Chart, *, titled: bool = False) -> str:
    """The SVG as a ``data:`` address for an ``<img>`` (cached too: a page shows it without re-encoding)."""
    data = _cached(
        (chart.key(), "uri", titled),
        lambda: b"data:image/svg+xml;base64," + base64.b64encode(render_svg(chart, titled=titled).encode()),
    )
    return data.decode()


def figure_size(chart: Chart) -> tuple[float, float]:
    """Width and height in inches: horizontal bars grow with their number of labels."""
    if chart.kind == "hbar":
        bars = len(chart.labels) * max(1, len(chart.series))
        return WIDTH_IN, max(HEIGHT_IN, 0.9 + 0.22 * bars + 0.3 * len(chart.labels))
    return WIDTH_IN, HEIGHT_IN


RC = {
    "svg.fonttype": "path",  # text as outlines: no font to fetch, every letter as drawn here
    "svg.hashsalt": "isenim",  # stable ids: the same chart gives the same bytes
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.6,
    "hatch.color": "#ffffff",
}


def _matplotlib():
    """matplotlib, imported on first use (it takes a while; most processes never draw a chart). Its font
    cache lives under the project's var directory, not in a home directory the service may not have."""
    import os

    from django.conf import settings

    os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg", force=False)
    return matplotlib


def _render(chart: Chart, fmt: str, *, dpi: int = 100, titled: bool = True) -> bytes:
    matplotlib = _matplotlib()
    buffer = io.BytesIO()
    with _lock, matplotlib.rc_context(RC):
        figure = _figure(chart, dpi=dpi, titled=titled)
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt))
    return _smaller_svg(buffer.getvalue()) if fmt == "svg" else buffer.getvalue()


_DIGITS = re.compile(r"(\.\d)\d+")
_PATH_DATA = re.compile(r' d="([^"]*)"')
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINE_BREAK = re.compile(r"\s*\n\s*")
_BETWEEN_TAGS = re.compile(r">\s+<")


def _smaller_svg(svg: bytes) -> bytes:
    """A third smaller (it travels base64-encoded in the page): path coordinates cut to a tenth of a point
    (of a glyph unit in glyph outlines; never in transforms, whose scales are small), no comments, no line
    breaks, no space between elements."""
    text = _COMMENT.sub("", svg.decode())
    text = _PATH_DATA.sub(lambda match: ' d="' + _DIGITS.sub(r"\1", match.group(1)) + '"', text)
    text = _LINE_BREAK.sub(" ", text)
    return _BETWEEN_TAGS.sub("><", text).encode()


def _figure(chart: Chart, *, dpi: int = 100, titled: bool = True):
    """The matplotlib Figure of the chart (call within ``rc_context(RC)``)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    width, height = figure_size(chart)
    figure = Figure(figsize=(width, height), dpi=dpi)
    axes = figure.add_subplot()
    _draw(chart, axes)
    value_axis = axes.xaxis if chart.kind == "hbar" else axes.yaxis
    if all(isinstance(v, int) for s in chart.series for v in s.numbers if v is not None):
        value_axis.set_major_locator(MaxNLocator(integer=True))
    value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: _axis_number(v)))
    if chart.unit:
        (axes.set_xlabel if chart.kind == "hbar" else axes.set_ylabel)(chart.unit)
    axes.grid(axis="x" if chart.kind == "hbar" else "y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    legend_rows = math.ceil(len(chart.series) / LEGEND_COLUMNS) if len(chart.series) > 1 else 0
    if legend_rows:
        figure.legend(
            loc="lower center", ncols=min(LEGEND_COLUMNS, len(chart.series)), frameon=False, borderaxespad=0.2
        )
    if titled and chart.title:
        figure.suptitle(chart.title, fontsize=11, fontweight="bold", y=1 - 0.08 / height, va="top")
    if titled and chart.note:
        axes.set_title(chart.note, fontsize=8, loc="left", color="#444444")
    # Margins set by hand from the text's length: matplotlib's automatic layout doubles the time.
    left, bottom, top = _margins(chart, titled, legend_rows)
    figure.subplots_adjust(
        left=left / width, right=1 - 0.2 / width, bottom=bottom / height, top=1 - top / height
    )
    return figure


CHAR_IN = 0.075  # the width of a character at 9 pt, in inches, roughly
LEGEND_COLUMNS = 4


def _margins(chart: Chart, titled: bool, legend_rows: int) -> tuple[float, float, float]:
    """Left, bottom and top margins in inches."""
    longest = max((len(label) for label in chart.labels), default=0)
    values = [abs(v) for s in chart.series for v in s.numbers if v is not None]
    number_chars = len(_axis_number(max(values, default=0))) + 1
    legend = 0.28 * legend_rows
    if chart.kind == "hbar":
        left = min(0.15 + CHAR_IN * longest, 0.45 * WIDTH_IN)
        bottom = 0.35 + (0.25 if chart.unit else 0) + legend
    else:
        left = 0.2 + CHAR_IN * number_chars + (0.25 if chart.unit else 0)
        tick_labels = CHAR_IN * longest * 0.72 if _rotated(chart) else 0.18
        bottom = 0.2 + tick_labels + legend
    top = 0.15 + (0.35 if titled and chart.title else 0) + (0.25 if titled and chart.note else 0)
    return left, bottom, top


def _rotated(chart: Chart) -> bool:
    return len(chart.labels) > 8 or max((len(label) for label in chart.labels), default=0) > 10


def _metadata(fmt: str) -> dict:
    if fmt == "svg":
        return {"Date": None, "Creator": None}
    return {"Software": None}


def _axis_number(value: float) -> str:
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(value, 1, force_grouping=True)


def _draw(chart: Chart, axes) -> None:
    count = len(chart.labels)
    positions = list(range(count))
    series = chart.series
    if chart.kind == "line":
        for n, s in enumerate(series):
            ys = [math.nan if v is None else v for v in s.numbers]  # NaN breaks the line: a gap
            axes.plot(
                positions,
                ys,
                label=s.name,
                color=PALETTE[n % len(PALETTE)],
                linestyle=DASHES[n % len(DASHES)],
                marker=MARKERS[n % len(MARKERS)],
                markersize=4,
                linewidth=1.6,
            )
        axes.set_ylim(bottom=0)
    elif chart.kind == "stacked":
        bottoms = [0.0] * count
        # A label with a suppressed part is left out whole: its other parts, stacked, would mislead.
        complete = [all(s.numbers[i] is not None for s in series) for i in range(count)]
        for n, s in enumerate(series):
            heights = [v if complete[i] else 0 for i, v in enumerate(s.numbers)]
            xs = [i for i in positions if complete[i]]
            axes.bar(
                xs,
                [heights[i] for i in xs],
                bottom=[bottoms[i] for i in xs],
                label=s.name,
                **_bar_style(n),
            )
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    else:
        width = 0.8 / max(1, len(series))
        for n, s in enumerate(series):
            offset = (n - (len(series) - 1) / 2) * width
            xs = [i + offset for i, v in enumerate(s.numbers) if v is not None]
            values = [v for v in s.numbers if v is not None]  # a missing value is no bar, never a 0 bar
            if chart.kind == "hbar":
                axes.barh(xs, values, height=width, label=s.name, **_bar_style(n))
            else:
                axes.bar(xs, values, width=width, label=s.name, **_bar_style(n))
    if chart.kind == "hbar":
        axes.set_yticks(positions, chart.labels)
        axes.invert_yaxis()  # the first label on top, as in the table
        axes.set_xlim(left=0)
    else:
        rotated = _rotated(chart)
        axes.set_xticks(
            positions,
            chart.labels,
            rotation=45 if rotated else 0,
            ha="right" if rotated else "center",
            rotation_mode="anchor",
        )
        axes.set_xlim(-0.6, count - 0.4)


def _bar_style(n: int) -> dict:
    return {
        "color": PALETTE[n % len(PALETTE)],
        "hatch": HATCHES[n % len(HATCHES)],
        "edgecolor": "#ffffff",
        "linewidth": 0.5,
    }
