from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "isenim.appeals"
    label = "appeals"
    verbose_name = "Appeals (intake)"
