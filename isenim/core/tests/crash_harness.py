"""Run a service in a child process and stop it at the worst moment, for the crash tests.

``python -m isenim.core.tests.crash_harness purchase REQUEST_PK ACTOR_PK``: records the tool purchase of
an approved request with an invoice, and once the invoice is in the vault (inside the transaction, before
it commits) prints ``stored`` and waits to be killed.
"""

import sys
import time

import django


def purchase(request_pk: int, actor_pk: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from isenim.reintegration.models import AidRequest
    from isenim.reintegration.services import aid
    from isenim.reintegration.tests.helpers import SAMPLE_PDF

    original = aid.checked_store

    def store_then_wait(*args, **kwargs):
        stored = original(*args, **kwargs)
        print("stored", stored[0], flush=True)
        time.sleep(120)
        return stored

    aid.checked_store = store_then_wait
    request = AidRequest.objects.get(pk=request_pk)
    lines = [aid.ItemLine(item.kit_item, item.quantity, item.unit_price_uzs) for item in request.items.all()]
    aid.purchase_record(
        actor=get_user_model().objects.get(pk=actor_pk),
        request=request,
        data=aid.PurchaseData(
            supplier="Nukus tools bazaar, stall 14",
            purchased_on=timezone.localdate(),
            funding_source=request.funding_source,
            lines=lines,
            invoice=SAMPLE_PDF,
        ),
    )


if __name__ == "__main__":
    django.setup()
    {"purchase": purchase}[sys.argv[1]](*map(int, sys.argv[2:]))
