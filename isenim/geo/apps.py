from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "isenim.geo"
    label = "geo"
    verbose_name = "Administrative units and countries"
