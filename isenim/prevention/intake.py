"""The appeal form's "heard of us through" choice: a campaign, an outreach action, a media placement or a
material (edition), registered on the appeals floor's extension hook (appeals/intake_extensions.py) from
``PreventionConfig.ready()``. Appeals never imports prevention; prevention saves the choice as an
``AppealSource`` through ``services.attribution.set_appeal_source``, inside the appeal's transaction.

The choice is optional and anonymous, like the appeal's "how did they hear of the centre" answer beside it.
The list offers what an appellant plausibly heard of: current campaigns, the actions of the last weeks,
placements running lately and approved materials; an action's page opens the form with that action chosen
(``?action=<id>``) even when it is older.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.appeals.choices import Channel, HeardAbout
from isenim.appeals.intake_extensions import IntakeExtension
from isenim.core.forms import parse_id
from isenim.prevention.models import AppealSource, Campaign, Edition, OutreachAction, Placement
from isenim.prevention.services.attribution import set_appeal_source

FIELD = "heard_through"
KINDS = ("campaign", "action", "placement", "edition")
RECENT_ACTIONS = timedelta(days=60)
RECENT_PLACEMENTS = timedelta(days=180)
RECENT_CAMPAIGNS = timedelta(days=365)
MOST_OFFERED = 100  # of each kind


def action_label(action: OutreachAction) -> str:
    day = date_format(timezone.localtime(action.starts_at).date(), "SHORT_DATE_FORMAT")
    return f"{day} · {action.get_place_type_display()}: {action.place_name}"


def placement_label(placement: Placement) -> str:
    route = f" · {placement.programme_or_route}" if placement.programme_or_route else ""
    return f"{placement.get_kind_display()}: {placement.operator}{route}"


def _models():
    return {"campaign": Campaign, "action": OutreachAction, "placement": Placement, "edition": Edition}


def _found(value: str):
    """The record a choice such as "action:12" names, or None."""
    kind, _sep, raw = (value or "").partition(":")
    if kind not in KINDS:
        return None, None
    pk = parse_id(raw)
    if pk is None:
        return None, None
    queryset = _models()[kind].objects.all()
    if kind == "edition":
        queryset = queryset.select_related("material")
    return kind, queryset.filter(pk=pk).first()


def _label(kind: str, thing) -> str:
    if kind == "action":
        return action_label(thing)
    if kind == "placement":
        return placement_label(thing)
    return str(thing)


def choices(chosen: str = "") -> list:
    """The select's groups; ``chosen`` (a value already on the form) is offered even when it is older."""
    today = timezone.localdate()
    now = timezone.now()
    campaigns = Campaign.objects.filter(ends_on__gte=today - RECENT_CAMPAIGNS, starts_on__lte=today)
    actions = OutreachAction.objects.filter(
        starts_at__gte=now - RECENT_ACTIONS, starts_at__lte=now + timedelta(days=1)
    ).order_by("-starts_at")
    placements = Placement.objects.filter(ends_on__gte=today - RECENT_PLACEMENTS, starts_on__lte=today)
    editions = Edition.objects.filter(state="approved").select_related("material")
    groups = {
        "campaign": (_("Campaigns"), list(campaigns[:MOST_OFFERED])),
        "action": (_("Outreach actions"), list(actions[:MOST_OFFERED])),
        "placement": (_("TV, radio, transport and online"), list(placements[:MOST_OFFERED])),
        "edition": (_("Posters, flyers and other materials"), list(editions[:MOST_OFFERED])),
    }
    kind, extra = _found(chosen)
    if extra is not None and extra.pk not in {thing.pk for thing in groups[kind][1]}:
        groups[kind][1].insert(0, extra)
    return [
        ("", "—"),
        *(
            (label, [(f"{kind}:{thing.pk}", _label(kind, thing)) for thing in things])
            for kind, (label, things) in groups.items()
            if things
        ),
    ]


class HeardThroughField(forms.ChoiceField):
    """Validated by looking the record up (any campaign, action…), not only among the ones offered."""

    def valid_value(self, value) -> bool:
        return _found(value)[1] is not None


class HeardThrough(IntakeExtension):
    name = "prevention"

    def add_fields(self, form) -> list[str]:
        chosen = form.data.get(FIELD) if form.is_bound else form.initial.get(FIELD)
        form.fields[FIELD] = HeardThroughField(
            label=gettext_lazy("Heard of us through (campaign, action, placement or material)"),
            choices=choices(str(chosen or "")),
            required=False,
            help_text=gettext_lazy("Optional: only when they say where they saw or heard of the centre."),
        )
        return [FIELD]

    def initial(self, query) -> dict:
        pk = parse_id(query.get("action"))
        if pk is None or not OutreachAction.objects.filter(pk=pk).exists():
            return {}
        return {
            FIELD: f"action:{pk}",
            "channel": Channel.OUTREACH,
            "heard_about": HeardAbout.OUTREACH_ACTION,
        }

    def initial_for(self, appeal) -> dict:
        source = AppealSource.objects.filter(appeal=appeal).first()
        if source is None:
            return {}
        for kind in ("action", "placement", "edition", "campaign"):
            pk = getattr(source, f"{kind}_id")
            if pk:
                return {FIELD: f"{kind}:{pk}"}
        return {}

    def clean(self, form, data: dict) -> dict:
        kind, thing = _found(data.get(FIELD) or "")
        return {kind: thing} if thing is not None else {}

    def save(self, *, actor, appeal, value) -> None:
        set_appeal_source(actor=actor, appeal=appeal, **(value or {}))

    def rows(self, *, user, appeal) -> list[tuple[str, str]]:
        source = (
            AppealSource.objects.filter(appeal=appeal)
            .select_related("campaign", "action", "placement", "edition__material")
            .first()
        )
        if source is None:
            return []
        if source.action_id:
            text = _("Outreach action: %(action)s") % {"action": action_label(source.action)}
        elif source.placement_id:
            text = _("Media placement: %(placement)s") % {"placement": placement_label(source.placement)}
        elif source.edition_id:
            text = _("Material: %(edition)s") % {"edition": source.edition}
        else:
            text = _("Campaign: %(campaign)s") % {"campaign": source.campaign}
        if source.campaign_id and (source.action_id or source.placement_id or source.edition_id):
            text += " · " + _("campaign %(campaign)s") % {"campaign": source.campaign}
        return [(_("Heard of us through"), text)]
