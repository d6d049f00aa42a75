"""Whether the demo data set is loaded: one flag row (core.DemoData) written by ``isenim seed-demo``.

Read by the context processor (``demo_data`` in every template: the banner of base.html and of the public
pages) and by core.pdf (a line on every page of every PDF). The demo's phone numbers, hotlines and guide
facts are invented or only "verified" by a demo account: no page may show them without saying so.

The answer is kept in the process for ``RECHECK_SECONDS`` (a page costs no query): a change made in this
process (``mark_demo_data_loaded``, deleting the row) is seen at once, one made by another process (``isenim
seed-demo`` while the server runs) within that time. Tests start each test with "not loaded" (conftest).
"""

import time

from django.db.models.signals import post_delete, post_save

from isenim.core.models import DemoData

RECHECK_SECONDS = 60
_known: dict = {"loaded": None, "at": 0.0}


def demo_data_loaded() -> bool:
    now = time.monotonic()
    if _known["loaded"] is None or now - _known["at"] > RECHECK_SECONDS:
        _remember(DemoData.objects.exists())
    return bool(_known["loaded"])


def mark_demo_data_loaded() -> None:
    if not DemoData.objects.exists():
        DemoData.objects.create()
    _remember(True)


def _remember(loaded: bool | None) -> None:
    _known["loaded"], _known["at"] = loaded, time.monotonic()


def assume_demo_data(loaded: bool | None) -> None:
    """Tests: set what this process believes (None: ask the database on the next page)."""
    _remember(loaded)


def _changed(sender, instance, **kwargs) -> None:
    _remember(None)


post_save.connect(_changed, sender=DemoData, dispatch_uid="core.demo.saved")
post_delete.connect(_changed, sender=DemoData, dispatch_uid="core.demo.deleted")
