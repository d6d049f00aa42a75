"""Campaigns compared (``insights:campaign_list``, ``insights:campaign_compare``): appeals per month in a
campaign's districts before and after its start against the other districts, and the difference in
differences with its interval (``insights.campaigns``). Counts at the reader's screen k.

Who: Perm.VIEW_PREVENTION_FIGURES — the director, the M&E officer (who also hold VIEW_INSIGHTS) and the
prevention officer, whose campaigns these are. The administrator and caseworkers get the plain 404.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from isenim.core.access import Perm
from isenim.core.decorators import permission_required, read_only
from isenim.core.disclosure import screen_k
from isenim.insights.campaigns import compare
from isenim.insights.figure_forms import CampaignCompareForm
from isenim.prevention.models import Campaign


@permission_required(Perm.VIEW_PREVENTION_FIGURES)
@read_only
def campaign_list(request):
    campaigns = Campaign.objects.order_by("-starts_on", "name")[:200]
    return render(request, "insights/campaign_list.html", {"campaigns": campaigns})


@permission_required(Perm.VIEW_PREVENTION_FIGURES)
@read_only
def campaign_compare(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignCompareForm(request.GET or None, initial={"measure": "appeals", "before": 12, "after": 12})
    options = form.options()
    comparison = compare(campaign, k=screen_k(request.user), today=timezone.localdate(), **options)
    return render(
        request,
        "insights/campaign_compare.html",
        {"campaign": campaign, "form": form, "comparison": comparison, "options": options},
    )
