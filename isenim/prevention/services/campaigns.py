"""Campaigns: what they aim at (districts, citizens' assemblies, groups), who pays, and their numeric
targets (Perm.EDIT_PREVENTION). A campaign may be part of another: never of itself or of one of its own
sub-campaigns, and always inside its parent's dates."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from isenim.core.audit import record_event, snapshot
from isenim.geo.models import AdminUnit
from isenim.geo.places import DISTRICT_LEVELS
from isenim.prevention.choices import CampaignKind, TargetGroup
from isenim.prevention.models import Campaign
from isenim.prevention.services import PreventionError
from isenim.reintegration.models import FundingSource

# More than any campaign of a centre could hand out or reach (Karakalpakstan has about two million people);
# a larger number is a typing mistake, not a plan.
MAX_TARGET = 10_000_000
# How deep campaigns nest (a grant project → an activity → a season); deeper is a mistake in the parent.
MAX_DEPTH = 10

TARGET_FIELDS = ["target_materials", "target_people", "target_actions", "target_placements"]
CAMPAIGN_FIELDS = [
    "name",
    "kind",
    "parent_id",
    "starts_on",
    "ends_on",
    "description",
    "target_groups",
    "funding_source_id",
    *TARGET_FIELDS,
]


@dataclass
class CampaignData:
    name: str
    kind: str
    starts_on: date
    ends_on: date
    parent: Campaign | None = None
    description: str = ""
    target_districts: list[AdminUnit] = field(default_factory=list)
    target_assemblies: list[AdminUnit] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    funding_source: FundingSource | None = None
    target_materials: int | None = None
    target_people: int | None = None
    target_actions: int | None = None
    target_placements: int | None = None


def target_labels() -> dict[str, str]:
    return {
        "target_materials": _("materials handed out"),
        "target_people": _("people reached"),
        "target_actions": _("actions held"),
        "target_placements": _("placements aired"),
    }


def check_period(starts_on: date | None, ends_on: date | None) -> None:
    if not starts_on or not ends_on:
        raise PreventionError(_("Give the day the campaign starts and the day it ends."))
    if ends_on < starts_on:
        raise PreventionError(_("The campaign cannot end before it starts."))


def check_targets(data: CampaignData) -> None:
    labels = target_labels()
    for name in TARGET_FIELDS:
        value = getattr(data, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise PreventionError(_("A target must be a whole number."))
        if value < 0:
            raise PreventionError(_("The target for %(what)s cannot be negative.") % {"what": labels[name]})
        if value > MAX_TARGET:
            raise PreventionError(
                _("%(value)s %(what)s is more than any campaign can reach; the most is %(most)s.")
                % {"value": value, "what": labels[name], "most": f"{MAX_TARGET:,}".replace(",", " ")}
            )


def check_parent(campaign: Campaign | None, parent: Campaign | None, starts_on: date, ends_on: date) -> None:
    """No cycle (a campaign inside itself, directly or through its sub-campaigns), and the child's dates
    inside the parent's."""
    if parent is None:
        return
    # Walk up from the proposed parent: meeting the campaign itself would make a cycle.
    seen: set[int] = set()
    ancestor: Campaign | None = parent
    depth = 0
    while ancestor is not None:
        if campaign is not None and ancestor.pk == campaign.pk:
            raise PreventionError(
                _("“%(parent)s” is this campaign or one of its own sub-campaigns: it cannot be its parent.")
                % {"parent": parent.name}
            )
        if ancestor.pk in seen:
            break  # a cycle already in the data; do not loop for ever
        seen.add(ancestor.pk)
        depth += 1
        if depth > MAX_DEPTH:
            raise PreventionError(
                _("Campaigns cannot be nested more than %(most)s deep.") % {"most": MAX_DEPTH}
            )
        ancestor = Campaign.objects.filter(pk=ancestor.parent_id).only("id", "parent_id").first()
    if starts_on < parent.starts_on or ends_on > parent.ends_on:
        raise PreventionError(
            _("A sub-campaign runs within its parent's dates: “%(parent)s” runs from %(start)s to %(end)s.")
            % {
                "parent": parent.name,
                "start": parent.starts_on.isoformat(),
                "end": parent.ends_on.isoformat(),
            }
        )


