"""The one access policy: roles, what each role may do, and helpers every view and selector uses.

Roles follow DESIGN.md §3. Every permission a view checks is named here; a test walks every URL as every
role and compares the answer with this table, so the table is the truth about who can reach what.
"""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CASE_MANAGER = "case_manager", _("Case manager / social worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    LAWYER = "lawyer", _("Lawyer")
    INTAKE_OPERATOR = "intake_operator", _("Intake operator")
    PREVENTION_OFFICER = "prevention_officer", _("Prevention officer")
    ME_OFFICER = "me_officer", _("M&E officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Perm(models.TextChoices):
    STAFF_AREA = "staff_area", _("Use the staff area")
    MANAGE_ACCOUNTS = "manage_accounts", _("Create staff accounts and assign roles")
    VIEW_AUDIT = "view_audit", _("Read the audit log")
    EDIT_REFERENCE = "edit_reference", _("Correct reference data and mark it verified")
    EDIT_CENTRE_CONTACTS = "edit_centre_contacts", _("Edit the centre's public contact details")
    VIEW_PEOPLE = "view_people", _("See and edit people in the registry")
    MERGE_PEOPLE = "merge_people", _("Merge two records of the same person")
    EXPORT_PEOPLE = "export_people", _("Export the registry with personal data")
    REGISTER_APPEAL = "register_appeal", _("Register an appeal")
    VIEW_APPEALS = "view_appeals", _("See appeals")


EVERY_ROLE = frozenset(Role)
# The people who work with the persons themselves; the administrator, prevention and M&E officers do not.
CASEWORK = frozenset({Role.DIRECTOR, Role.CASE_MANAGER, Role.PSYCHOLOGIST, Role.LAWYER, Role.INTAKE_OPERATOR})

ROLE_PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.STAFF_AREA: EVERY_ROLE,
    Perm.MANAGE_ACCOUNTS: frozenset({Role.ADMINISTRATOR}),
    Perm.VIEW_AUDIT: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR}),
    Perm.EDIT_REFERENCE: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR, Role.ME_OFFICER}),
    Perm.EDIT_CENTRE_CONTACTS: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR}),
    Perm.VIEW_PEOPLE: CASEWORK,
    Perm.MERGE_PEOPLE: frozenset({Role.DIRECTOR, Role.CASE_MANAGER}),
    Perm.EXPORT_PEOPLE: frozenset({Role.DIRECTOR}),
    # "Intake by any staff member": an appeal may come to whoever is there, except the administrator,
    # who sees no case content.
    Perm.REGISTER_APPEAL: EVERY_ROLE - {Role.ADMINISTRATOR},
    Perm.VIEW_APPEALS: CASEWORK,
}


def role_of(user) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.role:
        return None
    return Role(user.role)


def can(user, perm: Perm) -> bool:
    role = role_of(user)
    return role is not None and role in ROLE_PERMISSIONS[perm]


def permissions_of(user) -> frozenset[Perm]:
    role = role_of(user)
    if role is None:
        return frozenset()
    return frozenset(perm for perm, roles in ROLE_PERMISSIONS.items() if role in roles)


def require(user, perm: Perm) -> None:
    """Refuse with 404: a forbidden page must look exactly like a missing one."""
    if not can(user, perm):
        raise Http404
