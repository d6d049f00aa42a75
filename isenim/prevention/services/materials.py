"""The materials catalogue: materials, their editions by language and version, the design file, and the
review (the guide's two-person rule: whoever drafted or last changed a draft never approves it).

Approving a version supersedes the version approved before it for the same material and language; the
superseded edition is kept with its print runs, stock and ledger (its copies may still be handed out).
"""

from pathlib import PurePath

import filetype
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.core.access import Perm, can, require
from isenim.core.audit import record_change, record_event, snapshot
from isenim.core.vault_files import store
from isenim.prevention.choices import PRINTED_KINDS, EditionLanguage, MaterialKind, ReviewState
from isenim.prevention.models import Campaign, Edition, Material
from isenim.prevention.services import PreventionError

DESIGN_CONTEXT = "prevention.edition.design"
MATERIAL_FIELDS = ["kind", "title", "description", "campaign_id"]
EDITION_FIELDS = [
    "language",
    "version",
    "state",
    "low_stock_threshold",
    "design_file_name",
    "design_content_type",
    "design_size",
    "drafted_by_id",
]
MAX_TITLE = 200
MAX_DESCRIPTION = 4000
# A threshold above the most one movement can be is a typing mistake.
MAX_THRESHOLD = 1_000_000
# A printed design (PDF, PNG, JPEG): as any upload (ISENIM_MAX_UPLOAD_MB). A video spot is larger.
VIDEO_MAX_MB = 60

# Content type read from the bytes -> (the extensions a file of that type may carry, the name people read)
PRINTED_TYPES = {
    "application/pdf": (("pdf",), "PDF"),
    "image/png": (("png",), "PNG"),
    "image/jpeg": (("jpg", "jpeg"), "JPEG"),
}
VIDEO_TYPES = {
    "video/mp4": (("mp4", "m4v"), "MP4"),
    "video/webm": (("webm",), "WebM"),
}
EXTENSIONS = {mime: names[0] for mime, (names, _label) in {**PRINTED_TYPES, **VIDEO_TYPES}.items()}


def accepted_types(kind: str) -> dict:
    return PRINTED_TYPES if kind in PRINTED_KINDS else VIDEO_TYPES


def design_max_bytes(kind: str) -> int:
    megabytes = settings.ISENIM_MAX_UPLOAD_MB if kind in PRINTED_KINDS else VIDEO_MAX_MB
    return int(megabytes) * 1024 * 1024


def design_refusal(kind: str, file_name: str, content: bytes) -> str | None:
    """Why a design file is refused (translated), or None. The type is read from the bytes; the name's
    extension must say the same type (a PNG named .pdf is refused: it is not what it says)."""
    types = accepted_types(kind)
    names = ", ".join(label for _exts, label in types.values())
    if not content:
        return _("Attach the design file.")
    limit = design_max_bytes(kind)
    if len(content) > limit:
        return _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)}
    guessed = filetype.guess(content)
    mime = guessed.mime if guessed is not None else ""
    extension = PurePath(file_name or "").suffix.lower().lstrip(".")
    if mime not in types:
        if extension and any(extension in exts for exts, _label in types.values()):
            return _(
                "This file is named .%(extension)s but its content is not a %(extension_upper)s file. "
                "The type is read from the file itself: save or export it again as one of %(types)s."
            ) % {"extension": extension, "extension_upper": extension.upper(), "types": names}
        if kind in PRINTED_KINDS:
            return _("A design of a printed material must be a %(types)s file.") % {"types": names}
        return _("A video spot must be a %(types)s file.") % {"types": names}
    allowed, label = types[mime]
    if extension not in allowed:
        return _(
            "This file is named .%(extension)s but it is a %(type)s file: rename it to .%(right)s "
            "or upload the file you meant."
        ) % {"extension": extension or "—", "type": label, "right": allowed[0]}
    return None


def _store_design(edition: Edition, kind: str, file_name: str, content: bytes) -> None:
    refusal = design_refusal(kind, file_name, content)
    if refusal is not None:
        raise PreventionError(refusal)
    mime = filetype.guess_mime(content)
    edition.design_vault_name = store(content, context=DESIGN_CONTEXT)
    edition.design_content_type = mime
    edition.design_file_name = PurePath(file_name).name[:200]
    edition.design_size = len(content)


def _check_threshold(value) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PreventionError(_("The low-stock threshold must be a whole number, zero or more."))
    if value > MAX_THRESHOLD:
        raise PreventionError(_("The low-stock threshold can be at most %(most)s.") % {"most": MAX_THRESHOLD})
    return value


# --- Materials ------------------------------------------------------------------------------------------


