from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "isenim.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from isenim.accounts import signals  # noqa: F401  (connects the sign-in audit receivers)
        from isenim.accounts.adapter import TOTP_CONTEXT
        from isenim.core.rotation import register_sealed_field

        register_sealed_field(
            "mfa.Authenticator", "data", TOTP_CONTEXT, json_key="secret", only=(("type", "totp"),)
        )
