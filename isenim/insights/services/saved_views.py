"""Saved analyses: the M&E officer (or the director) names the analysis on screen and opens it again later.

A saved view keeps the pivot's specification as the page's query string says it (``PivotSpec.as_dict``),
never a number: opened again, it is counted afresh under the reader's access and k. Names are unique per
owner (compared without regard to case or surrounding spaces). Every change is audited; the audit record
holds the name (as ``title``: the audit log masks a field called ``name``, a person's) and the
specification, which carry no personal data.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.core.access import Perm, can
from isenim.core.audit import record_event
from isenim.core.errors import Refusal
from isenim.insights.models import SavedView
from isenim.insights.pivot import PivotError, PivotSpec

NAME_MAX = 120

ACTION_LABELS = {
    "saved_view.add": gettext_lazy("Analysis saved"),
    "saved_view.rename": gettext_lazy("Saved analysis renamed"),
    "saved_view.delete": gettext_lazy("Saved analysis deleted"),
    "analysis.export": gettext_lazy("Analysis exported to a file"),
}


def may_save_views(user) -> bool:
    """Those who see every analysis (the director, the M&E officer) keep named views."""
    return can(user, Perm.VIEW_INSIGHTS)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Refusal(_("Give the analysis a name."))
    if len(name) > NAME_MAX:
        raise Refusal(_("A name is at most %(max)s characters long.") % {"max": NAME_MAX})
    return name


def _check_unique(owner, name: str, *, other_than: int | None = None) -> None:
    taken = SavedView.objects.filter(owner=owner, name__iexact=name)
    if other_than is not None:
        taken = taken.exclude(pk=other_than)
    if taken.exists():
        raise Refusal(
            _("You already have a saved analysis named “%(name)s”: choose another name.") % {"name": name}
        )


def _check_actor(actor) -> None:
    if not may_save_views(actor):
        raise Refusal(_("Only the director and the M&E officer keep saved analyses."))


def saved_views_of(user):
    return SavedView.objects.filter(owner=user).order_by("name")


def saved_view_get(user, pk: int) -> SavedView:
    """One of the user's own saved views; another's is as missing as one that does not exist."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(SavedView, pk=pk, owner=user)


def spec_of(view: SavedView) -> PivotSpec:
    """The saved specification (PivotError when it no longer fits the sources: a dimension removed…)."""
    spec = dict(view.spec)
    spec.setdefault("source", view.source)
    return PivotSpec.from_dict(spec)


def saved_view_create(*, actor, name: str, spec: PivotSpec) -> SavedView:
    _check_actor(actor)
    name = _clean_name(name)
    data = spec.as_dict()
    try:
        PivotSpec.from_dict(data)  # what is saved opens again
    except PivotError as error:
        raise Refusal(str(error)) from error
    with transaction.atomic():
        _check_unique(actor, name)
        try:
            with transaction.atomic():
                view = SavedView.objects.create(name=name, owner=actor, source=spec.source, spec=data)
        except IntegrityError as error:  # saved twice at once under the same name
            raise Refusal(
                _("You already have a saved analysis named “%(name)s”: choose another name.") % {"name": name}
            ) from error
        record_event(actor=actor, action="saved_view.add", target=view, after={"title": name, "spec": data})
    return view


def saved_view_rename(*, actor, view: SavedView, name: str) -> SavedView:
    _check_actor(actor)
    if view.owner_id != actor.pk:
        raise Refusal(_("This saved analysis is not yours."))
    name = _clean_name(name)
    if name == view.name:
        return view
    with transaction.atomic():
        _check_unique(actor, name, other_than=view.pk)
        before = view.name
        view.name = name
        try:
            with transaction.atomic():
                view.save(update_fields=["name", "updated_at"])
        except IntegrityError as error:
            raise Refusal(
                _("You already have a saved analysis named “%(name)s”: choose another name.") % {"name": name}
            ) from error
        record_event(
            actor=actor,
            action="saved_view.rename",
            target=view,
            before={"title": before},
            after={"title": name},
        )
    return view


def saved_view_delete(*, actor, view: SavedView) -> None:
    if view.owner_id != actor.pk:
        raise Refusal(_("This saved analysis is not yours."))
    with transaction.atomic():
        record_event(
            actor=actor,
            action="saved_view.delete",
            target=view,
            before={"title": view.name, "spec": view.spec},
        )
        view.delete()


# --- demo ---------------------------------------------------------------------------------------------------

# The demo M&E officer's analyses (accounts.demo: "mande"); names as an officer would type them.
DEMO_OWNER = "mande"
DEMO_VIEWS = [
    (
        "Cause × district, last 12 months",
        {"rows": "cause", "cols": "home_district", "period": "last_12_months"},
    ),
    ("Channel by month, this year", {"rows": "month", "cols": "channel", "period": "this_year"}),
    (
        "Destinations: this quarter against last year",
        {"rows": "destination", "period": "this_quarter", "compare": "previous_year"},
    ),
    ("Heard of us through, by sex (% of row)", {"rows": "heard_about", "cols": "sex", "percent": "row"}),
]


def ensure_demo_saved_views() -> int:
    """The demo M&E officer's saved analyses, unless they exist; returns how many were made."""
    owner = get_user_model().objects.filter(username=DEMO_OWNER).first()
    if owner is None:
        return 0  # the demo accounts come first
    made = 0
    for name, fields in DEMO_VIEWS:
        if SavedView.objects.filter(owner=owner, name=name).exists():
            continue
        try:
            spec = PivotSpec.from_dict({"source": "appeals", **fields})
        except PivotError:
            continue  # a dimension this installation does not offer
        saved_view_create(actor=owner, name=name, spec=spec)
        made += 1
    return made
