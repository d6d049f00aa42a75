"""Registries the apps above the ground floor fill in at start-up (from their ``AppConfig.ready``).

The ground floor (core, geo, accounts) never imports an app above it: an app that adds audit actions,
records that are case content, menu entries or dashboard links registers them here, and core reads them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from isenim.core.access import Perm

# action code → label for people reading the audit log
ACTION_LABELS: dict = {}
# audit target types (an app label "returns", or a model label "guide.consultation") whose values are
# case content: the administrator sees that such an event happened, never its values
CASE_CONTENT_TARGETS: set[str] = set()
# audit target types that are not one model (e.g. "geo" for a reference-data load) → label
EXTRA_TARGET_LABELS: dict = {}


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: object  # a lazy translation
    perm: Perm
    order: int
    # Not shown to those who have this permission too (they reach the page through another entry).
    unless: Perm | None = None


STAFF_MENU: list[MenuEntry] = []
DASHBOARD_LINKS: list[MenuEntry] = []


def register_action_labels(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def register_case_content(*target_types: str) -> None:
    CASE_CONTENT_TARGETS.update(target_types)


def is_case_content(target_type: str) -> bool:
    app_label = target_type.split(".")[0]
    return target_type in CASE_CONTENT_TARGETS or app_label in CASE_CONTENT_TARGETS


def register_target_labels(labels: dict) -> None:
    EXTRA_TARGET_LABELS.update(labels)


def _add(entries: list[MenuEntry], entry: MenuEntry) -> None:
    if any(known.url_name == entry.url_name for known in entries):
        return  # ready() may run twice in tests; an entry is listed once
    entries.append(entry)
    entries.sort(key=lambda known: known.order)


def register_menu_item(url_name: str, label, perm: Perm, *, order: int, unless: Perm | None = None) -> None:
    """An entry of the staff menu, shown to the roles that have ``perm`` (and not ``unless``, when given);
    ``order`` places it."""
    _add(STAFF_MENU, MenuEntry(url_name, label, perm, order, unless))


def register_dashboard_link(url_name: str, label, perm: Perm, *, order: int) -> None:
    """A link on the dashboard (lists kept up to date and settings, used now and then)."""
    _add(DASHBOARD_LINKS, MenuEntry(url_name, label, perm, order))


# Shipped reference data and demo data: each app registers its loaders, and the ground floor's commands
# (``isenim load-reference`` in geo, ``isenim seed-demo`` in accounts) run them without importing the app.
@dataclass(frozen=True)
class ReferenceLoader:
    name: str
    load: Callable[..., dict]  # load(actor=None) -> counts; idempotent, keeps what staff edited
    order: int
    report: str  # one line for the console, formatted with the counts load returned


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    seed: Callable[[], object]  # idempotent
    order: int


REFERENCE_LOADERS: list[ReferenceLoader] = []
DEMO_SEEDERS: list[DemoSeeder] = []


def _add_named(entries: list, entry) -> None:
    if any(known.name == entry.name for known in entries):
        return  # ready() may run twice in tests; a loader runs once
    entries.append(entry)
    entries.sort(key=lambda known: known.order)


def register_reference_loader(name: str, load, *, order: int, report: str) -> None:
    """Reference data the app ships (``load-reference`` and ``seed-demo`` run every loader by ``order``).

    ``load(actor=None)`` returns counts; ``report`` (e.g. "Trades loaded: {trades} new trades.") is printed
    by ``load-reference`` with them. A loader that needs another's data comes after it (geo's first)."""
    _add_named(REFERENCE_LOADERS, ReferenceLoader(name, load, order, report))


def register_demo_seeder(name: str, seed, *, order: int) -> None:
    """Demo data for a developer's machine: ``seed-demo`` runs every ``seed()`` by ``order``, after the
    reference data, the demo staff accounts and the centre's contacts."""
    _add_named(DEMO_SEEDERS, DemoSeeder(name, seed, order))


# Panels of the staff dashboard: what needs attention now (e.g. appeals without an owner). An app registers
# ``build(user) -> dict | None`` ({"title", "template", ...: what the template shows as ``panel``}); the
# dashboard (portal) shows those of the permissions the user has, in ``order``, without importing the app.
@dataclass(frozen=True)
class DashboardPanel:
    name: str
    build: Callable
    perm: Perm
    order: int


DASHBOARD_PANELS: list[DashboardPanel] = []


def register_dashboard_panel(name: str, build, perm: Perm, *, order: int) -> None:
    if any(known.name == name for known in DASHBOARD_PANELS):
        return  # ready() may run twice in tests; a panel is shown once
    DASHBOARD_PANELS.append(DashboardPanel(name, build, perm, order))
    DASHBOARD_PANELS.sort(key=lambda known: known.order)


def dashboard_panels(user) -> list[dict]:
    """The panels ``user`` may see, built for them (a panel that builds to nothing is left out)."""
    from isenim.core.access import can

    built = (panel.build(user) for panel in DASHBOARD_PANELS if can(user, panel.perm))
    return [panel for panel in built if panel]
