"""Registries the apps above the ground floor fill in at start-up (from their ``AppConfig.ready``).

The ground floor (core, geo, accounts) never imports an app above it: an app that adds audit actions,
records that are case content, menu entries or dashboard links registers them here, and core reads them.
"""

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


def register_menu_item(url_name: str, label, perm: Perm, *, order: int) -> None:
    """An entry of the staff menu, shown to the roles that have ``perm``; ``order`` places it."""
    _add(STAFF_MENU, MenuEntry(url_name, label, perm, order))


def register_dashboard_link(url_name: str, label, perm: Perm, *, order: int) -> None:
    """A link on the dashboard (lists kept up to date and settings, used now and then)."""
    _add(DASHBOARD_LINKS, MenuEntry(url_name, label, perm, order))
