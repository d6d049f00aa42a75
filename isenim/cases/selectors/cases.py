"""Cases: the list with its filters, one case for reading (an access event), one case for working on."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from isenim.cases.choices import Status
from isenim.cases.models import Case, CaseMember
from isenim.core.access import Perm, cases_for, sees_every_case
from isenim.core.audit import record_access


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    priority: str = ""
    risk: str = ""
    manager_id: int | None = None
    member_id: int | None = None  # "cases where this person is on the team"
    district_id: int | None = None
    number: str = ""
    active_only: bool = False


def case_list(user, filters: CaseFilters = CaseFilters()) -> QuerySet[Case]:
    cases = cases_for(user)
    if filters.number:
        # Case numbers are written in capitals (core.codes): an exact match on the unique index finds it
        # whatever case was typed; iexact would read every case.
        cases = cases.filter(number=filters.number.strip().upper())
    if filters.status:
        cases = cases.filter(status=filters.status)
    elif filters.active_only:
        cases = cases.active()
    if filters.priority:
        cases = cases.filter(priority=filters.priority)
    if filters.risk:
        cases = cases.filter(risk=filters.risk)
    if filters.manager_id:
        cases = cases.filter(manager_id=filters.manager_id)
    if filters.member_id:
        cases = cases.filter(pk__in=CaseMember.objects.filter(user_id=filters.member_id).values("case_id"))
    if filters.district_id:
        cases = cases.filter(home_district_id=filters.district_id)  # the person's, copied (people.services)
    return cases.order_by("-opened_on", "-id")


def case_page(cases: QuerySet[Case], page_number, per_page: int):
    """One page of a case list. The page's ids are picked first from the filtered, ordered cases (an
    index walk, no joins), then only those rows are read with their person and manager: joining every
    matching case before sorting cost most of a caseworker's list at 300,000 cases (bench cases)."""
    from django.core.paginator import Paginator

    page = Paginator(cases.values_list("pk", flat=True), per_page).get_page(page_number)
    ids = list(page.object_list)
    rows = cases.model.objects.filter(pk__in=ids).select_related(
        "person", "manager", "home_district", "appeal"
    )
    by_id = {case.pk: case for case in rows}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def names_on_page(user, cases: list[Case]) -> dict[int, str]:
    """The names of the people of ``user``'s own cases among a list page's rows, by case id: a case whose
    team ``user`` sits on. Every other row keeps the person's code only, the director's included (she
    opens the case to read a name). Only these rows' names are decrypted, and each one shown is a view of
    the person in the access log (docs/decisions.md, "Names in the lists")."""
    from isenim.appeals.selectors import record_names_shown

    ids = [case.pk for case in cases]
    if sees_every_case(user):
        own = set(CaseMember.objects.filter(user=user, case_id__in=ids).values_list("case_id", flat=True))
    else:
        own = set(ids)  # the list holds only the cases of the user's teams (cases_for)
    names = {case.pk: case.person.display_name() for case in cases if case.pk in own}
    record_names_shown(user, [case.person for case in cases if case.pk in own], "case list")
    return names


def visible_cases_filter(user, case_field: str = "case"):
    """A filter for rows of a case (tasks, referrals…) keeping those whose case ``user`` may see: the
    access rule of ``cases_for``, checked row by row. Use it where the rows are picked first by something
    selective (my tasks, referrals I handle): ``case__in=cases_for(user)`` would make the database list
    every case the user may see (all of them for the director) before looking at a single row."""
    cases_for(user)  # the permission check
    if sees_every_case(user):
        return Q()
    return Exists(CaseMember.objects.filter(case_id=OuterRef(f"{case_field}_id"), user=user))


def _one(user, number: str, perm: Perm) -> Case:
    case = cases_for(user, perm).select_related("person", "manager", "appeal").filter(number=number).first()
    if case is None:
        raise Http404
    return case


def case_open(user, number: str) -> Case:
    """One case for reading its file: the view of the case and of its person are recorded."""
    case = _one(user, number, Perm.VIEW_CASES)
    record_access(actor=user, kind="view", target=case)
    record_access(actor=user, kind="view", target=case.person, detail=f"case {case.number}")
    return case


def case_for_work(user, number: str, perm: Perm = Perm.WORK_ON_CASES) -> Case:
    """One case to change something in (the form pages record their own views when they show content)."""
    return _one(user, number, perm)


def team_of(case: Case) -> list[CaseMember]:
    return list(case.members.select_related("user").order_by("user__first_name", "user__username"))


def waiting_approvals(user, *, on_closed_cases: bool = False) -> QuerySet:
    """Requests waiting for the director. A closed case waits on no decision: its requests are left out,
    unless ``on_closed_cases`` (the decision page of a case closed since, so that the refusal says why)."""
    from isenim.cases.models import Approval

    cases = cases_for(user, Perm.APPROVE_CASES)
    approvals = (
        Approval.objects.filter(state="pending", case__in=cases)
        .select_related("case", "requested_by")
        .order_by("requested_at")
    )
    return approvals if on_closed_cases else approvals.exclude(case__status=Status.CLOSED)
