"""URL arguments of the campaign comparison and the official-figure pages, for the generated URL test
(tests/test_url_policy.py reads ``isenim/insights/tests/url_samples.py``, which adds these)."""


def samples(staff) -> dict:
    from isenim.core.access import Role
    from isenim.geo.models import AdminUnit
    from isenim.insights.models import OfficialFigure
    from isenim.prevention.tests.campaign_helpers import sample_campaign

    campaign = sample_campaign(staff)
    region, _ = AdminUnit.objects.get_or_create(code="1735", defaults={"level": "region", "name_kaa": "ҚР"})
    figure = OfficialFigure.objects.create(
        region=region,
        year=2024,
        measure="returned",
        value=12,
        source="sample",
        entered_by=staff[Role.DIRECTOR],
    )
    return {
        "insights:campaign_compare": {"pk": campaign.pk},
        "insights:figure_edit": {"pk": figure.pk},
        "insights:figure_delete": {"pk": figure.pk},
    }
