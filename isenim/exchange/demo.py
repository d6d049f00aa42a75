"""Demo data: one release of the demo cases, so the releases page shows a risk report in ``make run``."""

import io

from django.contrib.auth import get_user_model

from isenim.core.disclosure import FILE_K
from isenim.exchange.models import Release

DEMO_RECIPIENT = "IOM Counter Trafficking Data Collaborative (demo)"


def ensure_demo_release() -> int:
    if Release.objects.exists():
        return 0
    director = get_user_model().objects.filter(username="director", is_active=True).first()
    if director is None:
        return 0  # the demo accounts come first (accounts.demo.ensure_demo_staff)
    from isenim.exchange.export import export_ctdc

    export_ctdc(
        io.BytesIO(),
        k=FILE_K,
        actor=director,
        recipient=DEMO_RECIPIENT,
        purpose="Contribution to the global k-anonymised dataset (demo)",
        keep_file=True,
        channel="demo",
    )
    return 1
