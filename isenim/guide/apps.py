from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "isenim.guide"
    label = "guide"
    verbose_name = "Safe migration: guides, missions, hotlines, pre-departure consultations"

    def ready(self):
        from isenim.core.sealed import register_sealed_texts

        # Key rotation re-seals the job offers of pre-departure consultations.
        register_sealed_texts(self)
