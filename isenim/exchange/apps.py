from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "isenim.exchange"
    label = "exchange"

    def ready(self):
        pass
