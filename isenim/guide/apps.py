from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "guide.draft": _("Guide item drafted"),
    "guide.update": _("Guide item corrected"),
    "guide.submit": _("Guide item sent for review"),
    "guide.publish": _("Guide item published"),
    "guide.return": _("Guide item returned to its editor"),
    "mission.add": _("Mission added"),
    "mission.update": _("Mission changed"),
    "ask.received": _("Question received from the public page"),
    "consultation.record": _("Pre-departure consultation recorded"),
}


class GuideConfig(AppConfig):
    name = "isenim.guide"
    label = "guide"
    verbose_name = "Safe migration: guides, missions, hotlines, pre-departure consultations"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_case_content("guide.consultation")
        # Its numbers for grant indicators (core.measures).
        from isenim.guide.measures import register_measures

        register_measures()
        from isenim.core.access import Perm

        registry.register_menu_item("guide:destination_list", _("Safe migration"), Perm.VIEW_GUIDE, order=80)
        registry.register_dashboard_link(
            "guide:mission_list", _("Missions abroad"), Perm.VIEW_GUIDE, order=70
        )
        registry.register_dashboard_link("guide:hotline_list", _("Hotlines"), Perm.VIEW_GUIDE, order=80)
        from isenim.core.sealed import register_sealed_texts

        # Key rotation re-seals the job offers of pre-departure consultations.
        register_sealed_texts(self)
        from isenim.guide.loading import load_guide

        registry.register_reference_loader(
            "guide",
            load_guide,
            order=30,  # the destinations are countries loaded by geo
            report=(
                "Guide loaded: {destinations} new destinations, {items} new items, "
                "{missions} new missions, {hotlines} new hotlines."
            ),
        )
        from isenim.guide.demo import ensure_demo_guide

        # After the demo cases (20) and triage (30): the consultation is recorded on a demo case.
        registry.register_demo_seeder("guide", ensure_demo_guide, order=40)
