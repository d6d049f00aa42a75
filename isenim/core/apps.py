from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "isenim.core"
    label = "core"
    verbose_name = "Isenim core"
