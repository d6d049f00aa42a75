"""Case documents (encrypted in the vault, type sniffed from the bytes) and the identity checklist."""

import io
import zipfile

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from isenim.cases.choices import IdentityDocumentStatus, IdentityDocumentType
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case, CaseDocument, IdentityDocument
from isenim.cases.services import CaseRuleError
from isenim.core.audit import record_event
from isenim.core.vault_files import store

DOCUMENT_FILE_CONTEXT = "cases.casedocument.file"
MAX_TITLE_LENGTH = 200

# What may be uploaded: content type -> extension. Old binary Office files (DOC, XLS) are left out on
# purpose: they cannot be checked for macros the way the zipped formats can.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
ALLOWED_NAMES = "PDF, JPEG, PNG, WEBP, DOCX, XLSX, ODT, ODS"
NOT_ALLOWED_MESSAGE = gettext_lazy(
    "This file is not one of the accepted types (%(types)s). The type is read from the file itself, "
    "not from its name."
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OPEN_DOCUMENT = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet")
ZIPPED = {DOCX, XLSX, *OPEN_DOCUMENT, "application/zip"}

# The zipped office formats are read by whoever opens them: one that unpacks to far more than it weighs (a
# "zip bomb") fills the disk or the memory of the computer that opens it. A document of the case file
# unpacks to a few megabytes, rarely to more than ten times its size (pictures do not compress).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all members together, as the archive declares them
MAX_RATIO = 100  # unpacked size / file size, once the members weigh more than RATIO_FROM together
RATIO_FROM = 1024 * 1024
MAX_MEMBERS = 5000
UNPACKS_TOO_LARGE = gettext_lazy(
    "This file unpacks to much more than it weighs (%(size)s MB): a compressed file like this can fill "
    "the disk of whoever opens it, so it is refused. Save the document again from its program, or as PDF."
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "ISENIM_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def unpacked_size(content: bytes) -> int | None:
    """What a zipped file declares it unpacks to (its members' sizes together), or None for no zip."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        return None
    if len(members) > MAX_MEMBERS:
        return MAX_UNPACKED_BYTES + 1
    return sum(member.file_size for member in members)


def unpacks_too_large(content: bytes) -> bool:
    unpacked = unpacked_size(content)
    if unpacked is None:
        return False
    return unpacked > MAX_UNPACKED_BYTES or (unpacked > RATIO_FROM and unpacked > MAX_RATIO * len(content))


def _zipped_office_type(content: bytes) -> str:
    """DOCX, XLSX, ODT or ODS by what the archive holds, or "" (not an office file, macros, broken)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        if "mimetype" in names:  # OpenDocument: the first entry names the type
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return ""
            mime = archive.read("mimetype").decode("ascii", "replace").strip()
            return mime if mime in OPEN_DOCUMENT and archive.testzip() is None else ""
        if "[Content_Types].xml" not in names:
            return ""
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            return ""
        manifest = archive.read("[Content_Types].xml")
        # Every member unpacks to what it declares (the sizes checked above are the declared ones).
        if archive.testzip() is not None:
            return ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError):
        return ""
    if b"macroEnabled" in manifest or any(name.lower().endswith("vbaproject.bin") for name in names):
        return ""  # .docm / .xlsm renamed: refused
    has_word = any(name.startswith("word/") for name in names)
    has_sheets = any(name.startswith("xl/") for name in names)
    if has_word and not has_sheets:
        return DOCX
    if has_sheets and not has_word:
        return XLSX
    return ""


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) read from the bytes themselves, or None when the file is not allowed."""
    if not content:
        return None
    kind = filetype.guess(content)
    mime = kind.mime if kind is not None else ""
    if mime in ZIPPED:
        mime = "" if unpacks_too_large(content) else _zipped_office_type(content)
    if mime not in ALLOWED_TYPES:
        return None
    return mime, ALLOWED_TYPES[mime]


def file_refusal(content: bytes) -> str | None:
    """Why a file is refused (the translated message), or None when it may be uploaded."""
    if sniff(content) is not None:
        return None
    if filetype.guess_mime(content) in ZIPPED and unpacks_too_large(content):
        return UNPACKS_TOO_LARGE % {"size": (unpacked_size(content) or 0) // (1024 * 1024)}
    return NOT_ALLOWED_MESSAGE % {"types": ALLOWED_NAMES}


@transaction.atomic
def document_upload(*, actor, case: Case, title: str, content: bytes) -> CaseDocument:
    """Store ``content`` encrypted in the vault and record the document; the title is sealed."""
    case = lock_open_case(case)
    title = (title or "").strip()
    if not title:
        raise CaseRuleError(_("Give the document a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise CaseRuleError(_("The title is too long."))
    if len(content) > max_upload_bytes():
        raise CaseRuleError(
            _("The file is larger than %(size)s MB.") % {"size": settings.ISENIM_MAX_UPLOAD_MB}
        )
    refusal = file_refusal(content)
    if refusal is not None:
        raise CaseRuleError(refusal)
    content_type, extension = sniff(content)
    vault_name = store(content, context=DOCUMENT_FILE_CONTEXT)
    document = CaseDocument(
        case=case,
        content_type=content_type,
        extension=extension,
        size=len(content),
        vault_name=vault_name,
        uploaded_by=actor,
    )
    document.title = title
    document.save()
    record_event(
        actor=actor,
        action="document.upload",
        target=document,
        after={
            "case": case.number,
            "title": "sealed",
            "content_type": content_type,
            "size": len(content),
        },
    )
    return document


@transaction.atomic
def identity_document_set(*, actor, case: Case, doc_type: str, status: str) -> IdentityDocument:
    """Set the status of one identity document of the case's person (one row per document type)."""
    case = lock_open_case(case)
    if doc_type not in IdentityDocumentType.values:
        raise CaseRuleError(_("Choose a document from the list."))
    if status not in IdentityDocumentStatus.values:
        raise CaseRuleError(_("Choose a status from the list."))
    row = (
        IdentityDocument.objects.select_for_update()
        .filter(person_id=case.person_id, doc_type=doc_type)
        .first()
    )
    before = row.status if row is not None else ""
    if row is None:
        row = IdentityDocument.objects.create(
            person_id=case.person_id, doc_type=doc_type, status=status, updated_by=actor
        )
    elif row.status != status:
        row.status = status
        row.updated_by = actor
        row.save(update_fields=["status", "updated_by", "updated_at"])
    else:
        return row
    record_event(
        actor=actor,
        action="identity_document.set",
        target=row,
        before={"doc_type": doc_type, "status": before} if before else {},
        after={"doc_type": doc_type, "status": status, "case": case.number},
    )
    return row
