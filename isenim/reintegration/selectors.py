"""Every read of the reintegration app. Anything on a case starts from ``cases_for`` (another team's case
answers 404); showing sealed text or producing a file with personal data records an access event."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from isenim.cases.choices import Status
from isenim.cases.models import Case
from isenim.core.access import Perm, cases_for, require
from isenim.core.audit import record_access
from isenim.core.vault_files import load
from isenim.reintegration.budget import Budget, budget_of, budgets_of
from isenim.reintegration.choices import AidState
from isenim.reintegration.models import (
    AidRequest,
    AidRequestItem,
    FollowUp,
    FundingSource,
    Handover,
    Purchase,
    PurchaseItem,
    ToolKitItem,
    Trade,
    VocationalProfile,
)
from isenim.reintegration.scoring import scores_of
from isenim.reintegration.services.files import ACT_CONTEXT, INVOICE_CONTEXT

DOWNLOAD = "download"
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def _visible(user, case: Case, perm: Perm = Perm.VIEW_CASES) -> Case:
    if not cases_for(user, perm).filter(pk=case.pk).exists():
        raise Http404
    return case


# --- Trades and kits --------------------------------------------------------------------------------


def trades(user, *, active_only: bool = False) -> QuerySet[Trade]:
    """Trades with their kit counts (reference data: no personal content)."""
    rows = Trade.objects.annotate(item_count=Count("kit_items", filter=Q(kit_items__active=True)))
    if active_only:
        rows = rows.filter(active=True)
    return rows.order_by("name_kaa")


def trade_get(user, pk: int) -> Trade:
    require(user, Perm.EDIT_CATALOGUES)
    trade = Trade.objects.filter(pk=pk).first()
    if trade is None:
        raise Http404
    return trade


def kit_of(trade: Trade, *, active_only: bool = True) -> list[ToolKitItem]:
    items = trade.kit_items.all()
    if active_only:
        items = items.filter(active=True)
    return list(items.order_by("id"))


def kit_item_get(user, trade: Trade, pk: int) -> ToolKitItem:
    require(user, Perm.EDIT_CATALOGUES)
    item = ToolKitItem.objects.filter(trade=trade, pk=pk).first()
    if item is None:
        raise Http404
    return item


# --- Funding sources ---------------------------------------------------------------------------------


def funding_budgets(user) -> list[Budget]:
    require(user, Perm.MANAGE_BUDGETS)
    return budgets_of(FundingSource.objects.order_by("-active", "-starts_on", "name"))


def funding_source_get(user, pk: int) -> FundingSource:
    require(user, Perm.MANAGE_BUDGETS)
    source = FundingSource.objects.filter(pk=pk).first()
    if source is None:
        raise Http404
    return source


def funding_budget(user, pk: int) -> Budget:
    return budget_of(funding_source_get(user, pk))


def budgets_of_active() -> list[Budget]:
    """What each source in use has left, shown while requesting (totals only, no case data)."""
    return budgets_of(active_funding_sources())


def budget_of_source(source: FundingSource) -> Budget:
    return budget_of(source)


def active_funding_sources() -> QuerySet[FundingSource]:
    """For choosing a source on a request or purchase (names and budgets, no personal data)."""
    return FundingSource.objects.filter(active=True).order_by("name")


# --- The vocational profile --------------------------------------------------------------------------


def profile_of(user, case: Case, *, record: bool = True) -> VocationalProfile | None:
    _visible(user, case)
    profile = VocationalProfile.objects.filter(case=case).select_related("trade", "updated_by").first()
    if profile is not None and record:
        record_access(actor=user, kind="view", target=profile, detail=f"vocational profile of {case.number}")
    return profile


# --- Aid requests ------------------------------------------------------------------------------------


def _requests() -> QuerySet[AidRequest]:
    return AidRequest.objects.select_related(
        "case", "case__person", "trade", "funding_source", "requested_by", "decided_by"
    ).prefetch_related(
        Prefetch("items", queryset=AidRequestItem.objects.select_related("kit_item")),
    )


def aid_requests_of(user, case: Case) -> list[AidRequest]:
    _visible(user, case)
    return list(
        _requests()
        .filter(case=case)
        .select_related("purchase", "handover")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("months")))
    )


def aid_request_for(user, number: str, pk: int, perm: Perm = Perm.VIEW_CASES) -> AidRequest:
    """One request on one of the user's cases (``perm`` on that case), else 404."""
    request = _requests().filter(pk=pk, case__number=number, case__in=cases_for(user, perm)).first()
    if request is None:
        raise Http404
    return request


