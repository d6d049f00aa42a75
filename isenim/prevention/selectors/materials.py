"""Reads of the materials catalogue: materials with their editions, one edition, its design file."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from isenim.core.access import Perm, require
from isenim.core.vault_files import load
from isenim.prevention.choices import ReviewState
from isenim.prevention.models import Campaign, Edition, Material, PrintRun
from isenim.prevention.services.materials import DESIGN_CONTEXT, EXTENSIONS


@dataclass
class MaterialFilter:
    kind: str = ""
    campaign: Campaign | None = None
    language: str = ""
    state: str = ""


def materials(user, filters: MaterialFilter | None = None) -> QuerySet[Material]:
    """The catalogue, with each material's number of editions; a language or review state keeps the
    materials with at least one edition in it."""
    require(user, Perm.VIEW_PREVENTION)
    filters = filters or MaterialFilter()
    rows = Material.objects.select_related("campaign")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.campaign is not None:
        rows = rows.filter(campaign=filters.campaign)
    edition_filter = Q()
    if filters.language:
        edition_filter &= Q(language=filters.language)
    if filters.state:
        edition_filter &= Q(state=filters.state)
    if filters.language or filters.state:
        rows = rows.filter(pk__in=Edition.objects.filter(edition_filter).values("material_id"))
    return rows.annotate(edition_count=Count("editions")).order_by("kind", "title", "pk")


def material_get(user, pk: int) -> Material:
    require(user, Perm.VIEW_PREVENTION)
    material = Material.objects.select_related("campaign", "created_by").filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


def editions_by_language(material: Material) -> list[tuple[str, list[Edition]]]:
    """[(language label, editions newest version first)] in the order of the language list."""
    editions = material.editions.select_related("drafted_by", "approved_by").order_by("language", "-version")
    grouped: dict[str, list[Edition]] = {}
    for edition in editions:
        grouped.setdefault(edition.language, []).append(edition)
    order = [code for code, _label in Edition._meta.get_field("language").choices]
    return [(grouped[code][0].get_language_display(), grouped[code]) for code in order if code in grouped]


def edition_get(user, pk: int, perm: Perm = Perm.VIEW_PREVENTION) -> Edition:
    require(user, perm)
    edition = (
        Edition.objects.select_related("material", "material__campaign", "drafted_by", "approved_by")
        .prefetch_related(Prefetch("print_runs", queryset=PrintRun.objects.select_related("funding_source")))
        .filter(pk=pk)
        .first()
    )
    if edition is None:
        raise Http404
    return edition


def editions_waiting(user) -> QuerySet[Edition]:
    """Drafts with a design file, for those who approve (their own drafts are shown, not approvable)."""
    require(user, Perm.APPROVE_MATERIALS)
    return (
        Edition.objects.filter(state=ReviewState.DRAFT)
        .exclude(design_vault_name="")
        .select_related("material", "drafted_by")
        .order_by("drafted_at", "pk")
    )


def design_download(edition: Edition) -> tuple[bytes, str, str]:
    """(content, content type, file name) of an edition's design file; 404 when it has none."""
    if not edition.design_vault_name:
        raise Http404
    content = load(edition.design_vault_name, context=DESIGN_CONTEXT)
    extension = EXTENSIONS.get(edition.design_content_type, "bin")
    name = f"material-{edition.material_id}-{edition.language}-v{edition.version}.{extension}"
    return content, edition.design_content_type or "application/octet-stream", name
