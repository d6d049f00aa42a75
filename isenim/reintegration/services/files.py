"""Invoices and signed handover acts: checked like case documents (type read from the bytes), sealed in the
vault. Reuses the case documents' checks rather than repeating them."""

from django.conf import settings
from django.utils.translation import gettext as _

from isenim.cases.services.documents import file_refusal, max_upload_bytes, sniff
from isenim.core.vault_files import store
from isenim.reintegration.services import ReintegrationError

INVOICE_CONTEXT = "reintegration.purchase.invoice"
ACT_CONTEXT = "reintegration.handover.act"


def checked_store(content: bytes, *, context: str) -> tuple[str, str, int]:
    """(vault name, content type, size) of an accepted file, stored encrypted; refuses anything else."""
    if not content:
        raise ReintegrationError(_("Attach the file."))
    if len(content) > max_upload_bytes():
        raise ReintegrationError(
            _("The file is larger than %(size)s MB.") % {"size": settings.ISENIM_MAX_UPLOAD_MB}
        )
    refusal = file_refusal(content)
    if refusal is not None:
        raise ReintegrationError(refusal)
    return store(content, context=context), sniff(content)[0], len(content)
