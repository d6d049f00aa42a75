"""URL arguments of the reintegration pages for the generated URL test (tests/test_url_policy.py).

One case (whose team holds every caseworker) with a request at each step: waiting for the director, approved,
bought, and handed over with a follow-up — so every page opens for the roles the policy allows."""

from django.utils import timezone

from isenim.cases.tests.samples import sample_case
from isenim.core.access import Role


def samples(staff) -> dict:
    from isenim.reintegration.models import Trade
    from isenim.reintegration.services.followup import FollowUpData, follow_up_record
    from isenim.reintegration.tests.helpers import (
        SAMPLE_PDF,
        approved,
        funding,
        handed_over,
        purchased,
        requested,
    )

    case = sample_case(staff)
    source = funding(staff[Role.DIRECTOR])
    done = handed_over(case, staff, source, signed_act=SAMPLE_PDF)
    follow_up_record(
        actor=staff[Role.CASE_MANAGER],
        request=done,
        data=FollowUpData(
            months=3,
            done_on=timezone.localdate(),
            early_reason="Leaves next week",  # handed over today: the follow-up is early
            trade_worked="yes",
            remigration="none",
            answers=dict.fromkeys(
                [
                    "econ_income",
                    "econ_work",
                    "econ_debt",
                    "soc_housing",
                    "soc_services",
                    "soc_network",
                    "psy_wellbeing",
                    "psy_safety",
                    "psy_future",
                ],
                3,
            ),
        ),
    )
    # One open request per trade: the other steps use other trades of the shipped kits.
    tailor, welder, cook = (Trade.objects.get(code=code) for code in ("tailor", "welder", "cook"))
    waiting = requested(case, staff, source, trade=tailor)
    to_buy = approved(case, staff, source, trade=welder)
    bought = purchased(case, staff, source, trade=cook)
    number = case.number
    trade = Trade.objects.get(code="carpenter")
    item = trade.kit_items.first()
    return {
        "reintegration:trade_detail": {"pk": trade.pk},
        "reintegration:trade_edit": {"pk": trade.pk},
        "reintegration:kit_item_create": {"pk": trade.pk},
        "reintegration:kit_item_edit": {"pk": trade.pk, "item_pk": item.pk},
        "reintegration:funding_edit": {"pk": source.pk},
        "reintegration:request_decide": {"pk": waiting.pk},
        "reintegration:request_create": {"number": number},
        "reintegration:request_detail": {"number": number, "pk": waiting.pk},
        "reintegration:purchase_create": {"number": number, "pk": to_buy.pk},
        "reintegration:handover_create": {"number": number, "pk": bought.pk},
        "reintegration:handover_act": {"number": number, "pk": bought.pk},
        "reintegration:invoice_download": {"number": number, "pk": bought.pk},
        "reintegration:signed_act_download": {"number": number, "pk": done.pk},
        "reintegration:profile_edit": {"number": number},
        "reintegration:follow_up_list": {"number": number},
        "reintegration:follow_up_create": {"number": number},
    }