@transaction.atomic
def material_save(
    *,
    actor,
    material: Material | None = None,
    kind: str,
    title: str,
    description: str = "",
    campaign: Campaign | None = None,
) -> Material:
    require(actor, Perm.EDIT_PREVENTION)
    title = (title or "").strip()
    description = (description or "").strip()
    if not title:
        raise PreventionError(_("Give the material a title."))
    if len(title) > MAX_TITLE or len(description) > MAX_DESCRIPTION:
        raise PreventionError(_("The title or the description is too long."))
    if kind not in MaterialKind.values:
        raise PreventionError(_("Choose the kind of material."))
    adding = material is None
    record = (
        Material(created_by=actor) if adding else Material.objects.select_for_update().get(pk=material.pk)
    )
    before = None if adding else snapshot(record, MATERIAL_FIELDS)
    changes_nature = not adding and (kind in PRINTED_KINDS) != (record.kind in PRINTED_KINDS)
    if changes_nature and record.editions.exists():
        raise PreventionError(
            _("A printed material cannot become a video spot (or back) once it has editions.")
        )
    record.kind, record.title, record.description, record.campaign = kind, title, description, campaign
    record.save()
    if adding:
        record_event(
            actor=actor, action="material.add", target=record, after=snapshot(record, MATERIAL_FIELDS)
        )
    else:
        record_change(actor=actor, action="material.update", target=record, before=before)
    return record


# --- Editions -------------------------------------------------------------------------------------------


def next_version(material: Material, language: str) -> int:
    top = Edition.objects.filter(material=material, language=language).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


@transaction.atomic
def edition_draft(
    *,
    actor,
    material: Material,
    language: str,
    low_stock_threshold: int | None = 0,
    file_name: str,
    content: bytes,
) -> Edition:
    """A new version of ``material`` in ``language`` (the next number), a draft with its design file."""
    require(actor, Perm.EDIT_PREVENTION)
    material = Material.objects.select_for_update().get(pk=material.pk)  # one new version at a time
    if language not in EditionLanguage.values:
        raise PreventionError(_("Choose the language and script of the edition."))
    waiting = Edition.objects.filter(material=material, language=language, state=ReviewState.DRAFT).first()
    if waiting is not None:
        raise PreventionError(
            _("Version %(version)s in this language is a draft still: change that draft instead.")
            % {"version": waiting.version}
        )
    edition = Edition(
        material=material,
        language=language,
        version=next_version(material, language),
        state=ReviewState.DRAFT,
        low_stock_threshold=_check_threshold(low_stock_threshold),
        drafted_by=actor,
    )
    _store_design(edition, material.kind, file_name, content)
    edition.save()
    record_event(actor=actor, action="edition.draft", target=edition, after=snapshot(edition, EDITION_FIELDS))
    return edition


@transaction.atomic
def edition_edit(
    *,
    actor,
    edition: Edition,
    low_stock_threshold: int | None,
    file_name: str = "",
    content: bytes | None = None,
) -> Edition:
    """A draft takes a new design file and threshold; whoever changes a draft becomes its drafter (the one
    who may not approve it). An approved or superseded edition keeps its design: only its threshold
    changes (a new design is a new version)."""
    require(actor, Perm.EDIT_PREVENTION)
    record = Edition.objects.select_for_update().select_related("material").get(pk=edition.pk)
    before = snapshot(record, EDITION_FIELDS)
    record.low_stock_threshold = _check_threshold(low_stock_threshold)
    if content:
        if record.state != ReviewState.DRAFT:
            raise PreventionError(
                _("An approved edition keeps its design: draft a new version for a new design.")
            )
        _store_design(record, record.material.kind, file_name, content)
    if record.state == ReviewState.DRAFT and snapshot(record, EDITION_FIELDS) != before:
        record.drafted_by = actor
    record.save()
    record_change(actor=actor, action="edition.update", target=record, before=before)
    return record


def may_approve(user, edition: Edition) -> bool:
    return (
        can(user, Perm.APPROVE_MATERIALS)
        and edition.state == ReviewState.DRAFT
        and edition.drafted_by_id != getattr(user, "pk", None)
    )


@transaction.atomic
def edition_approve(*, actor, edition: Edition) -> Edition:
    require(actor, Perm.APPROVE_MATERIALS)
    record = Edition.objects.select_for_update().get(pk=edition.pk)
    if record.state != ReviewState.DRAFT:
        raise PreventionError(_("Only a draft can be approved."))
    if record.drafted_by_id == actor.pk:
        raise PreventionError(_("Another person must approve what you drafted or changed last."))
    if not record.design_vault_name:
        raise PreventionError(_("The edition has no design file yet."))
    # The version approved before (if any) of the same material and language: superseded, kept.
    previous = list(
        Edition.objects.select_for_update()
        .filter(material_id=record.material_id, language=record.language, state=ReviewState.APPROVED)
        .exclude(pk=record.pk)
    )
    if any(old.version > record.version for old in previous):
        raise PreventionError(_("A newer version in this language is approved already."))
    for old in previous:
        old.state = ReviewState.SUPERSEDED
        old.save(update_fields=["state"])
        record_event(
            actor=actor,
            action="edition.supersede",
            target=old,
            before={"state": ReviewState.APPROVED.value},
            after={"state": ReviewState.SUPERSEDED.value, "by_version": record.version},
        )
    record.state = ReviewState.APPROVED
    record.approved_by = actor
    record.approved_at = timezone.now()
    record.save(update_fields=["state", "approved_by", "approved_at"])
    record_event(
        actor=actor,
        action="edition.approve",
        target=record,
        before={"state": ReviewState.DRAFT.value},
        after={"state": ReviewState.APPROVED.value, "version": record.version},
    )
    return record
