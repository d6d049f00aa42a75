from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "reference.load": _("Reference data loaded"),
    "reference.correct": _("Reference data corrected"),
}


class GeoConfig(AppConfig):
    name = "isenim.geo"
    label = "geo"
    verbose_name = "Administrative units and countries"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_target_labels({"geo": _("Reference data")})
        from isenim.core.access import Perm

        registry.register_menu_item("geo:unit_list", _("Reference data"), Perm.STAFF_AREA, order=90)
        from isenim.geo.services import reference_load

        # First of the reference loaders: the other apps' data points to districts and countries.
        registry.register_reference_loader(
            "geo",
            reference_load,
            order=10,
            report=(
                "Reference data loaded: {admin_units} new administrative units, {countries} new countries."
            ),
        )
