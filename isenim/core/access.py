"""The one access policy: roles, what each role may do, and helpers every view and selector uses.

Roles follow DESIGN.md §3. Every permission a view checks is named here; a test walks every URL as every
role and compares the answer with this table, so the table is the truth about who can reach what.
"""

from django.core.exceptions import ImproperlyConfigured
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
    CONFIRM_ACCOUNTS = "confirm_accounts", _("Confirm the account changes an administrator proposes")
    VIEW_AUDIT = "view_audit", _("Read the audit log")
    EDIT_REFERENCE = "edit_reference", _("Correct reference data and mark it verified")
    EDIT_CENTRE_CONTACTS = "edit_centre_contacts", _("Edit the centre's public contact details")
    VIEW_PEOPLE = "view_people", _("See and edit people in the registry")
    MERGE_PEOPLE = "merge_people", _("Merge two records of the same person")
    EXPORT_PEOPLE = "export_people", _("Export the registry with personal data")
    EDIT_NAME_EQUIVALENTS = "edit_name_equivalents", _("Add names the region writes differently as one name")
    REGISTER_APPEAL = "register_appeal", _("Register an appeal")
    VIEW_APPEALS = "view_appeals", _("See appeals")
    ASSIGN_APPEALS = "assign_appeals", _("Assign appeals to staff and record any appeal's outcome")
    HANDLE_APPEALS = "handle_appeals", _("Take appeals assigned to one and record their outcome")
    SET_APPEAL_DEADLINES = "set_appeal_deadlines", _("Set how many working days an appeal may wait")
    VIEW_CASES = "view_cases", _("See the cases of one's teams (the director: every case)")
    OPEN_CASE = "open_case", _("Open a case and assign its team")
    WORK_ON_CASES = "work_on_cases", _("Record assessments, plans, services, referrals, notes and documents")
    APPROVE_CASES = "approve_cases", _("Approve closing a case or starting a plan")
    EDIT_CATALOGUES = "edit_catalogues", _("Extend the service catalogue and the list of partners")
    VIEW_GUIDE = "view_guide", _("Read the safe-migration guides, drafts included")
    DRAFT_GUIDE = "draft_guide", _("Write and correct safe-migration guide items")
    PUBLISH_GUIDE = "publish_guide", _("Review and publish safe-migration guide items")
    APPROVE_AID = "approve_aid", _("Approve tool kits and other in-kind aid")
    MANAGE_BUDGETS = "manage_budgets", _("Manage funding sources and their budgets")
    VIEW_CAMPAIGN_LIST = "view_campaign_list", _("See the list of prevention campaigns")
    VIEW_PREVENTION = (
        "view_prevention",
        _("See prevention work: materials, stock, actions, placements, reach"),
    )
    EDIT_PREVENTION = (
        "edit_prevention",
        _("Plan campaigns, draft materials, record print runs, stock, actions"),
    )
    APPROVE_MATERIALS = "approve_materials", _("Approve an edition of a printed material or video spot")
    VIEW_GRANTS = "view_grants", _("See grant projects: communities, meetings, logframe, reports")
    MANAGE_GRANTS = "manage_grants", _("Manage grant projects, logframes, indicators and donor reports")
    RECORD_MEETINGS = "record_meetings", _("Record a grant project's meetings with residents")
    VIEW_INSIGHTS = "view_insights", _("Analyse every appeal, case and campaign: dashboards, tables, charts")
    VIEW_OWN_FIGURES = "view_own_figures", _("See the figures of one's own appeals and cases")
    VIEW_PREVENTION_FIGURES = (
        "view_prevention_figures",
        _("See prevention figures and the appeals attributed to campaigns"),
    )
    MANAGE_COMPARISON = (
        "manage_comparison",
        _("Import comparison datasets and enter official figures by region"),
    )
    EXPORT_ANONYMISED = "export_anonymised", _("Release the centre's cases as an anonymised file")
    MANAGE_RETENTION = (
        "manage_retention",
        _("Set retention periods, confirm anonymisation and decide requests to erase"),
    )


EVERY_ROLE = frozenset(Role)
# The people who work with the persons themselves; the administrator, prevention and M&E officers do not.
CASEWORK = frozenset({Role.DIRECTOR, Role.CASE_MANAGER, Role.PSYCHOLOGIST, Role.LAWYER, Role.INTAKE_OPERATOR})
# The roles that sit on a case's team (and the director, who sees every case).
CASE_TEAM_ROLES = frozenset({Role.DIRECTOR, Role.CASE_MANAGER, Role.PSYCHOLOGIST, Role.LAWYER})

