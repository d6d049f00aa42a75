"""The materials catalogue: materials, editions by language and version, the design file (type read from
the content, the name's extension must agree), the review by a second person, superseded versions kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from isenim.core.access import Role
from isenim.core.models import AuditEvent
from isenim.prevention.choices import MaterialKind, ReviewState
from isenim.prevention.models import Edition, Material
from isenim.prevention.services import PreventionError
from isenim.prevention.services.materials import edition_approve, edition_edit, may_approve
from isenim.prevention.tests.materials_helpers import (
    SAMPLE_MP4,
    SAMPLE_PDF,
    SAMPLE_PNG,
    approved,
    draft,
    in_stock,
    material,
)


@pytest.fixture(autouse=True)
def vault(settings, tmp_path):
    settings.ISENIM_VAULT_DIR = str(tmp_path / "vault")


@pytest.fixture
def officer(staff):
    return staff[Role.PREVENTION_OFFICER]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- Versions and the review ----------------------------------------------------------------------------


def test_versions_count_per_material_and_language(staff):
    flyer = material(staff)
    first = approved(staff, flyer)
    russian = draft(staff, flyer, language="ru")
    second = draft(staff, flyer)
    assert (first.version, russian.version, second.version) == (1, 1, 2)
    assert second.state == ReviewState.DRAFT


def test_a_second_draft_in_the_same_language_is_refused(staff):
    flyer = material(staff)
    draft(staff, flyer)
    with pytest.raises(PreventionError, match="Version 1 in this language is a draft still"):
        draft(staff, flyer)
    assert Edition.objects.count() == 1


def test_the_drafter_never_approves_and_a_lawyer_does(staff):
    flyer = material(staff)
    edition = draft(staff, flyer)
    director_draft = draft(staff, material(staff, title="Плакат"), name="poster.pdf")
    director_draft.drafted_by = staff[Role.DIRECTOR]
    director_draft.save()
    assert not may_approve(staff[Role.PREVENTION_OFFICER], edition)  # no permission anyway
    assert may_approve(staff[Role.LAWYER], edition)
    with pytest.raises(PreventionError, match="Another person must approve"):
        edition_approve(actor=staff[Role.DIRECTOR], edition=director_draft)
    assert not may_approve(staff[Role.DIRECTOR], director_draft)
    edition_approve(actor=staff[Role.LAWYER], edition=director_draft)
    director_draft.refresh_from_db()
    assert director_draft.state == ReviewState.APPROVED and director_draft.approved_by == staff[Role.LAWYER]


def test_whoever_changes_a_draft_last_cannot_approve_it(staff, settings):
    edition = draft(staff, material(staff))
    edition_edit(
        actor=staff[Role.DIRECTOR],
        edition=edition,
        low_stock_threshold=50,
        file_name="b.png",
        content=SAMPLE_PNG,
    )
    edition.refresh_from_db()
    assert edition.drafted_by == staff[Role.DIRECTOR] and edition.design_content_type == "image/png"
    with pytest.raises(PreventionError, match="Another person must approve"):
        edition_approve(actor=staff[Role.DIRECTOR], edition=edition)
    edition_approve(actor=staff[Role.LAWYER], edition=edition)


def test_approving_a_version_supersedes_the_one_before_and_keeps_its_stock(staff):
    flyer = material(staff)
    old = in_stock(staff, flyer, quantity=300)
    new = edition_approve(actor=staff[Role.LAWYER], edition=draft(staff, flyer))
    old.refresh_from_db()
    assert old.state == ReviewState.SUPERSEDED and old.on_hand == 300 and old.print_runs.count() == 1
    assert new.state == ReviewState.APPROVED and new.version == 2
    assert AuditEvent.objects.filter(action="edition.supersede", target_id=str(old.pk)).exists()
    # The other language is untouched.
    russian = approved(staff, flyer, language="ru")
    new.refresh_from_db()
    assert new.state == ReviewState.APPROVED and russian.state == ReviewState.APPROVED


def test_an_approved_edition_keeps_its_design(staff):
    edition = approved(staff, material(staff))
    with pytest.raises(PreventionError, match="keeps its design"):
        edition_edit(
            actor=staff[Role.PREVENTION_OFFICER],
            edition=edition,
            low_stock_threshold=0,
            file_name="x.pdf",
            content=SAMPLE_PDF,
        )
    edition_edit(actor=staff[Role.PREVENTION_OFFICER], edition=edition, low_stock_threshold=40)
    edition.refresh_from_db()
    assert edition.low_stock_threshold == 40 and edition.state == ReviewState.APPROVED


# --- The design file ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        (MaterialKind.FLYER, "flyer.pdf", SAMPLE_PNG, "named .pdf but it is a PNG file"),
        (MaterialKind.FLYER, "flyer.pdf", b"just some text, not a PDF", "named .pdf but its content is not"),
        (MaterialKind.FLYER, "flyer.exe", b"MZ\x90\x00" + b"\x00" * 60, "must be a PDF, PNG, JPEG file"),
        (MaterialKind.FLYER, "spot.mp4", SAMPLE_MP4, "must be a PDF, PNG, JPEG file"),
        (MaterialKind.VIDEO_SPOT, "spot.pdf", SAMPLE_PDF, "must be a MP4, WebM file"),
        (MaterialKind.VIDEO_SPOT, "spot.webm", SAMPLE_MP4, "named .webm but it is a MP4 file"),
        (MaterialKind.FLYER, "flyer.pdf", b"", "Attach the design file"),
    ],
)
def test_a_design_file_that_is_not_what_it_says_is_refused(staff, kind, name, content, message):
    item = material(staff, kind=kind)
    with pytest.raises(PreventionError, match=message):
        draft(staff, item, name=name, content=content)
    assert not Edition.objects.exists()


def test_a_design_file_larger_than_the_limit_is_refused(staff, settings):
    settings.ISENIM_MAX_UPLOAD_MB = 1
    with pytest.raises(PreventionError, match="larger than 1 MB"):
        draft(staff, material(staff), content=SAMPLE_PDF + b"\x00" * (1024 * 1024))


def test_a_video_spot_takes_mp4_and_has_no_stock_threshold_field(staff, client_as):
    spot = material(staff, kind=MaterialKind.VIDEO_SPOT, title="Видеоролик")
    edition = draft(staff, spot, name="spot.mp4", content=SAMPLE_MP4)
    assert edition.design_content_type == "video/mp4"
    client_as(staff[Role.PREVENTION_OFFICER])
    page = client_as(staff[Role.PREVENTION_OFFICER]).get(reverse("prevention:edition_create", args=[spot.pk]))
    assert b"low_stock_threshold" not in page.content and b"MP4" in page.content


def test_the_design_downloads_as_an_attachment_of_its_type(staff, client_as):
    edition = draft(staff, material(staff), name="flyer.png", content=SAMPLE_PNG)
    response = client_as(staff[Role.ME_OFFICER]).get(reverse("prevention:edition_design", args=[edition.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="material-{edition.material_id}-kaa-v1.png"'
    )
    assert response["X-Content-Type-Options"] == "nosniff" and response.content == SAMPLE_PNG
    # A lawyer reviews it from the review page (no other prevention page is theirs).
    lawyer = client_as(staff[Role.LAWYER])
    assert lawyer.get(reverse("prevention:edition_design", args=[edition.pk])).status_code == 404
    review = lawyer.get(reverse("prevention:edition_review_design", args=[edition.pk]))
    assert review.status_code == 200 and review.content == SAMPLE_PNG
    assert review["Content-Disposition"].startswith("attachment;")


# --- Pages ----------------------------------------------------------------------------------------------


def test_the_officer_drafts_an_edition_through_the_page(staff, client_as):
    flyer = material(staff)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    url = reverse("prevention:edition_create", args=[flyer.pk])
    upload = SimpleUploadedFile("flyer.pdf", SAMPLE_PDF, content_type="application/pdf")
    response = client.post(url, {"language": "uz", "low_stock_threshold": "200", "design": upload})
    edition = Edition.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "prevention:edition_detail", args=[edition.pk]
    )
    assert (edition.language, edition.version, edition.low_stock_threshold) == ("uz", 1, 200)
    assert AuditEvent.objects.filter(action="edition.draft", target_id=str(edition.pk)).exists()


def test_a_wrong_file_keeps_what_was_typed_and_saves_nothing(staff, client_as):
    flyer = material(staff)
    client = client_as(staff[Role.PREVENTION_OFFICER])
    upload = SimpleUploadedFile("flyer.pdf", SAMPLE_PNG, content_type="application/pdf")
    response = client.post(
        reverse("prevention:edition_create", args=[flyer.pk]),
        {"language": "ru", "low_stock_threshold": "345", "design": upload},
    )
    assert response.status_code == 200
    assert b"named .pdf but it is a PNG file" in response.content
    assert b'value="345"' in response.content and b'<option value="ru" selected>' in response.content
    assert not Edition.objects.exists()


def test_approval_through_the_review_page(staff, client_as):
    edition = draft(staff, material(staff))
    officer = client_as(staff[Role.PREVENTION_OFFICER])
    assert officer.post(reverse("prevention:edition_approve", args=[edition.pk])).status_code == 404
    director = client_as(staff[Role.DIRECTOR])
    page = director.get(reverse("prevention:edition_approve", args=[edition.pk]))
    assert b"Approve this version" in page.content
    response = director.post(reverse("prevention:edition_approve", args=[edition.pk]))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.state == ReviewState.APPROVED


def test_the_director_cannot_approve_her_own_draft_through_the_page(staff, client_as):
    flyer = material(staff)
    edition = draft(staff, flyer)
    edition.drafted_by = staff[Role.DIRECTOR]
    edition.save()
    director = client_as(staff[Role.DIRECTOR])
    page = director.get(reverse("prevention:edition_approve", args=[edition.pk]))
    assert b"Approve this version" not in page.content and b"another person" in page.content
    director.post(reverse("prevention:edition_approve", args=[edition.pk]))
    edition.refresh_from_db()
    assert edition.state == ReviewState.DRAFT


def test_the_waiting_list_shows_drafts_to_those_who_approve(staff, client_as):
    edition = draft(staff, material(staff))
    page = client_as(staff[Role.LAWYER]).get(reverse("prevention:edition_waiting"))
    assert reverse("prevention:edition_approve", args=[edition.pk]).encode() in page.content


def test_the_catalogue_filters_by_kind_campaign_language_and_state(staff, client_as):
    flyer = material(staff)
    approved(staff, flyer, language="ru")
    poster = material(staff, kind=MaterialKind.POSTER, title="Плакат")
    draft(staff, poster, language="kaa", name="p.pdf")
    client = client_as(staff[Role.ME_OFFICER])
    url = reverse("prevention:material_list")

    def titles(**params):
        return [row.title for row in client.get(url, params).context["materials"]]

    assert sorted(titles()) == sorted([flyer.title, "Плакат"])
    assert titles(kind="poster") == ["Плакат"]
    assert titles(language="ru") == [flyer.title]
    assert titles(state="draft") == ["Плакат"]
    assert titles(kind="flyer", state="draft") == []


def test_material_create_and_edit(staff, client_as):
    client = client_as(staff[Role.PREVENTION_OFFICER])
    response = client.post(
        reverse("prevention:material_create"), {"kind": "booklet", "title": "  Китапша  ", "description": ""}
    )
    booklet = Material.objects.get()
    assert response.status_code == 302 and booklet.title == "Китапша"
    client.post(
        reverse("prevention:material_edit", args=[booklet.pk]), {"kind": "brochure", "title": "Брошюра"}
    )
    booklet.refresh_from_db()
    assert (booklet.kind, booklet.title) == ("brochure", "Брошюра")
    assert AuditEvent.objects.filter(action="material.update", target_id=str(booklet.pk)).exists()


def test_a_printed_material_with_editions_does_not_become_a_video(staff):
    from isenim.prevention.services.materials import material_save

    flyer = material(staff)
    draft(staff, flyer)
    with pytest.raises(PreventionError, match="cannot become a video spot"):
        material_save(actor=staff[Role.DIRECTOR], material=flyer, kind="video_spot", title=flyer.title)


def test_the_material_page_shows_editions_by_language_and_version(staff, client_as):
    flyer = material(staff)
    in_stock(staff, flyer, quantity=100)
    approved(staff, flyer)
    draft(staff, flyer, language="ru")
    page = client_as(staff[Role.ME_OFFICER]).get(reverse("prevention:material_detail", args=[flyer.pk]))
    labels = [label for label, _editions in page.context["languages"]]
    assert labels == ["Karakalpak, Cyrillic", "Russian"]
    assert [e.version for e in page.context["languages"][0][1]] == [2, 1]
    assert b"Superseded" in page.content
