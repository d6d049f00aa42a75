from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "isenim.appeals"
    label = "appeals"
    verbose_name = "Appeals (intake)"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from isenim.appeals.models import NARRATIVE_CONTEXT, Appeal
        from isenim.core import audit
        from isenim.core.rotation import register_sealed_field
        from isenim.people.services import register_merge_hook

        # A merge of two records of a person moves their appeals to the record that is kept.
        register_merge_hook("appeals", Appeal, "person")
        # Key rotation re-seals the narratives too, so no appeal is left under a retired key.
        register_sealed_field("appeals.Appeal", "sealed_narrative", NARRATIVE_CONTEXT)
        # How the audit log names what this app records.
        audit.ACTION_LABELS.setdefault("appeal.create", _("Appeal registered"))
        audit.ACTION_LABELS.setdefault("appeal.update", _("Appeal corrected"))
        audit.EXTRA_FIELD_LABELS.setdefault("narrative", _("presenting problem"))
