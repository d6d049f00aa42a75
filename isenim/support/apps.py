from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "isenim.support"
    label = "support"
    verbose_name = "Return home, documents, pre-departure consultations"