def aid_requests_waiting(user, *, on_closed_cases: bool = False) -> QuerySet[AidRequest]:
    """Requests waiting for the user's decision (the director's list; also for "My work"). A closed case
    waits on no decision: left out, unless ``on_closed_cases`` (the decision page, to say why)."""
    require(user, Perm.APPROVE_AID)
    requests = _requests().filter(state=AidState.REQUESTED, case__in=cases_for(user))
    if not on_closed_cases:
        requests = requests.exclude(case__status=Status.CLOSED)
    return requests.order_by("requested_at", "id")


def waiting_request(user, pk: int) -> AidRequest:
    request = aid_requests_waiting(user, on_closed_cases=True).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def decision_comment(user, request: AidRequest) -> str:
    if request.sealed_comment:
        record_access(actor=user, kind="view", target=request, detail="decision comment")
    return request.comment


def purchase_items(purchase: Purchase) -> list[PurchaseItem]:
    return list(purchase.items.select_related("kit_item").order_by("id"))


def invoice_file(user, number: str, pk: int) -> tuple[Purchase, bytes]:
    request = aid_request_for(user, number, pk)
    purchase = Purchase.objects.filter(request=request).first()
    if purchase is None or purchase.invoice_content_type not in EXTENSIONS:
        raise Http404
    content = load(purchase.invoice_vault_name, context=INVOICE_CONTEXT)
    record_access(actor=user, kind=DOWNLOAD, target=purchase, detail=f"invoice of a tool kit of {number}")
    return purchase, content


def signed_act_file(user, number: str, pk: int) -> tuple[Handover, bytes]:
    request = aid_request_for(user, number, pk)
    handover = Handover.objects.filter(request=request).exclude(act_vault_name="").first()
    if handover is None or handover.act_content_type not in EXTENSIONS:
        raise Http404
    content = load(handover.act_vault_name, context=ACT_CONTEXT)
    record_access(actor=user, kind=DOWNLOAD, target=handover, detail=f"signed handover act of {number}")
    return handover, content


def file_name(number: str, what: str, content_type: str) -> str:
    safe = "".join(ch for ch in number if ch.isascii() and (ch.isalnum() or ch == "-"))
    return f"{safe}-{what}.{EXTENSIONS.get(content_type, 'bin')}"


@dataclass
class ActData:
    request: AidRequest
    purchase: Purchase
    items: list[PurchaseItem]


def handover_act(user, number: str, pk: int) -> ActData:
    """What the handover act prints; producing it is a download of personal data (an access event)."""
    request = aid_request_for(user, number, pk)
    if request.state not in (AidState.PURCHASED, AidState.HANDED_OVER):
        raise Http404
    purchase = Purchase.objects.get(request=request)
    record_access(actor=user, kind=DOWNLOAD, target=request, detail=f"handover act of {number}")
    record_access(actor=user, kind=DOWNLOAD, target=request.case.person, detail=f"handover act of {number}")
    return ActData(request=request, purchase=purchase, items=purchase_items(purchase))


# --- Follow-ups --------------------------------------------------------------------------------------


def follow_ups_of(user, case: Case, *, record: bool = True) -> list[FollowUp]:
    _visible(user, case)
    rows = list(
        FollowUp.objects.filter(request__case=case)
        .select_related("done_by", "request__trade")
        .order_by("done_on", "id")
    )
    if rows and record:
        record_access(
            actor=user, kind="view", target=case, detail=f"reintegration follow-ups of {case.number}"
        )
    return rows


def score_series(follow_ups: list[FollowUp]) -> dict:
    """The chart's data (also shown as a table): one point per follow-up, scores from 0 to 1."""
    points = []
    for row in follow_ups:
        scores = scores_of(row)
        points.append({"label": row.done_on.isoformat(), "months": row.months, **scores.as_dict()})
    return {"points": points}


def handed_over_requests(user, case: Case) -> list[AidRequest]:
    _visible(user, case, Perm.WORK_ON_CASES)
    return list(
        AidRequest.objects.filter(case=case, state=AidState.HANDED_OVER)
        .select_related("trade", "handover")
        .order_by("id")
    )
