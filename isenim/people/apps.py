from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "isenim.people"
    label = "people"
    verbose_name = "People registry"
