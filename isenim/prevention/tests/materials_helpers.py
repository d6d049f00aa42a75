"""Building blocks of the materials and stock tests: a material, an edition drafted and approved by two
people, a print run that puts it in stock."""

from datetime import timedelta

from django.utils import timezone

from isenim.core.access import Role
from isenim.prevention.choices import MaterialKind
from isenim.prevention.services.materials import edition_approve, edition_draft, material_save
from isenim.prevention.services.stock import print_run_record

SAMPLE_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SAMPLE_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
SAMPLE_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
FLYER_TITLE = "Шет елде жумыс: алдын ала билиң"


def material(staff, *, kind=MaterialKind.FLYER, title=FLYER_TITLE, campaign=None):
    return material_save(actor=staff[Role.PREVENTION_OFFICER], kind=kind, title=title, campaign=campaign)


def draft(staff, item, *, language="kaa", threshold=0, content=SAMPLE_PDF, name="flyer.pdf"):
    return edition_draft(
        actor=staff[Role.PREVENTION_OFFICER],
        material=item,
        language=language,
        low_stock_threshold=threshold,
        file_name=name,
        content=content,
    )


def approved(staff, item, **kwargs):
    return edition_approve(actor=staff[Role.DIRECTOR], edition=draft(staff, item, **kwargs))


def in_stock(staff, item=None, *, quantity=1000, unit_cost=800, threshold=0, language="kaa"):
    """An approved edition with one print run of ``quantity`` copies (printed a week ago)."""
    edition = approved(staff, item or material(staff), threshold=threshold, language=language)
    print_run_record(
        actor=staff[Role.PREVENTION_OFFICER],
        edition=edition,
        printed_on=timezone.localdate() - timedelta(days=7),
        printer="Нөкис баспаханасы",
        quantity=quantity,
        unit_cost_uzs=unit_cost,
    )
    edition.refresh_from_db()
    return edition
