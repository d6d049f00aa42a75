from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "appeal.create": _("Appeal registered"),
    "appeal.update": _("Appeal corrected"),
}


class AppealsConfig(AppConfig):
    name = "isenim.appeals"
    label = "appeals"
    verbose_name = "Appeals (intake)"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_case_content("appeals")
        from isenim.core.access import Perm

        registry.register_menu_item("appeals:appeal_list", _("Appeals"), Perm.VIEW_APPEALS, order=20)
        registry.register_menu_item(
            "appeals:appeal_create", _("Register an appeal"), Perm.REGISTER_APPEAL, order=30
        )
        from isenim.appeals.models import NARRATIVE_CONTEXT, Appeal
        from isenim.core.rotation import register_sealed_field
        from isenim.people.services import register_merge_hook

        # A merge of two records of a person moves their appeals to the record that is kept.
        register_merge_hook("appeals", Appeal, "person")
        # Key rotation re-seals the narratives too, so no appeal is left under a retired key.
        register_sealed_field("appeals.Appeal", "sealed_narrative", NARRATIVE_CONTEXT)
        from isenim.appeals.demo import ensure_demo_appeals

        registry.register_demo_seeder("appeals", ensure_demo_appeals, order=10)
