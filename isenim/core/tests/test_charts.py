"""The chart component: SVG and PNG drawn on the server, gaps for missing values, the figure's table."""

import base64
import io
import math
import re
import warnings
from html.parser import HTMLParser

import pytest
from defusedxml import ElementTree
from django.template import Context, Template
from django.utils import translation
from PIL import Image

from isenim.core import charts
from isenim.core.charts import Chart, Series, chart_of_table, render_png, render_svg
from isenim.core.disclosure import safe_count, safe_table

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SVG = "{http://www.w3.org/2000/svg}"


def year_chart(kind="bar", title="Appeals by month", **kwargs) -> Chart:
    return Chart(
        title,
        MONTHS,
        [
            Series("Women", [3 * i + 1 for i in range(12)]),
            Series("Men", [40 - 2 * i for i in range(12)]),
            Series("Children", [i % 5 for i in range(12)]),
        ],
        kind=kind,
        unit="people",
        **kwargs,
    )


@pytest.mark.parametrize("kind", charts.KINDS)
def test_svg_is_xml_with_no_script_no_external_reference_and_no_text_to_render(kind):
    svg = render_svg(year_chart(kind, note="A note"))
    root = ElementTree.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    tags = {element.tag for element in root.iter()}
    assert f"{SVG}script" not in tags and f"{SVG}foreignObject" not in tags
    assert f"{SVG}text" not in tags, "text is drawn as paths: no font is needed"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith("#"), f"external reference {value}"
            assert not name.lower().startswith("on"), f"event handler {name}"
    assert "http://" not in svg.replace("http://www.w3.org/", "").replace("http://purl.org/dc/", "").replace(
        "http://creativecommons.org/ns#", ""
    ).replace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "")


def test_shortening_the_svg_keeps_its_text_and_shapes():
    svg = render_svg(year_chart(title="Scales"))
    scales = re.findall(r"scale\(([-\d.e]+)(?: ([-\d.e]+))?\)", svg)
    assert scales, "glyphs are placed with scale()"
    assert all(float(x) != 0 and float(y or x) != 0 for x, y in scales), "a glyph scaled to nothing"
    glyphs = re.findall(r'<path id="(DejaVuSans[^"]*)" d="([^"]*)"', svg)
    assert glyphs and all(d.strip() for _, d in glyphs)


def test_svg_is_the_same_for_the_same_chart():
    chart = year_chart(title="Same bytes")
    first = render_svg(chart)
    charts.clear_cache()
    assert render_svg(chart) == first
    assert "<dc:date>" not in first


@pytest.mark.parametrize("dpi", [72, 150])
def test_png_decodes_at_the_expected_size(dpi):
    png = render_png(year_chart(), dpi=dpi)
    image = Image.open(io.BytesIO(png))
    image.verify()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (round(charts.WIDTH_IN * dpi), round(charts.HEIGHT_IN * dpi))


def test_horizontal_bars_grow_with_their_labels():
    few = Chart("t", ["a", "b"], [Series("s", [1, 2])], kind="hbar")
    many = Chart("t", [f"campaign {i}" for i in range(30)], [Series("s", list(range(30)))], kind="hbar")
    assert charts.figure_size(many)[1] > charts.figure_size(few)[1]
    assert Image.open(io.BytesIO(render_png(many, dpi=50))).size[1] == round(charts.figure_size(many)[1] * 50)


def figure_of(chart):
    matplotlib = charts._matplotlib()
    with matplotlib.rc_context(charts.RC):
        return charts._figure(chart)


def bars(figure) -> list[tuple[float, float]]:
    """(centre, height) of every bar drawn."""
    axes = figure.axes[0]
    return sorted((p.get_x() + p.get_width() / 2, p.get_height()) for p in axes.patches)


def test_a_missing_value_is_a_gap_never_a_zero_bar():
    chart = Chart("t", ["a", "b", "c", "d"], [Series("s", [5, None, 0, safe_count(3, 5)])])
    drawn = bars(figure_of(chart))
    assert [round(x, 6) for x, _ in drawn] == [0, 2]  # b (None) and d (suppressed) have no bar at all
    assert drawn[0][1] == 5 and drawn[1][1] == 0  # a real zero is a bar of height 0


