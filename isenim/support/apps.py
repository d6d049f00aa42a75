from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "isenim.support"
    label = "support"
    verbose_name = "Return home, documents, pre-departure consultations"

    def ready(self):
        from isenim.core.sealed import register_sealed_texts

        # Key rotation re-seals the notes, document numbers and job offers of this app.
        register_sealed_texts(self)
        # "My work" shows this app's list too.
        from isenim.cases.selectors.my_work import register_panel
        from isenim.support.my_work import expiring_certificates_panel

        register_panel(expiring_certificates_panel)
