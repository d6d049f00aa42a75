from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "isenim.insights"
    label = "insights"

    def ready(self):
        pass
