from django.apps import AppConfig


class ReintegrationConfig(AppConfig):
    name = "isenim.reintegration"
    label = "reintegration"
    verbose_name = "Reintegration: a trade, tools, follow-up"