def check_children(campaign: Campaign, starts_on: date, ends_on: date) -> None:
    """New dates must still hold every sub-campaign."""
    outside = (
        Campaign.objects.filter(parent=campaign)
        .exclude(starts_on__gte=starts_on, ends_on__lte=ends_on)
        .order_by("starts_on")
        .first()
    )
    if outside is not None:
        raise PreventionError(
            _("The sub-campaign “%(child)s” (%(start)s – %(end)s) would run outside these dates.")
            % {
                "child": outside.name,
                "start": outside.starts_on.isoformat(),
                "end": outside.ends_on.isoformat(),
            }
        )


def check_places(districts: list[AdminUnit], assemblies: list[AdminUnit]) -> None:
    for district in districts:
        if district.level not in DISTRICT_LEVELS:
            raise PreventionError(_("“%(unit)s” is not a district.") % {"unit": district.name()})
    chosen = {district.pk for district in districts}
    for assembly in assemblies:
        if assembly.level != AdminUnit.Level.ASSEMBLY:
            raise PreventionError(_("“%(unit)s” is not a citizens' assembly.") % {"unit": assembly.name()})
        if assembly.parent_id not in chosen:
            raise PreventionError(
                _("The citizens' assembly “%(unit)s” is not in any of the chosen districts.")
                % {"unit": assembly.name()}
            )


def _check(campaign: Campaign | None, data: CampaignData) -> None:
    if not (data.name or "").strip():
        raise PreventionError(_("Name the campaign."))
    if len(data.name.strip()) > 200:
        raise PreventionError(_("The name can be at most 200 characters."))
    if data.kind not in CampaignKind.values:
        raise PreventionError(_("Choose the kind of campaign from the list."))
    check_period(data.starts_on, data.ends_on)
    unknown = [group for group in data.target_groups if group not in TargetGroup.values]
    if unknown:
        raise PreventionError(_("Choose the target groups from the list."))
    check_targets(data)
    check_places(data.target_districts, data.target_assemblies)
    check_parent(campaign, data.parent, data.starts_on, data.ends_on)
    if campaign is not None:
        check_children(campaign, data.starts_on, data.ends_on)


def _places(campaign: Campaign) -> dict:
    return {
        "target_districts": sorted(campaign.target_districts.values_list("pk", flat=True)),
        "target_assemblies": sorted(campaign.target_assemblies.values_list("pk", flat=True)),
    }


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign | None = None, data: CampaignData) -> Campaign:
    """Add a campaign (``campaign`` None) or change one; refuses what the rules above refuse, saving
    nothing."""
    adding = campaign is None
    record = (
        Campaign(created_by=actor) if adding else Campaign.objects.select_for_update().get(pk=campaign.pk)
    )
    _check(None if adding else record, data)
    before = None if adding else {**snapshot(record, CAMPAIGN_FIELDS), **_places(record)}
    record.name = data.name.strip()
    record.kind = data.kind
    record.parent = data.parent
    record.starts_on, record.ends_on = data.starts_on, data.ends_on
    record.description = (data.description or "").strip()
    record.target_groups = [group for group in TargetGroup.values if group in data.target_groups]
    record.funding_source = data.funding_source
    for name in TARGET_FIELDS:
        setattr(record, name, getattr(data, name))
    record.save()
    record.target_districts.set(data.target_districts)
    record.target_assemblies.set(data.target_assemblies)
    if adding:
        record_event(
            actor=actor,
            action="campaign.add",
            target=record,
            after={**snapshot(record, CAMPAIGN_FIELDS), **_places(record)},
        )
    else:
        after = {**snapshot(record, CAMPAIGN_FIELDS), **_places(record)}
        changed = [key for key in before if before[key] != after[key]]
        if changed:
            record_event(
                actor=actor,
                action="campaign.update",
                target=record,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )
    return record
