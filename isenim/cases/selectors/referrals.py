"""Reading referrals: those of a case, and one referral (its reason and feedback are personal: an access
event). The referrals waiting for a user's action are in My work (selectors.my_work)."""

from django.db.models import QuerySet
from django.http import Http404

from isenim.cases.models import Case, Referral
from isenim.core.access import Perm, cases_for
from isenim.core.audit import record_access

SECTION_ROWS = 20  # the latest referrals on the case page; its referrals page shows every one


def _referrals(user, perm: Perm = Perm.VIEW_CASES) -> QuerySet[Referral]:
    return Referral.objects.filter(case__in=cases_for(user, perm)).select_related(
        "case", "partner", "handler", "consent"
    )


def referrals_of(user, case: Case, *, limit: int | None = SECTION_ROWS) -> list[Referral]:
    rows = _referrals(user).filter(case=case).order_by("-sent_on", "-id")
    return list(rows[:limit] if limit is not None else rows)


def referral_count(user, case: Case) -> int:
    return _referrals(user).filter(case=case).count()


def referral_open(user, number: str, pk: int) -> Referral:
    """One referral of case ``number`` for reading its reason and feedback (recorded as a view)."""
    referral = _referrals(user).filter(case__number=number, pk=pk).first()
    if referral is None:
        raise Http404
    record_access(actor=user, kind="view", target=referral, detail=f"case {referral.case.number}")
    return referral


def referral_for_work(user, number: str, pk: int) -> Referral:
    referral = _referrals(user, Perm.WORK_ON_CASES).filter(case__number=number, pk=pk).first()
    if referral is None:
        raise Http404
    return referral