def test_a_missing_value_breaks_a_line():
    chart = Chart("t", ["a", "b", "c"], [Series("s", [5, None, 7])], kind="line")
    (line,) = figure_of(chart).axes[0].get_lines()
    ys = list(line.get_ydata())
    assert ys[0] == 5 and math.isnan(ys[1]) and ys[2] == 7


def test_a_stack_with_a_hidden_part_is_left_out_whole():
    chart = Chart("t", ["a", "b"], [Series("x", [4, safe_count(2, 5)]), Series("y", [6, 8])], kind="stacked")
    drawn = bars(figure_of(chart))
    assert {round(x, 6) for x, _ in drawn} == {0}


def test_every_karakalpak_letter_is_drawn():
    letters = "ӘәӨөҮүҢңҒғҚқЎўҲҳ Қарақалпақстан"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_png(Chart(letters, [letters], [Series(letters, [1])]), dpi=40)
    missing = [w for w in caught if "missing" in str(w.message).lower()]
    assert missing == []


def test_bad_charts_are_refused():
    with pytest.raises(ValueError):
        Chart("t", ["a"], [Series("s", [1])], kind="pie")
    with pytest.raises(ValueError):
        Chart("t", ["a", "b"], [Series("s", [1])])
    with pytest.raises(TypeError):
        Series("s", ["12"])


def test_rendered_charts_are_cached_and_the_cache_is_bounded(monkeypatch):
    charts.clear_cache()
    calls = []
    real = charts._render
    monkeypatch.setattr(charts, "_render", lambda *a, **k: calls.append(1) or real(*a, **k))
    chart = Chart("cached", ["a"], [Series("s", [1])])
    assert render_svg(chart) == render_svg(Chart("cached", ["a"], [Series("s", [1])]))
    assert len(calls) == 1
    with translation.override("ru"):
        render_svg(chart)  # numbers on the axis are formatted in the language: another entry
    assert len(calls) == 2
    monkeypatch.setattr(charts, "CACHE_SIZE", 2)
    monkeypatch.setattr(charts, "_render", lambda *a, **k: b"<svg/>")
    for n in range(5):
        render_svg(Chart(f"c{n}", ["a"], [Series("s", [n])]))
    assert len(charts._cache) == 2


class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.attrs, self.tags = [], [], []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_the_template_tag_renders_the_figure_its_caption_and_a_table_of_the_same_figures():
    chart = Chart(
        "Appeals by month",
        ["Jan", "Feb", "Mar"],
        [Series("Appeals", [12, safe_count(3, 5), 1250]), Series("Calls", [None, 7.5, 0])],
        note="Appeals measure help-seeking.",
    )
    with translation.override("en"):
        html = Template('{% load charts %}{% chart chart "Month" %}').render(Context({"chart": chart}))
    parser = Cells()
    parser.feed(html)
    assert parser.rows == [
        ["Month", "Appeals", "Calls"],
        ["Jan", "12", "—"],
        ["Feb", "fewer than 5", "7.5"],
        ["Mar", "1,250", "0"],
    ]
    assert "<figure" in html and "<figcaption>" in html and "Appeals measure help-seeking." in html
    (src,) = re.findall(r'<img class="chart-image" src="([^"]+)" alt="[^"]+"', html)
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1])
    ElementTree.fromstring(svg)
    # The strict CSP: no inline style or script in the page itself.
    assert "style" not in parser.attrs and "style" not in parser.tags and "script" not in parser.tags
    assert not any(name.startswith("on") for name in parser.attrs)


def test_a_typical_chart_renders():
    """Not a timing assertion: a 12-month, 3-series bar chart renders to both formats."""
    chart = year_chart(title="Typical")
    assert render_svg(chart).startswith("<?xml")
    assert render_png(chart).startswith(b"\x89PNG")


def test_a_chart_of_a_protected_table_has_gaps_where_counts_are_hidden():
    table = safe_table({"Nukus": {"women": 3, "men": 12}, "Xojeli": {"women": 15, "men": 9}}, 5)
    chart = chart_of_table(table, "Appeals", col_label=str.title)
    assert chart.labels == ("Nukus", "Xojeli")
    assert [s.name for s in chart.series] == ["Women", "Men"]
    assert chart.series[0].numbers == (None, None)  # 3 is small; 15 hidden so 3 cannot be worked out
    with translation.override("en"):
        html = Template("{% load charts %}{% chart chart %}").render(Context({"chart": chart}))
    assert "fewer than 5" in html and "hidden" in html
