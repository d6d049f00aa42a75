"""Media placements: the list with filters (Perm.VIEW_PREVENTION) and the form (Perm.EDIT_PREVENTION)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, read_only
from isenim.core.errors import Refusal, refusal_in_form
from isenim.core.forms import parse_id
from isenim.prevention.forms.campaigns import PlacementFilterForm, PlacementForm
from isenim.prevention.models import Campaign
from isenim.prevention.selectors import campaigns as selectors
from isenim.prevention.services.placements import placement_save

PAGE_SIZE = 50


@permission_required(Perm.VIEW_PREVENTION)
@read_only
def placement_list(request):
    today = timezone.localdate()
    form = PlacementFilterForm(request.GET or None)
    placements = selectors.placement_list(request.user, form.filters(), today)
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "prevention/placements/placement_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "can_edit": can(request.user, Perm.EDIT_PREVENTION),
        },
    )


def _placement_form(request, placement=None):
    initial = None
    if placement is None and request.method != "POST":
        campaign_id = parse_id(request.GET.get("campaign"))
        campaign = Campaign.objects.filter(pk=campaign_id).first() if campaign_id else None
        if campaign is not None:
            initial = {"campaign": campaign.pk, "starts_on": campaign.starts_on, "ends_on": campaign.ends_on}
    kwargs = {"initial": initial} if initial else {}
    form = PlacementForm(request.POST or None, instance=placement, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            saved = placement_save(actor=request.user, placement=placement, data=form.to_data())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Placement saved."))
            if saved.campaign_id:
                return redirect("prevention:campaign_detail", pk=saved.campaign_id)
            return redirect("prevention:placement_list")
    return render(
        request, "prevention/placements/placement_form.html", {"form": form, "placement": placement}
    )


@permission_required(Perm.EDIT_PREVENTION)
def placement_create(request):
    return _placement_form(request)


@permission_required(Perm.EDIT_PREVENTION)
def placement_edit(request, pk: int):
    return _placement_form(request, selectors.placement_for_edit(request.user, pk))
