"""Optional parts of the appeal form that apps above appeals add, without appeals importing them.

Appeals is a lower floor than, for example, prevention (which records that an appeal was heard of through
one of its campaigns or actions). Such an app registers an ``IntakeExtension`` from its ``AppConfig.ready()``:

- ``add_fields(form)`` adds its optional fields to the appeal form (intake and correction);
- ``initial(query)`` gives initial values from the intake page's query string (e.g. ``?action=12``),
  ``initial_for(appeal)`` the values of an appeal being corrected;
- ``clean(form, data)`` checks its fields (``form.add_error`` for a problem) and returns the value to save;
- ``save(actor=, appeal=, value=)`` saves it, called inside the transaction that registers or corrects the
  appeal (so an appeal is never saved without it, nor it without the appeal);
- ``rows(user=, appeal=)`` gives (label, text) rows for the appeal's page.

Every part is optional: an extension's fields must never be required.
"""

from typing import Any


class IntakeExtension:
    name = ""

    def add_fields(self, form) -> list[str]:
        return []

    def initial(self, query) -> dict:
        return {}

    def initial_for(self, appeal) -> dict:
        return {}

    def clean(self, form, data: dict) -> Any:
        return None

    def save(self, *, actor, appeal, value) -> None:
        pass

    def rows(self, *, user, appeal) -> list[tuple[str, str]]:
        return []


_EXTENSIONS: dict[str, IntakeExtension] = {}


def register_intake_extension(extension: IntakeExtension) -> None:
    if not extension.name:
        raise ValueError("an intake extension needs a name")
    _EXTENSIONS[extension.name] = extension


def intake_extensions() -> list[IntakeExtension]:
    return list(_EXTENSIONS.values())


def save_extensions(*, actor, appeal, values: dict) -> None:
    """Each extension saves what its fields held (those the form had), inside the caller's transaction."""
    for extension in intake_extensions():
        if extension.name in values:
            extension.save(actor=actor, appeal=appeal, value=values[extension.name])


def extension_rows(*, user, appeal) -> list[tuple[str, str]]:
    return [row for extension in intake_extensions() for row in extension.rows(user=user, appeal=appeal)]
