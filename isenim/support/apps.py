from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "isenim.support"
    label = "support"
    verbose_name = "Return home, documents, pre-departure consultations"

    def ready(self):
        from isenim.core.sealed import register_sealed_texts

        # Key rotation re-seals the notes, document numbers and job offers of this app.
        register_sealed_texts(self)
