"""The queryset behind ``core.access.cases_for``: this app registers it at start-up (CasesConfig.ready), so
core, which holds the rule, imports nothing from the case file."""

from django.db.models import QuerySet

from isenim.cases.models import Case, CaseMember


def case_scope(user, *, every: bool) -> QuerySet[Case]:
    """Every case when ``every`` (core.access says who: the director), else the cases of ``user``'s teams."""
    if every:
        return Case.objects.all()
    # "pk IN (the user's team places)": the database starts from the user's rows of the team index
    # (cases_member_user) instead of checking every case (bench cases, docs/performance.md).
    return Case.objects.filter(pk__in=CaseMember.objects.filter(user=user).values("case_id"))
