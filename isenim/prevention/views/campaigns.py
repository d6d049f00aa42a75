"""Campaigns: the list every caseworker may read (Perm.VIEW_CAMPAIGN_LIST), the campaign page with its
figures (Perm.VIEW_PREVENTION), and the form (Perm.EDIT_PREVENTION)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.prevention.forms.campaigns import CampaignFilterForm, CampaignForm
from isenim.prevention.selectors import campaigns as selectors
from isenim.prevention.services.campaigns import campaign_save


@permission_required(Perm.VIEW_CAMPAIGN_LIST)
@read_only
def campaign_list(request):
    today = timezone.localdate()
    form = CampaignFilterForm(request.GET or None)
    campaigns = selectors.campaign_list(request.user, form.filters(), today)
    page = Paginator(campaigns, selectors.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    sees_numbers = can(request.user, Perm.VIEW_PREVENTION)
    actuals = selectors.campaign_actuals(page.object_list, today) if sees_numbers else {}
    rows = [
        {
            "campaign": campaign,
            "groups": selectors.group_labels(campaign),
            "running": campaign.starts_on <= today <= campaign.ends_on,
            "targets": selectors.target_rows(campaign, actuals[campaign.pk]) if sees_numbers else None,
        }
        for campaign in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "prevention/campaigns/campaign_list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "sees_numbers": sees_numbers,
            "can_edit": can(request.user, Perm.EDIT_PREVENTION),
        },
    )


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(request.user, pk)
    figures = selectors.campaign_figures(campaign, request.user)
    return render(
        request,
        "prevention/campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "figures": figures,
            "groups": selectors.group_labels(campaign),
            "districts": list(campaign.target_districts.all()),
            "assemblies": list(campaign.target_assemblies.all()),
            "can_edit": can(request.user, Perm.EDIT_PREVENTION),
        },
    )


def _campaign_form(request, campaign=None):
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            saved = campaign_save(actor=request.user, campaign=campaign, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": saved.name})
            return redirect("prevention:campaign_detail", pk=saved.pk)
    return render(request, "prevention/campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@permission_required(Perm.EDIT_PREVENTION)
def campaign_create(request):
    return _campaign_form(request)


@permission_required(Perm.EDIT_PREVENTION)
def campaign_edit(request, pk: int):
    return _campaign_form(request, selectors.campaign_for_edit(request.user, pk))
