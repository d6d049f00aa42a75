from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "retention.periods": _("Retention periods changed"),
    "retention.confirm": _("Records confirmed for anonymisation"),
    "retention.anonymise": _("Record anonymised after its retention period"),
    "retention.cancelled": _("Anonymisation cancelled: the record is no longer due"),
    "retention.erasure_recorded": _("Request to erase recorded"),
    "retention.erasure_granted": _("Request to erase granted: the person's records erased"),
    "retention.erasure_refused": _("Request to erase refused"),
}


class RetentionConfig(AppConfig):
    name = "isenim.retention"
    label = "retention"
    verbose_name = "Retention and erasure"

    def ready(self):
        from isenim.core import registry
        from isenim.core.access import Perm
        from isenim.core.sealed import register_sealed_texts

        registry.register_action_labels(ACTION_LABELS)
        registry.register_target_labels({"retention": _("Retention periods and anonymisation")})
        # A request names a person and may say why: case content for the administrator reading the log.
        registry.register_case_content("retention")
        registry.register_dashboard_link(
            "retention:overview", _("Retention and erasure"), Perm.MANAGE_RETENTION, order=58
        )
        register_sealed_texts(self)
        from isenim.retention.demo import ensure_demo_retention

        registry.register_demo_seeder("retention", ensure_demo_retention, order=90)
