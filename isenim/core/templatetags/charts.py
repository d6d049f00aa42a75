"""``{% load charts %}{% chart chart %}``: a chart of ``core.charts`` as a figure with its table."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext

from isenim.core.charts import Chart, format_value, svg_data_uri

register = template.Library()


@register.simple_tag
def chart(chart: Chart, label_heading: str = ""):
    """The figure: the SVG as an ``<img>`` (data address), the caption, and a table of the same figures.
    ``label_heading`` heads the table's first column (e.g. "Month")."""
    return render_to_string(
        "core/_chart.html",
        {
            "chart": chart,
            "image": svg_data_uri(chart),
            "alt": gettext("%(title)s: chart; the figures are in the table below it.")
            % {"title": chart.title},
            "label_heading": label_heading,
            "rows": [(label, [format_value(v) for v in values]) for label, values in chart.rows],
        },
    )
