from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "isenim.returns"
    label = "returns"
    verbose_name = "Return home and restoring documents"

    def ready(self):
        from isenim.core.sealed import register_sealed_texts

        # Key rotation re-seals the step notes and document numbers of this app.
        register_sealed_texts(self)
        # "My work" shows this app's list too.
        from isenim.cases.selectors.my_work import register_panel
        from isenim.returns.my_work import expiring_certificates_panel

        register_panel(expiring_certificates_panel)
