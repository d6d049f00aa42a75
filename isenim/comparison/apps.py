from django.apps import AppConfig


class ComparisonConfig(AppConfig):
    name = "isenim.comparison"
    label = "comparison"

    def ready(self):
        pass
