"""Backups kept longer than the retention periods (docs/retention.md, docs/deploy.md).

An archive keeps every record as it was the night it was made, anonymised records and erased people
included. ``stale_backups`` lists the archives in the backup folder (``ISENIM_BACKUP_DIR``) older than the
longest retention period, which should be deleted, and those made before the latest erasure, which still
hold the erased person until they age out.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from isenim.retention.models import ErasureRequest
from isenim.retention.services import longest_period, months_before


@dataclass(frozen=True)
class Archive:
    name: str
    made: datetime
    size: int
    too_old: bool  # older than the longest retention period: delete it
    before_erasure: bool  # made before the latest erasure: still holds the erased person


def backup_folder() -> Path:
    return Path(getattr(settings, "ISENIM_BACKUP_DIR", "") or "/var/backups/isenim")


def archives(folder: Path | None = None, *, now: datetime | None = None) -> list[Archive] | None:
    """Every file in the backup folder, oldest first, flagged; None when the folder cannot be read."""
    folder = folder or backup_folder()
    now = now or timezone.now()
    try:
        files = [path for path in folder.iterdir() if path.is_file()]
    except OSError:
        return None
    limit = months_before(timezone.localtime(now).date(), longest_period())
    last_erasure = (
        ErasureRequest.objects.filter(state=ErasureRequest.State.GRANTED)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    found = []
    for path in files:
        stat = path.stat()
        made = datetime.fromtimestamp(stat.st_mtime, tz=timezone.get_current_timezone())
        found.append(
            Archive(
                name=path.name,
                made=made,
                size=stat.st_size,
                too_old=made.date() < limit,
                before_erasure=last_erasure is not None and made < last_erasure,
            )
        )
    return sorted(found, key=lambda archive: archive.made)


def stale_backups(folder: Path | None = None, *, now: datetime | None = None) -> list[Archive]:
    return [archive for archive in archives(folder, now=now) or [] if archive.too_old]
