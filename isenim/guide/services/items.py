"""Writes for the safe-migration guides, missions and hotlines; each one audited.

The review rule: an item goes draft → in review → published; any correction sends it back to draft. The
person who publishes needs ``Perm.PUBLISH_GUIDE`` and must not be the item's last editor. Every saved state
is kept as a ``GuideItemVersion``. A refused step raises ``core.errors.Refusal`` with the reason.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, require
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.errors import Refusal
from isenim.guide.models import (
    TEXT_LANGUAGES,
    Destination,
    GuideItem,
    GuideItemVersion,
    GuideStatus,
    GuideTexts,
    Hotline,
    Mission,
)

MISSION_FIELDS = [
    "country_id",
    "kind",
    "name_kaa",
    "name_uz",
    "name_ru",
    "name_en",
    "address",
    "phones",
    "hours",
    "website",
    "source",
    "verified_on",
    "note",
    "order",
]
HOTLINE_FIELDS = [
    "name_kaa",
    "name_uz",
    "name_ru",
    "name_en",
    "phone",
    "answers_kaa",
    "answers_uz",
    "answers_ru",
    "answers_en",
    "country_id",
    "source",
    "verified_on",
    "order",
]


@dataclass
class ItemData:
    texts: dict = field(default_factory=dict)  # title_kaa … body_en
    source: str = ""
    verified_on: date | None = None
    topic: str = ""
    order: int = 0


def missing_for_review(item: GuideTexts) -> list[str]:
    """The reasons an item may not go for review yet (empty list: it may)."""
    problems = []
    for language in TEXT_LANGUAGES:
        if not getattr(item, f"title_{language}").strip() or not getattr(item, f"body_{language}").strip():
            problems.append(language)
    return problems


def _check_texts_complete(item: GuideItem) -> None:
    missing = missing_for_review(item)
    problems = []
    if missing:
        problems.append(
            _("Before review every language needs a title and a text. Missing: %(langs)s.")
            % {"langs": ", ".join(missing)}
        )
    if not item.source.strip():
        problems.append(_("Give the source of the facts."))
    if problems:
        raise Refusal(" ".join(str(problem) for problem in problems))


def _check_verified_on(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise Refusal(_("The verification date cannot be in the future."))


def _save_version(item: GuideItem, *, actor, action: str, comment: str = "") -> GuideItemVersion:
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = GuideItemVersion(
        item=item,
        number=number,
        status=item.status,
        action=action,
        comment=comment,
        by=actor if getattr(actor, "pk", None) else None,
    )
    for name in GuideTexts.COPIED_FIELDS:
        setattr(version, name, getattr(item, name))
    version.save()
    return version


def _audit_after(item: GuideItem) -> dict:
    return snapshot(item, ["status", "topic", "verified_on"])


def _apply(item: GuideItem, data: ItemData) -> None:
    for name in GuideTexts.TEXT_FIELDS:
        setattr(item, name, (data.texts.get(name) or "").strip())
    item.source = data.source.strip()
    item.verified_on = data.verified_on
    if data.topic:
        item.topic = data.topic
    item.order = data.order


@transaction.atomic
def item_create(*, actor, destination: Destination, data: ItemData) -> GuideItem:
    require(actor, Perm.DRAFT_GUIDE)
    _check_verified_on(data.verified_on)
    item = GuideItem(destination=destination, status=GuideStatus.DRAFT, last_editor=actor)
    _apply(item, data)
    try:
        item.full_clean(exclude=["reference_key", "last_editor", "published_by"])
    except ValidationError as error:  # what the form did not catch, said as a refusal like the rest
        raise Refusal(" ".join(str(message) for message in error.messages)) from error
    item.save()
    _save_version(item, actor=actor, action="draft")
    record_event(actor=actor, action="guide.draft", target=item, after=_audit_after(item))
    return item


@transaction.atomic
def item_update(*, actor, item: GuideItem, data: ItemData) -> GuideItem:
    """A correction: the item goes back to draft and this person becomes its last editor."""
    require(actor, Perm.DRAFT_GUIDE)
    _check_verified_on(data.verified_on)
    item = GuideItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, ["status", "topic", "verified_on", "source"])
    _apply(item, data)
    item.status = GuideStatus.DRAFT
    item.last_editor = actor
    item.published_by = None
    item.published_at = None
    item.save()
    _save_version(item, actor=actor, action="update")
    record_change(actor=actor, action="guide.update", target=item, before=before, always=True)
    return item


@transaction.atomic
def item_submit(*, actor, item: GuideItem) -> GuideItem:
    require(actor, Perm.DRAFT_GUIDE)
    item = GuideItem.objects.select_for_update().get(pk=item.pk)
    if item.status != GuideStatus.DRAFT:
        raise Refusal(_("Only a draft can be sent for review."))
    _check_texts_complete(item)
    _check_verified_on(item.verified_on)
    item.status = GuideStatus.IN_REVIEW
    if item.last_editor_id is None:  # loaded from the shipped data: the sender takes responsibility
        item.last_editor = actor
    item.review_comment = ""
    item.save()
    _save_version(item, actor=actor, action="submit")
    record_event(actor=actor, action="guide.submit", target=item, after=_audit_after(item))
    return item


def may_publish(user, item: GuideItem) -> bool:
    from isenim.core.access import can

    return (
        can(user, Perm.PUBLISH_GUIDE)
        and item.status == GuideStatus.IN_REVIEW
        and item.last_editor_id != getattr(user, "pk", None)
    )


@transaction.atomic
def item_publish(*, actor, item: GuideItem) -> GuideItem:
    require(actor, Perm.PUBLISH_GUIDE)
    item = GuideItem.objects.select_for_update().get(pk=item.pk)
    if item.status != GuideStatus.IN_REVIEW:
        raise Refusal(_("Only an item in review can be published."))
    if item.last_editor_id == actor.pk:
        raise Refusal(_("Another person must publish what you edited last."))
    _check_texts_complete(item)
    if item.verified_on is None:  # published but never shown (is_public): refuse instead of pretending
        raise Refusal(
            _(
                "Give the day the facts were checked against the source before publishing: an item "
                "without it is never shown to anyone. Return it to the editor with that comment."
            )
        )
    item.status = GuideStatus.PUBLISHED
    item.published_by = actor
    item.published_at = timezone.now()
    item.review_comment = ""
    item.save()
    _save_version(item, actor=actor, action="publish")
    record_event(actor=actor, action="guide.publish", target=item, after=_audit_after(item))
    return item


@transaction.atomic
def item_return(*, actor, item: GuideItem, comment: str) -> GuideItem:
    require(actor, Perm.PUBLISH_GUIDE)
    comment = (comment or "").strip()
    if not comment:
        raise Refusal(_("Say what the editor should change."))
    item = GuideItem.objects.select_for_update().get(pk=item.pk)
    if item.status != GuideStatus.IN_REVIEW:
        raise Refusal(_("Only an item in review can be returned."))
    item.status = GuideStatus.DRAFT
    item.review_comment = comment
    item.save()
    _save_version(item, actor=actor, action="return", comment=comment)
    record_event(actor=actor, action="guide.return", target=item, after=_audit_after(item))
    return item


# Missions and hotlines -----------------------------------------------------------------------------


@transaction.atomic
def mission_save(*, actor, mission: Mission, values: dict) -> Mission:
    require(actor, Perm.DRAFT_GUIDE)
    _check_verified_on(values.get("verified_on"))
    creating = mission.pk is None
    before = {} if creating else snapshot(Mission.objects.get(pk=mission.pk), MISSION_FIELDS)
    for name, value in values.items():
        setattr(mission, name, value)
    if not creating:
        mission.corrected_by_staff = True
    mission.save()
    if creating:
        record_event(
            actor=actor, action="mission.add", target=mission, after=snapshot(mission, MISSION_FIELDS)
        )
    else:
        record_change(actor=actor, action="mission.update", target=mission, before=before)
    return mission


@transaction.atomic
def hotline_save(*, actor, hotline: Hotline, values: dict) -> Hotline:
    require(actor, Perm.DRAFT_GUIDE)
    _check_verified_on(values.get("verified_on"))
    creating = hotline.pk is None
    before = {} if creating else snapshot(Hotline.objects.get(pk=hotline.pk), HOTLINE_FIELDS)
    for name, value in values.items():
        setattr(hotline, name, value)
    if not creating:
        hotline.corrected_by_staff = True
    hotline.save()
    # The audit catalogue has no hotline labels; the mission actions cover the missions-and-hotlines list.
    if creating:
        record_event(
            actor=actor, action="mission.add", target=hotline, after=snapshot(hotline, HOTLINE_FIELDS)
        )
    else:
        record_change(actor=actor, action="mission.update", target=hotline, before=before)
    return hotline


# The public "ask us before you go" form ---------------------------------------------------------------


@transaction.atomic
def ask_register(*, name: str, phone: str, telegram: str, destination, question: str):
    """A question from the public page becomes an appeal from a new person (actor None: the audit shows
    the public form). Only what the person typed is stored; the question is the sealed narrative."""
    from isenim.appeals.choices import Category, Channel
    from isenim.appeals.services import AppealData, appeal_register
    from isenim.people.services import PersonData

    phones = [phone] if phone else []
    if telegram:
        phones.append(f"{telegram} (Telegram)")
    identity = {"first_name": name, "phones": phones}
    if telegram:
        identity["telegram"] = telegram
    appeal = appeal_register(
        actor=None,
        data=AppealData(
            received_on=timezone.localdate(),
            channel=Channel.ONLINE_FORM,
            category=Category.PRE_DEPARTURE,
            destination_id=destination.pk if destination else None,
            narrative=question,
        ),
        new_person=PersonData(identity=identity),
    )
    record_event(
        actor=None,
        action="ask.received",
        target=appeal,
        after={"destination_id": appeal.destination_id, "contact": "telegram" if telegram else "phone"},
    )
    return appeal
