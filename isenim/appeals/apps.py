from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "isenim.appeals"
    label = "appeals"
    verbose_name = "Appeals (intake)"

    def ready(self):
        from isenim.appeals.models import NARRATIVE_CONTEXT, Appeal
        from isenim.core.rotation import register_sealed_field
        from isenim.people.services import register_merge_hook

        # A merge of two records of a person moves their appeals to the record that is kept.
        register_merge_hook("appeals", Appeal, "person")
        # Key rotation re-seals the narratives too, so no appeal is left under a retired key.
        register_sealed_field("appeals.Appeal", "sealed_narrative", NARRATIVE_CONTEXT)
