from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "isenim.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
