"""Staff pages of the safe-migration guide (namespace "migration", under staff/guide/)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can
from isenim.core.decorators import permission_required, post_only, read_only
from isenim.core.errors import Refusal, refusal_in_form, refusal_message
from isenim.core.text import visible
from isenim.guide import selectors, services
from isenim.guide.forms import GuideItemForm, HotlineForm, MissionForm, ReturnForm
from isenim.guide.models import GuideStatus, Hotline, Mission, Topic


@permission_required(Perm.VIEW_GUIDE)
@read_only
def destination_list(request):
    rows = []
    for destination in selectors.staff_destinations(request.user):
        items = list(destination.items.all())
        rows.append(
            {
                "destination": destination,
                "total": len(items),
                "public": sum(item.is_public for item in items),
                "in_review": sum(item.status == GuideStatus.IN_REVIEW for item in items),
                "drafts": sum(item.status == GuideStatus.DRAFT for item in items),
                "unverified": sum(item.verified_on is None for item in items),
                "missions": destination.country.uz_missions.count(),
            }
        )
    return render(request, "guide/destination_list.html", {"rows": rows})


@permission_required(Perm.VIEW_GUIDE)
@read_only
def destination_detail(request, iso2: str):
    destination = selectors.staff_destination(request.user, iso2)
    items = list(selectors.staff_items(request.user, destination))
    topics = [
        {"label": label, "items": [item for item in items if item.topic == value]}
        for value, label in Topic.choices
    ]
    context = {
        "destination": destination,
        "topics": topics,
        "missions": selectors.missions_of(destination.country),
        "may_draft": can(request.user, Perm.DRAFT_GUIDE),
    }
    return render(request, "guide/destination_detail.html", context)


def _save_item(request, form, *, destination=None, item=None):
    """Save (and, with the second button, send for review) in one go; any refusal keeps the form."""
    data = form.to_data()
    try:
        if item is None:
            item = services.item_create(actor=request.user, destination=destination, data=data)
        else:
            item = services.item_update(actor=request.user, item=item, data=data)
        if form.submitting:
            services.item_submit(actor=request.user, item=item)
            messages.success(request, _("Saved and sent for review."))
        else:
            messages.success(request, _("Saved as a draft."))
    except Refusal as error:
        refusal_in_form(form, error)
        return None
    return item


@permission_required(Perm.DRAFT_GUIDE)
def item_create(request, iso2: str):
    destination = selectors.staff_destination(request.user, iso2)
    submitting = "submit" in request.POST
    form = GuideItemForm(
        request.POST or None, submitting=submitting, initial={"topic": request.GET.get("topic")}
    )
    if request.method == "POST" and form.is_valid():
        item = _save_item(request, form, destination=destination)
        if item is not None:
            return redirect("guide:item_detail", pk=item.pk)
    context = {"form": form, "destination": destination, "has_errors": bool(form.errors)}
    return render(request, "guide/item_form.html", context)


@permission_required(Perm.DRAFT_GUIDE)
def item_edit(request, pk: int):
    item = selectors.staff_item(request.user, pk)
    submitting = "submit" in request.POST
    form = GuideItemForm(
        request.POST or None, submitting=submitting, initial=GuideItemForm.initial_from(item)
    )
    if request.method == "POST" and form.is_valid() and _save_item(request, form, item=item) is not None:
        return redirect("guide:item_detail", pk=item.pk)
    context = {"form": form, "destination": item.destination, "item": item, "has_errors": bool(form.errors)}
    return render(request, "guide/item_form.html", context)


@permission_required(Perm.VIEW_GUIDE)
@read_only
def item_detail(request, pk: int):
    item = selectors.staff_item(request.user, pk)
    context = {
        "item": item,
        "versions": item.versions.select_related("by"),
        "missing": services.missing_for_review(item),
        "may_draft": can(request.user, Perm.DRAFT_GUIDE),
        "may_review": can(request.user, Perm.PUBLISH_GUIDE) and item.status == GuideStatus.IN_REVIEW,
        "may_publish": services.may_publish(request.user, item),
        "return_form": ReturnForm(),
        "languages": [
            (code, item.title(code), item.body(code))
            for code in ("kaa", "kaa-latn", "uz", "uz-cyrl", "ru", "en")
        ],
    }
    return render(request, "guide/item_detail.html", context)


def _act(request, pk: int, action) -> object:
    item = selectors.staff_item(request.user, pk)
    try:
        action(item)
    except Refusal as error:
        refusal_message(request, error)
    return redirect("guide:item_detail", pk=item.pk)


@permission_required(Perm.DRAFT_GUIDE)
@post_only
def item_submit(request, pk: int):
    def submit(item):
        services.item_submit(actor=request.user, item=item)
        messages.success(request, _("Sent for review."))

    return _act(request, pk, submit)


@permission_required(Perm.PUBLISH_GUIDE)
@post_only
def item_publish(request, pk: int):
    def publish(item):
        services.item_publish(actor=request.user, item=item)
        messages.success(request, _("Published."))

    return _act(request, pk, publish)


@permission_required(Perm.PUBLISH_GUIDE)
@post_only
def item_return(request, pk: int):
    def send_back(item):
        services.item_return(
            actor=request.user, item=item, comment=visible(request.POST.get("comment", ""), lines=True)[:2000]
        )
        messages.success(request, _("Returned to the editor."))

    return _act(request, pk, send_back)


# Missions and hotlines ------------------------------------------------------------------------------


@permission_required(Perm.VIEW_GUIDE)
@read_only
def mission_list(request):
    context = {
        "missions": selectors.staff_missions(request.user),
        "may_draft": can(request.user, Perm.DRAFT_GUIDE),
    }
    return render(request, "guide/mission_list.html", context)


def _edit(request, *, form_class, instance, save, template_title, back):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, values=form.values())
        except Refusal as error:
            refusal_in_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(back)
    context = {"form": form, "title": template_title, "back": back, "has_errors": bool(form.errors)}
    return render(request, "guide/simple_form.html", context)


@permission_required(Perm.DRAFT_GUIDE)
def mission_create(request):
    mission = Mission()
    return _edit(
        request,
        form_class=MissionForm,
        instance=mission,
        save=lambda **kw: services.mission_save(mission=Mission(), **kw),
        template_title=_("Add a mission"),
        back="guide:mission_list",
    )


@permission_required(Perm.DRAFT_GUIDE)
def mission_edit(request, pk: int):
    mission = get_object_or_404(selectors.staff_missions(request.user), pk=pk)
    return _edit(
        request,
        form_class=MissionForm,
        instance=mission,
        save=lambda **kw: services.mission_save(mission=get_object_or_404(Mission, pk=pk), **kw),
        template_title=_("Change a mission"),
        back="guide:mission_list",
    )


@permission_required(Perm.VIEW_GUIDE)
@read_only
def hotline_list(request):
    context = {
        "hotlines": selectors.staff_hotlines(request.user),
        "may_draft": can(request.user, Perm.DRAFT_GUIDE),
    }
    return render(request, "guide/hotline_list.html", context)


@permission_required(Perm.DRAFT_GUIDE)
def hotline_create(request):
    return _edit(
        request,
        form_class=HotlineForm,
        instance=Hotline(),
        save=lambda **kw: services.hotline_save(hotline=Hotline(), **kw),
        template_title=_("Add a hotline"),
        back="guide:hotline_list",
    )


@permission_required(Perm.DRAFT_GUIDE)
def hotline_edit(request, pk: int):
    hotline = get_object_or_404(selectors.staff_hotlines(request.user), pk=pk)
    return _edit(
        request,
        form_class=HotlineForm,
        instance=hotline,
        save=lambda **kw: services.hotline_save(hotline=get_object_or_404(Hotline, pk=pk), **kw),
        template_title=_("Change a hotline"),
        back="guide:hotline_list",
    )
