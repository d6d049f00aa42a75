"""The case page is made of sections, one per part of the case file (assessment, plan, services, notes…).

Each part registers its section from its own views module, so adding a part touches no shared view:

    @section("notes", _("Notes"), "cases/sections/notes.html", order=60)
    def notes_section(request, case) -> dict: ...   # the section's template context (or None to hide it)

Sections read through selectors like any view, so what a section shows is narrowed by the access policy.

The case page stays the same size however long the case: a section whose rows grow with the case shows the
first of them and registers with ``paged=True``; its function then takes ``limit`` (None: every row), and
its template includes "cases/sections/_all.html", the link to the section's own page (``cases:case_section``,
``render_section``) where every row is shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    order: int
    context: Callable
    paged: bool = False  # the context takes ``limit``: rows shown on the case page, None on its own page


SECTIONS: dict[str, Section] = {}


def section(key: str, title, template: str, *, order: int, paged: bool = False):
    def register(function: Callable) -> Callable:
        SECTIONS[key] = Section(key, title, template, order, function, paged)
        return function

    return register


def first(rows: list, limit: int | None) -> list:
    """The rows a section shows: the first ``limit`` (every row with None)."""
    return list(rows) if limit is None else list(rows)[:limit]


def render_sections(request, case) -> list[dict]:
    rendered = []
    for item in sorted(SECTIONS.values(), key=lambda s: s.order):
        context = item.context(request, case)
        if context is None:
            continue
        html = render_to_string(item.template, {"case": case, **context}, request=request)
        rendered.append({"key": item.key, "title": item.title, "html": html})
    return rendered


def render_section(request, case, key: str) -> dict | None:
    """One paged section with every row, for its own page; None for a section that is not paged."""
    item = SECTIONS.get(key)
    if item is None or not item.paged:
        return None
    context = item.context(request, case, limit=None)
    if context is None:
        return None
    html = render_to_string(item.template, {"case": case, "whole": True, **context}, request=request)
    return {"key": item.key, "title": item.title, "html": html}
