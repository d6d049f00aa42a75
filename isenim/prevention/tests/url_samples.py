"""URL arguments of the prevention pages for the generated URL test (tests/test_url_policy.py).

Each helper of the prevention app adds the samples of its own pages to ``samples`` (one block each)."""


def samples(staff) -> dict:
    found: dict = {}
    found.update(_campaign_samples(staff))
    found.update(_material_samples(staff))
    found.update(_action_samples(staff))
    return found


def _campaign_samples(staff) -> dict:
    """A campaign and a placement of it (campaigns, placements & dashboard)."""
    from isenim.prevention.tests.campaign_helpers import sample_campaign, sample_placement

    campaign = sample_campaign(staff)
    placement = sample_placement(staff, campaign)
    return {
        "prevention:campaign_detail": {"pk": campaign.pk},
        "prevention:campaign_edit": {"pk": campaign.pk},
        "prevention:placement_edit": {"pk": placement.pk},
    }


def _material_samples(staff) -> dict:
    """A flyer with an approved edition in stock and a draft waiting for approval (materials & stock)."""
    from isenim.prevention.tests.materials_helpers import draft, in_stock, material

    flyer = material(staff)
    printed = in_stock(staff, flyer)
    waiting = draft(staff, flyer, language="ru")
    return {
        "prevention:material_detail": {"pk": flyer.pk},
        "prevention:material_edit": {"pk": flyer.pk},
        "prevention:edition_create": {"pk": flyer.pk},
        "prevention:edition_detail": {"pk": printed.pk},
        "prevention:edition_edit": {"pk": waiting.pk},
        "prevention:edition_approve": {"pk": waiting.pk},
        "prevention:edition_design": {"pk": printed.pk},
        "prevention:edition_review_design": {"pk": waiting.pk},
        "prevention:print_run_create": {"pk": printed.pk},
        "prevention:stock_move_create": {"pk": printed.pk},
    }


def _action_samples(staff) -> dict:
    """An action at a bazaar held yesterday (its tally can be entered), with a flyer drawn for it
    (actions & attribution)."""
    from django.utils import timezone

    from isenim.core.access import Role
    from isenim.prevention.services.actions import materials_draw
    from isenim.prevention.tests.action_helpers import edition_in_stock, sample_action

    action = sample_action(staff)
    flyer = edition_in_stock(staff, title="Сапарға шығыўдан алдын", quantity=200)
    materials_draw(
        actor=staff[Role.PREVENTION_OFFICER],
        action=action,
        lines=[(flyer, 50)],
        moved_on=timezone.localdate(),
    )
    pk = {"pk": action.pk}
    return {
        "prevention:action_detail": pk,
        "prevention:action_edit": pk,
        "prevention:action_tally": pk,
        "prevention:action_materials": pk,
        "prevention:action_sheet": pk,
    }
