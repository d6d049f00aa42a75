"""The demo's safe-migration guide (``isenim seed-demo``): Kazakhstan and Russia as a real guide looks.

The shipped reference data (data/guide.json, copied from ../shared/reference with every source and its
confidence) loads as unverified drafts. Here a demo member of staff (the prevention officer) marks the
Kazakhstan and Russia items checked today and sends them for review, and the demo director publishes them;
the same officer marks Uzbekistan's missions in those countries and the hotlines with a number as checked.
Everything goes through the services, so the history and the audit log read as in real use. Nothing here
was really checked: while the demo data is loaded every page and every PDF says so (core.demo).

One pre-departure consultation (Kazakhstan, topics ticked) is recorded on the first demo case, so that the
memo can be printed. Runs once per item: what staff changed since is left alone.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from isenim.guide.models import Consultation, GuideItem, GuideStatus, Hotline, Mission, Topic
from isenim.guide.services.items import (
    ItemData,
    hotline_save,
    item_publish,
    item_submit,
    item_update,
    mission_save,
)

DEMO_GUIDE_COUNTRIES = ("KZ", "RU")
EDITOR, PUBLISHER, CONSULTANT = "prevention", "director", "casemanager"
DEMO_TOPICS = [Topic.ENTRY_STAY, Topic.REGISTRATION, Topic.WORK_PERMITS, Topic.DOCUMENTS_TAKEN]


@transaction.atomic
def ensure_demo_guide() -> int:
    """Publish the demo countries' items loaded from the reference data; returns how many were published."""
    users = {user.username: user for user in get_user_model().objects.filter(is_active=True)}
    if not {EDITOR, PUBLISHER} <= users.keys():
        return 0  # the demo accounts come first (accounts.demo.ensure_demo_staff)
    editor, publisher = users[EDITOR], users[PUBLISHER]
    today = timezone.localdate()
    published = 0
    items = GuideItem.objects.filter(
        destination__country__iso2__in=DEMO_GUIDE_COUNTRIES,
        reference_key__isnull=False,
        status=GuideStatus.DRAFT,
        last_editor__isnull=True,  # as loaded: nobody has touched it
    ).order_by("pk")
    for item in items:
        texts = {name: getattr(item, name) for name in GuideItem.TEXT_FIELDS}
        data = ItemData(
            texts=texts, source=item.source, verified_on=today, topic=item.topic, order=item.order
        )
        item = item_update(actor=editor, item=item, data=data)
        item = item_submit(actor=editor, item=item)
        item_publish(actor=publisher, item=item)
        published += 1
    for mission in Mission.objects.filter(country__iso2__in=DEMO_GUIDE_COUNTRIES, verified_on__isnull=True):
        if not mission.corrected_by_staff:
            mission_save(actor=editor, mission=mission, values={"verified_on": today})
    for hotline in Hotline.objects.filter(verified_on__isnull=True).exclude(phone=""):
        if not hotline.corrected_by_staff:
            hotline_save(actor=editor, hotline=hotline, values={"verified_on": today})
    _demo_consultation(users)
    return published


def _demo_consultation(users: dict) -> None:
    from isenim.appeals.demo import DEMO_MARK
    from isenim.cases.models import Case
    from isenim.geo.models import Country
    from isenim.guide.services.consultations import ConsultationData, consultation_record

    if Consultation.objects.filter(case__person__external_id__startswith=DEMO_MARK).exists():
        return
    consultant = users.get(CONSULTANT)
    case = (
        Case.objects.filter(
            person__external_id__startswith=DEMO_MARK, manager=consultant, closed_on__isnull=True
        )
        .order_by("pk")
        .first()
    )
    country = Country.objects.filter(iso2=DEMO_GUIDE_COUNTRIES[0]).first()
    if consultant is None or case is None or country is None:
        return
    consultation_record(
        actor=consultant,
        case=case,
        data=ConsultationData(
            destination=country,
            consulted_on=timezone.localdate(),
            consulted_by=consultant,
            offer_source="acquaintance",
            job_offered="Қурылыста жумыс, Алматы (демо)",
            checklist={"contract_seen": True, "registration_explained": True, "work_permit_explained": True},
            topics=[str(topic) for topic in DEMO_TOPICS],
            duration_minutes=40,
        ),
    )
