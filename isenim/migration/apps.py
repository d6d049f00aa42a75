from django.apps import AppConfig


class MigrationConfig(AppConfig):
    name = "isenim.migration"
    label = "migration"
    verbose_name = "Safe migration (destinations, missions, guides)"
