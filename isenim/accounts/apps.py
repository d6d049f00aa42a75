from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "isenim.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from isenim.accounts import signals  # noqa: F401  (connects the sign-in audit receivers)