ROLE_PERMISSIONS: dict[Perm, frozenset[Role]] = {
    Perm.STAFF_AREA: EVERY_ROLE,
    Perm.MANAGE_ACCOUNTS: frozenset({Role.ADMINISTRATOR}),
    # Two people for every way into an account (docs/protection.md): the administrator proposes, a director
    # confirms. An administrator named in ISENIM_SECOND_ADMINISTRATORS may confirm a director's account
    # (never their own proposal); other administrators see the list of changes waiting, nothing to decide.
    Perm.CONFIRM_ACCOUNTS: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR}),
    Perm.VIEW_AUDIT: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR}),
    Perm.EDIT_REFERENCE: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR, Role.ME_OFFICER}),
    Perm.EDIT_CENTRE_CONTACTS: frozenset({Role.DIRECTOR, Role.ADMINISTRATOR}),
    Perm.VIEW_PEOPLE: CASEWORK,
    Perm.MERGE_PEOPLE: frozenset({Role.DIRECTOR, Role.CASE_MANAGER}),
    Perm.EXPORT_PEOPLE: frozenset({Role.DIRECTOR}),
    # Name equivalents change how every duplicate check reads a name (people.equivalents): those who
    # decide merges.
    Perm.EDIT_NAME_EQUIVALENTS: frozenset({Role.DIRECTOR, Role.CASE_MANAGER}),
    # "Intake by any staff member": an appeal may come to whoever is there, except the administrator,
    # who sees no case content.
    Perm.REGISTER_APPEAL: EVERY_ROLE - {Role.ADMINISTRATOR},
    Perm.VIEW_APPEALS: CASEWORK,
    # Triage (docs/appeals.md): the director and case managers give each appeal an owner; whoever may sit on
    # a case team (and so has "My work") can be that owner and records the outcome.
    Perm.ASSIGN_APPEALS: frozenset({Role.DIRECTOR, Role.CASE_MANAGER}),
    Perm.HANDLE_APPEALS: CASE_TEAM_ROLES,
    Perm.SET_APPEAL_DEADLINES: frozenset({Role.DIRECTOR}),
    # The intake operator registers appeals but reads no case file; caseworkers see their teams' cases.
    Perm.VIEW_CASES: CASE_TEAM_ROLES,
    Perm.OPEN_CASE: frozenset({Role.DIRECTOR, Role.CASE_MANAGER}),
    Perm.WORK_ON_CASES: CASE_TEAM_ROLES,
    Perm.APPROVE_CASES: frozenset({Role.DIRECTOR}),
    Perm.EDIT_CATALOGUES: CASE_TEAM_ROLES,
    # The guides hold no personal data: every role but the administrator reads them; caseworkers and the
    # prevention officer draft; the director and lawyers (who check legal facts) publish — never their own
    # draft (migration.services enforces the second person).
    Perm.VIEW_GUIDE: EVERY_ROLE - {Role.ADMINISTRATOR},
    Perm.DRAFT_GUIDE: CASE_TEAM_ROLES | {Role.PREVENTION_OFFICER},
    Perm.PUBLISH_GUIDE: frozenset({Role.DIRECTOR, Role.LAWYER}),
    Perm.APPROVE_AID: frozenset({Role.DIRECTOR}),
    Perm.MANAGE_BUDGETS: frozenset({Role.DIRECTOR, Role.ME_OFFICER}),
    # Prevention holds no personal data, but the administrator has no part in it. Caseworkers read the
    # campaign list to tell a caller where they may have seen a poster; the M&E officer reads everything.
    Perm.VIEW_CAMPAIGN_LIST: EVERY_ROLE - {Role.ADMINISTRATOR},
    Perm.VIEW_PREVENTION: frozenset({Role.DIRECTOR, Role.PREVENTION_OFFICER, Role.ME_OFFICER}),
    Perm.EDIT_PREVENTION: frozenset({Role.DIRECTOR, Role.PREVENTION_OFFICER}),
    # The guide's two-person rule: the director or a lawyer approves, never their own draft.
    Perm.APPROVE_MATERIALS: frozenset({Role.DIRECTOR, Role.LAWYER}),
    # Grant projects: the director and the M&E officer manage them, the prevention officer records the
    # meetings; caseworkers see nothing of a grant beyond what their own cases feed into it.
    Perm.VIEW_GRANTS: frozenset({Role.DIRECTOR, Role.ME_OFFICER, Role.PREVENTION_OFFICER}),
    Perm.MANAGE_GRANTS: frozenset({Role.DIRECTOR, Role.ME_OFFICER}),
    Perm.RECORD_MEETINGS: frozenset({Role.DIRECTOR, Role.ME_OFFICER, Role.PREVENTION_OFFICER}),
    # Insights (docs/insights.md): the director and the M&E officer see every analysis; caseworkers their
    # own figures; the prevention officer prevention figures and the appeals attributed to campaigns; the
    # administrator none of it. Every number outside the case team goes through core.disclosure.
    Perm.VIEW_INSIGHTS: frozenset({Role.DIRECTOR, Role.ME_OFFICER}),
    Perm.VIEW_OWN_FIGURES: CASEWORK - {Role.DIRECTOR},
    Perm.VIEW_PREVENTION_FIGURES: frozenset({Role.DIRECTOR, Role.ME_OFFICER, Role.PREVENTION_OFFICER}),
    Perm.MANAGE_COMPARISON: frozenset({Role.DIRECTOR, Role.ME_OFFICER}),
    # A file of the centre's cases, however anonymised, leaves the centre: recorded, k >= FILE_K.
    Perm.EXPORT_ANONYMISED: frozenset({Role.DIRECTOR, Role.ME_OFFICER}),
    # Retention and erasure (docs/retention.md): what is kept how long, and what is destroyed, is the
    # director's decision alone; the administrator, who runs the backups, sees none of it.
    Perm.MANAGE_RETENTION: frozenset({Role.DIRECTOR}),
}

