from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "release.make": _("Anonymised file of the cases released (CTDC format)"),
}


class ExchangeConfig(AppConfig):
    name = "isenim.exchange"
    label = "exchange"
    verbose_name = "Exchange: the cases as a k-anonymised file in CTDC's format, and its releases"

    def ready(self):
        from isenim.core import registry
        from isenim.core.access import Perm
        from isenim.core.rotation import register_vault_file_field
        from isenim.exchange.services import FILE_CONTEXT

        registry.register_action_labels(ACTION_LABELS)
        registry.register_target_labels({"exchange": _("Anonymised releases")})
        registry.register_menu_item(
            "exchange:release_list", _("Anonymised releases"), Perm.EXPORT_ANONYMISED, order=96
        )
        register_vault_file_field("exchange.Release", "vault_name", FILE_CONTEXT)
        from isenim.exchange.demo import ensure_demo_release

        # After every case of the demo (cases, appeals, returns seed before 60).
        registry.register_demo_seeder("exchange", ensure_demo_release, order=94)
