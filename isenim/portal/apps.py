from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "isenim.portal"
    label = "portal"
    verbose_name = "Public pages and staff home"
