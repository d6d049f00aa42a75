from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "user.create": _("Account created"),
    "user.create_ready": _("Account created from the server's console"),
    "user.update": _("Account changed"),
    "user.set_password": _("Password set by the administrator"),
    "user.reset_second_factor": _("Second factor removed by the administrator"),
    "account_change.propose": _("Account change proposed"),
    "account_change.confirm": _("Account change confirmed"),
    "account_change.refuse": _("Account change refused"),
    "account_change.withdraw": _("Account change withdrawn"),
    "account_code.use": _("One-time code used: new password set by the member"),
    "account_code.failed": _("Wrong one-time code"),
    "account_code.not_sent": _("One-time code could not be e-mailed: handed over by the director"),
    "auth.session_expired": _("Signed out: the session reached its longest lifetime"),
    "auth.session_ended": _("A session ended by its owner"),
    "auth.other_sessions_ended": _("Every other session ended by their owner"),
    "auth.sessions_ended_all": _("Every session of the account ended"),
    "auth.sessions_ended_by_reset": _("Every session ended: new password and second factor confirmed"),
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
        from isenim.accounts.demo import ensure_demo_pending_account
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_demo_seeder("accounts-pending", ensure_demo_pending_account, order=5)
        from isenim.core.access import Perm

        registry.register_menu_item(
            "accounts:staff_list", _("Staff accounts"), Perm.MANAGE_ACCOUNTS, order=110
        )
        registry.register_dashboard_link(
            "accounts:change_list", _("Account changes to confirm"), Perm.CONFIRM_ACCOUNTS, order=5
        )
        registry.register_dashboard_link(
            "accounts:my_sessions", _("Your sessions"), Perm.STAFF_AREA, order=200
        )
        from isenim.accounts.selectors import dashboard_account_panel, dashboard_changes_panel

        # What a director must decide, and what happened to one's own account: on top of the dashboard.
        registry.register_dashboard_panel(
            "account-notices", dashboard_account_panel, Perm.STAFF_AREA, order=1
        )
        registry.register_dashboard_panel(
            "account-changes", dashboard_changes_panel, Perm.CONFIRM_ACCOUNTS, order=2
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
