from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "user.create": _("Account created"),
    "user.update": _("Account changed"),
    "user.set_password": _("Password set by the administrator"),
    "user.reset_second_factor": _("Second factor removed by the administrator"),
    "auth.sign_in": _("Signed in"),
    "auth.sign_out": _("Signed out"),
    "auth.sign_in_failed": _("Failed sign-in"),
    "auth.second_factor_failed": _("Wrong second-factor code"),
    "auth.second_factor_added": _("Second factor added"),
    "auth.second_factor_removed": _("Second factor removed"),
}


class AccountsConfig(AppConfig):
    name = "isenim.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        from isenim.core.access import Perm

        registry.register_menu_item(
            "accounts:staff_list", _("Staff accounts"), Perm.MANAGE_ACCOUNTS, order=110
        )
        from isenim.accounts import signals  # noqa: F401  (connects the sign-in audit receivers)
        from isenim.accounts.tasks import delete_expired_sessions
        from isenim.core.daily import register_daily_task

        register_daily_task("delete-expired-sessions", delete_expired_sessions)
        from isenim.accounts.adapter import TOTP_CONTEXT
        from isenim.core.rotation import register_sealed_field

        register_sealed_field(
            "mfa.Authenticator", "data", TOTP_CONTEXT, json_key="secret", only=(("type", "totp"),)
        )
