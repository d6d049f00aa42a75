"""URL arguments of the services, referrals and catalogue pages for the generated URL test.

A small catalogue (one service type, one partner) and one outgoing referral without personal data, so
that its page opens for every caseworker role on the team."""

from django.utils import timezone

from isenim.core.access import Role


def sample_catalogue(actor=None):
    from isenim.cases.services.catalogue import Names, partner_save, service_type_save

    service_type = service_type_save(
        actor=actor,
        code="sample-counselling",
        group="psychological",
        names=Names({"name_kaa": "Жеке психологиялық кеңес", "name_en": "Individual counselling session"}),
    )
    partner = partner_save(
        actor=actor,
        kind="international",
        names=Names({"name_kaa": "Халықаралық миграция шөлкеми", "name_en": "IOM Uzbekistan"}),
    )
    return service_type, partner


def samples(case, staff) -> dict:
    from isenim.cases.services.referrals import ReferralData, referral_send

    manager = staff[Role.CASE_MANAGER]
    service_type, partner = sample_catalogue(manager)
    data = ReferralData(
        partner=partner,
        reason="Жоллама себеби.",
        sent_on=timezone.localdate(),
        handler=manager,
        shares_personal_data=False,
    )
    referral = referral_send(actor=manager, case=case, data=data)
    number = {"number": case.number}
    return {
        "cases:service_type_edit": {"pk": service_type.pk},
        "cases:partner_edit": {"pk": partner.pk},
        "cases:service_add": number,
        "cases:referral_send": number,
        "cases:referral_receive": number,
        "cases:referral_detail": {**number, "pk": referral.pk},
        "cases:referral_status": {**number, "pk": referral.pk},
    }
