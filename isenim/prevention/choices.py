"""The fixed lists of the prevention module: kinds of campaign, material, place and placement, and the broad
bands in which the people reached are counted (never named)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    PRE_DEPARTURE_SEASON = "pre_departure", _("Pre-departure season")
    GRANT_ACTIVITY = "grant_activity", _("Grant project activity")
    OTHER = "other", _("Other")


class TargetGroup(models.TextChoices):
    LABOUR_MIGRANTS = "labour_migrants", _("Labour migrants")
    MIGRANT_FAMILIES = "migrant_families", _("Families of labour migrants")
    YOUNG_GRADUATES = "young_graduates", _("Young graduates")
    DEPORTEES = "deportees", _("Deportees")
    PUPILS_STUDENTS = "pupils_students", _("Pupils and students")
    GENERAL_PUBLIC = "general_public", _("The general public")


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    FLYER = "flyer", _("Flyer")
    BOOKLET = "booklet", _("Booklet")
    BROCHURE = "brochure", _("Brochure")
    BUSINESS_CARD = "business_card", _("Business card")
    VIDEO_SPOT = "video_spot", _("Video spot")


# Video spots are aired, not printed: they have editions (a language version) but no print runs or stock.
PRINTED_KINDS = frozenset(MaterialKind) - {MaterialKind.VIDEO_SPOT}


class EditionLanguage(models.TextChoices):
    """The language and script of an edition (the codes of geo.models.NAME_LANGUAGES)."""

    KAA = "kaa", _("Karakalpak, Cyrillic")
    KAA_LATN = "kaa_latn", _("Karakalpak, Latin")
    UZ = "uz", _("Uzbek, Latin")
    UZ_CYRL = "uz_cyrl", _("Uzbek, Cyrillic")
    RU = "ru", _("Russian")


class ReviewState(models.TextChoices):
    """The guide's two-person rule: the prevention officer drafts, the director or a lawyer approves."""

    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class MovementKind(models.TextChoices):
    PRINT_RUN = "print_run", _("Print run")
    TO_ACTION = "to_action", _("Handed out at an action")
    TO_POINT = "to_point", _("Left at a distribution point")
    WRITE_OFF = "write_off", _("Written off")
    RETURNED = "returned", _("Returned to stock")
    TO_MEETING = "to_meeting", _("Handed out at a meeting")


# Which way each kind of movement moves stock: +1 into the store, -1 out of it.
MOVEMENT_SIGN = {
    MovementKind.PRINT_RUN: 1,
    MovementKind.RETURNED: 1,
    MovementKind.TO_ACTION: -1,
    MovementKind.TO_POINT: -1,
    MovementKind.WRITE_OFF: -1,
    MovementKind.TO_MEETING: -1,
}
# The movements that put a material in someone's hands (the denominator of "cost per material handed out"
# and of "appeals per 1,000 materials").
HANDED_OUT = frozenset({MovementKind.TO_ACTION, MovementKind.TO_POINT, MovementKind.TO_MEETING})


class PlaceType(models.TextChoices):
    BAZAAR = "bazaar", _("Bazaar")
    RAILWAY_STATION = "railway_station", _("Railway station")
    BUS_STATION = "bus_station", _("Bus station")
    AIRPORT = "airport", _("Airport")
    HOSPITAL = "hospital", _("Hospital or clinic")
    COLLEGE_SCHOOL = "college_school", _("College or school")
    MAHALLA_MEETING = "mahalla_meeting", _("Mahalla meeting")
    BORDER_CROSSING = "border_crossing", _("Border crossing")
    OTHER = "other", _("Other place")


class PlacementKind(models.TextChoices):
    TV_SPOT = "tv_spot", _("TV spot")
    RADIO_SPOT = "radio_spot", _("Radio spot")
    TRANSPORT_POSTER = "transport_poster", _("Poster on public transport")
    TRANSPORT_SCREEN = "transport_screen", _("Screen on public transport")
    SOCIAL_MEDIA = "social_media", _("Social-media post")
    BILLBOARD = "billboard", _("Billboard")


class Sex(models.TextChoices):
    FEMALE = "f", _("Women")
    MALE = "m", _("Men")


class AgeBand(models.TextChoices):
    """Broad bands, wide enough that a tally never points at one person."""

    UNDER_18 = "0_17", _("under 18")
    FROM_18 = "18_29", _("18–29")
    FROM_30 = "30_49", _("30–49")
    FROM_50 = "50_plus", _("50 and over")


# The columns of an anonymous tally, e.g. "f_18_29": women aged 18–29 (grant meetings count the same way).
TALLY_FIELDS = [f"{sex.value}_{band.value}" for sex in Sex for band in AgeBand]
