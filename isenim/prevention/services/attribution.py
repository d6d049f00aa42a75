"""Where an appeal was heard of: a campaign, an outreach action, a media placement or a material.

Optional and anonymous, like the appeal's own "how did they hear of the centre" answer: an ``AppealSource``
holds no word about the person, only which piece of prevention work brought the appeal. ``campaign`` is
filled from the action, the placement or the material when they belong to one, and ``received_on`` is
copied from the appeal, so that the dashboard counts appeals per campaign and month on one index.
"""

from django.db import transaction

from isenim.core.audit import record_event
from isenim.prevention.models import AppealSource, Campaign, Edition, OutreachAction, Placement

SOURCE_FIELDS = ["campaign_id", "action_id", "placement_id", "edition_id"]


def _values(source: AppealSource | None) -> dict:
    if source is None:
        return {}
    return {name: getattr(source, name) for name in SOURCE_FIELDS}


@transaction.atomic
def set_appeal_source(
    *,
    actor,
    appeal,
    campaign: Campaign | None = None,
    action: OutreachAction | None = None,
    placement: Placement | None = None,
    edition: Edition | None = None,
) -> AppealSource | None:
    """Record (or change, or with nothing chosen remove) what the appeal was heard of through: one of a
    campaign, an action, a placement or a material (edition)."""
    chosen = [thing for thing in (campaign, action, placement, edition) if thing is not None]
    if len(chosen) > 1:
        raise ValueError("an appeal is heard of through one thing at most")  # a caller's mistake
    current = AppealSource.objects.select_for_update().filter(appeal=appeal).first()
    before = _values(current)
    if not chosen:
        if current is not None:
            record_event(actor=actor, action="appeal_source.set", target=current, before=before, after={})
            current.delete()
        return None
    if action is not None:
        campaign = action.campaign
    elif placement is not None:
        campaign = placement.campaign
    elif edition is not None:
        campaign = edition.material.campaign
    source = current or AppealSource(appeal=appeal)
    source.campaign = campaign
    source.action = action
    source.placement = placement
    source.edition = edition
    source.received_on = appeal.received_on
    source.save()
    after = _values(source)
    if after != before:
        record_event(actor=actor, action="appeal_source.set", target=source, before=before, after=after)
    return source