# Notes by discipline (DESIGN.md §3): who, besides the team members of that discipline, reads them.
# The director reads neither by default: psychological notes fall under the psychologist's duty of
# confidentiality and legal notes under the lawyer's. Put Role.DIRECTOR in a set to change that.
DISCIPLINE_NOTE_READERS: dict[str, frozenset[Role]] = {
    "psychological": frozenset({Role.PSYCHOLOGIST}),
    "legal": frozenset({Role.LAWYER}),
}
DIRECTOR_READS_NOTES_OF: frozenset[str] = frozenset()


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


def sees_every_case(user) -> bool:
    """The object rule for cases: the director sees every case; other caseworkers their teams' cases."""
    return role_of(user) == Role.DIRECTOR


def sees_every_person(user) -> bool:
    """The object rule for people, appeals and signed consent forms (need to know, docs/protection.md):
    the director reads every one; other caseworkers only those within their reach (``people.reach``):
    the people of their teams' cases, the appeals they registered, own or decided (and, for those who
    assign appeals, every appeal still open), the people of those appeals, the records they registered."""
    return role_of(user) == Role.DIRECTOR


def sees_open_appeals(user) -> bool:
    """Who gives appeals an owner and may record any appeal's outcome reads every appeal still open
    (triage): they must read an appeal to assign it, and may change its owner until its outcome."""
    return can(user, Perm.ASSIGN_APPEALS)


# The queryset of cases is built by the cases app, which holds the models (core imports no app above it):
# CasesConfig.ready() registers it here. The rule (who sees every case) stays in this module.
_case_scope = None


def register_case_scope(scope) -> None:
    """``scope(user, every=...)``: every case when ``every`` is true, else the cases of ``user``'s teams."""
    global _case_scope
    _case_scope = scope


def cases_for(user, perm: Perm = Perm.VIEW_CASES):
    """The cases ``user`` may use under ``perm``, as a queryset every case selector starts from."""
    require(user, perm)
    if _case_scope is None:
        raise ImproperlyConfigured("No case scope registered: isenim.cases must be in INSTALLED_APPS.")
    return _case_scope(user, every=sees_every_case(user))


def readable_disciplines(user, case, *, member_ids: set[int] | None = None) -> frozenset[str]:
    """Which kinds of note ``user`` may read on ``case`` (the case is already one they may see).

    Shared notes: anyone who sees the case. A discipline's notes: members of the case's team whose staff
    role is that discipline, and the director where DIRECTOR_READS_NOTES_OF says so."""
    role = role_of(user)
    if role is None or role not in CASE_TEAM_ROLES:
        return frozenset()
    if member_ids is None:
        member_ids = set(case.members.values_list("user_id", flat=True))
    readable = {"shared"}
    for discipline, roles in DISCIPLINE_NOTE_READERS.items():
        on_team_in_discipline = role in roles and user.pk in member_ids
        director_reads = role == Role.DIRECTOR and discipline in DIRECTOR_READS_NOTES_OF
        if on_team_in_discipline or director_reads:
            readable.add(discipline)
    return frozenset(readable)
