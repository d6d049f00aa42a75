from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "return.step": _("Return step recorded"),
    "document_application.add": _("Document application recorded"),
    "document_application.update": _("Document application changed"),
}


class ReturnsConfig(AppConfig):
    name = "isenim.returns"
    label = "returns"
    verbose_name = "Return home and restoring documents"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        # "support": the app's label in audit rows written before it was renamed
        registry.register_case_content("returns", "support")
        from isenim.core.sealed import register_sealed_texts

        # Key rotation re-seals the step notes and document numbers of this app.
        register_sealed_texts(self)
        # "My work" shows this app's list too.
        from isenim.cases.selectors.my_work import register_panel
        from isenim.returns.my_work import expiring_certificates_panel

        register_panel(expiring_certificates_panel)
