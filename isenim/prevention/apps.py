from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "campaign.add": _("Campaign added"),
    "campaign.update": _("Campaign changed"),
    "material.add": _("Material added"),
    "material.update": _("Material changed"),
    "edition.draft": _("Edition drafted"),
    "edition.update": _("Edition changed"),
    "edition.approve": _("Edition approved"),
    "edition.supersede": _("Edition superseded by a newer approved version"),
    "print_run.record": _("Print run recorded"),
    "stock.move": _("Stock moved"),
    "action.add": _("Outreach action added"),
    "action.update": _("Outreach action changed"),
    "action.tally": _("Reach of an outreach action entered"),
    "placement.add": _("Media placement added"),
    "placement.update": _("Media placement changed"),
    "appeal_source.set": _("Where an appeal was heard of recorded"),
}


class PreventionConfig(AppConfig):
    name = "isenim.prevention"
    label = "prevention"
    verbose_name = "Prevention: campaigns, materials and stock, outreach actions, media placements"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_target_labels({"prevention": _("Prevention")})
        # Its numbers for grant indicators (core.measures).
        from isenim.prevention.measures import register_measures

        register_measures()
        # Actions & attribution: the appeal form's "heard of us through" (campaign, action, placement,
        # material), on the appeals floor's extension hook (appeals never imports prevention).
        from isenim.appeals.intake_extensions import register_intake_extension
        from isenim.prevention.intake import HeardThrough

        register_intake_extension(HeardThrough())
        # Campaigns, placements and the dashboard: the prevention dashboard in the menu for those who read
        # prevention work, the campaign list for every other role that may see it (a caller's poster).
        from isenim.core.access import Perm
        from isenim.prevention.selectors.dashboard import dashboard_panel

        registry.register_menu_item("prevention:dashboard", _("Prevention"), Perm.VIEW_PREVENTION, order=85)
        registry.register_menu_item(
            "prevention:campaign_list",
            _("Campaigns"),
            Perm.VIEW_CAMPAIGN_LIST,
            order=86,
            unless=Perm.VIEW_PREVENTION,
        )
        registry.register_dashboard_panel("prevention", dashboard_panel, Perm.VIEW_PREVENTION, order=40)
        from isenim.prevention.demo import ensure_demo_prevention

        # A year of prevention work: after the demo appeals and their triage (10–30) it attributes, and
        # after the demo funding source (reintegration, 50: it adds one only when there is none).
        registry.register_demo_seeder("prevention", ensure_demo_prevention, order=60)
        # Materials and stock: the design files re-sealed by key rotation; the drafts waiting for approval.
        from isenim.core.access import Perm
        from isenim.core.rotation import register_vault_file_field
        from isenim.prevention.services.materials import DESIGN_CONTEXT

        register_vault_file_field("prevention.Edition", "design_vault_name", DESIGN_CONTEXT)
        registry.register_dashboard_link(
            "prevention:edition_waiting",
            _("Materials waiting for approval"),
            Perm.APPROVE_MATERIALS,
            order=60,
        )
