"""The case page is made of sections, one per part of the case file (assessment, plan, services, notes…).

Each part registers its section from its own views module, so adding a part touches no shared view:

    @section("notes", _("Notes"), "cases/sections/notes.html", order=60)
    def notes_section(request, case) -> dict: ...   # the section's template context (or None to hide it)

Sections read through selectors like any view, so what a section shows is narrowed by the access policy.
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


SECTIONS: dict[str, Section] = {}


def section(key: str, title, template: str, *, order: int):
    def register(function: Callable) -> Callable:
        SECTIONS[key] = Section(key, title, template, order, function)
        return function

    return register


def render_sections(request, case) -> list[dict]:
    rendered = []
    for item in sorted(SECTIONS.values(), key=lambda s: s.order):
        context = item.context(request, case)
        if context is None:
            continue
        html = render_to_string(item.template, {"case": case, **context}, request=request)
        rendered.append({"key": item.key, "title": item.title, "html": html})
    return rendered
