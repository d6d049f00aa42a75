from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "appeal.create": _("Appeal registered"),
    "appeal.update": _("Appeal corrected"),
    "appeal.assign": _("Appeal assigned"),
    "appeal.outcome": _("Outcome of the appeal recorded"),
    "appeal.case_opened": _("Case opened from the appeal"),
    "appeal.person_added": _("Record made for the anonymous appellant"),
    "appeal_settings.update": _("Appeal deadlines changed"),
}


class AppealsConfig(AppConfig):
    name = "isenim.appeals"
    label = "appeals"
    verbose_name = "Appeals (intake)"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_case_content("appeals")
        # Its numbers for grant indicators (core.measures).
        from isenim.appeals.measures import register_measures

        register_measures()
        from isenim.core.access import Perm

        registry.register_menu_item("appeals:appeal_list", _("Appeals"), Perm.VIEW_APPEALS, order=20)
        registry.register_menu_item(
            "appeals:appeal_create", _("Register an appeal"), Perm.REGISTER_APPEAL, order=30
        )
        registry.register_dashboard_link(
            "appeals:appeal_settings", _("Appeal deadlines"), Perm.SET_APPEAL_DEADLINES, order=55
        )
        from isenim.appeals.selectors import appeal_people, dashboard_panel
        from isenim.people.reach import register_person_reach

        # Need to know: whoever may read an appeal reads its appellant's record (docs/protection.md).
        register_person_reach(appeal_people)

        # The director's dashboard: appeals without an owner and overdue ones, presumed victims first.
        registry.register_dashboard_panel("appeals", dashboard_panel, Perm.ASSIGN_APPEALS, order=10)
        from isenim.appeals.models import Appeal
        from isenim.core.sealed import register_sealed_texts
        from isenim.people.services import register_merge_hook

        # A merge of two records of a person moves their appeals to the record that is kept.
        register_merge_hook("appeals", Appeal, "person")
        # Key rotation re-seals the narratives and outcome notes, so no appeal is left under a retired key.
        register_sealed_texts(self)
        from isenim.appeals.demo import ensure_demo_appeals, ensure_demo_triage

        registry.register_demo_seeder("appeals", ensure_demo_appeals, order=10)
        # After the demo cases (order 20) have opened theirs, the other demo appeals get owners and outcomes.
        registry.register_demo_seeder("appeals-triage", ensure_demo_triage, order=30)
