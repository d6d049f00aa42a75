from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "comparison.import": _("Comparison dataset imported"),
    "comparison.replace": _("Comparison dataset replaced by a new file"),
    "comparison.delete": _("Comparison dataset deleted"),
}


class ComparisonConfig(AppConfig):
    name = "isenim.comparison"
    label = "comparison"
    verbose_name = "Comparison datasets: files in CTDC's format set beside the centre's figures"

    def ready(self):
        from isenim.core import registry
        from isenim.core.pivot import register_source_prefix

        registry.register_action_labels(ACTION_LABELS)
        registry.register_target_labels({"comparison": _("Comparison datasets")})
        # "comparison:NAME" in the pivot and `isenim stats --source comparison:NAME`.
        from isenim.comparison.sources import PREFIX, resolve

        register_source_prefix(PREFIX, resolve)
        from isenim.core.access import Perm

        registry.register_menu_item(
            "comparison:dataset_list", _("Comparison datasets"), Perm.VIEW_INSIGHTS, order=93
        )
        # A synthetic dataset in CTDC's shape for the demo (after the appeals and the insights' facts).
        from isenim.comparison.demo import ensure_demo_comparison

        registry.register_demo_seeder("comparison", ensure_demo_comparison, order=92)
