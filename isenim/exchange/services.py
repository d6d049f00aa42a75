"""Every write of the exchange app: recording a release of anonymised data, with its audit."""

from django.db import transaction

from isenim.core import vault_files
from isenim.core.audit import record_access, record_event
from isenim.exchange.models import Release

FILE_CONTEXT = "exchange.release.file"


@transaction.atomic
def record_release(
    *,
    actor,
    recipient: str,
    purpose: str,
    report,
    classes: dict,
    case_ids: list,
    channel: str = "web",
    file_type: str = "csv",
    content: bytes | None = None,
) -> Release:
    """Save the release (who, when, to whom, why, k, hash, rows, the risk report, the class table and the
    case ids a later release is checked against), its audit event and its access event (an export).
    ``content``: the file itself, kept encrypted in the vault so the page can hand it out again."""
    release = Release.objects.create(
        created_by=actor if getattr(actor, "pk", None) else None,
        recipient=recipient.strip()[:300],
        purpose=purpose.strip()[:500],
        format="ctdc",
        k=report.k,
        sha256=report.sha256,
        row_count=report.rows,
        risk=report.as_json(),
        classes=classes,
        case_ids=case_ids,
        file_type=file_type,
        vault_name=vault_files.store(content, context=FILE_CONTEXT) if content is not None else "",
    )
    record_event(
        actor=actor,
        action="release.make",
        target=release,
        after={
            "recipient": release.recipient,
            "purpose": release.purpose,
            "k": release.k,
            "rows": release.row_count,
            "sha256": release.sha256,
        },
    )
    record_access(
        actor=actor,
        kind="export",
        target=release,
        detail=f"export-anonymised ctdc k={release.k}: {release.row_count} rows; {channel}",
    )
    return release


def record_download(*, actor, release: Release) -> None:
    """Each later download of a release's file is an export too."""
    record_access(actor=actor, kind="export", target=release, detail=f"download of release {release.pk}")
