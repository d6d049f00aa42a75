from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "grant.add": _("Grant project added"),
    "grant.update": _("Grant project changed"),
    "grant_community.set": _("Target communities changed"),
    "meeting.add": _("Meeting with residents added"),
    "meeting.update": _("Meeting with residents changed"),
    "meeting.attendance": _("Attendance of a meeting entered"),
    "logframe.update": _("Logframe changed"),
    "indicator.add": _("Indicator added"),
    "indicator.update": _("Indicator changed"),
    "indicator_value.record": _("Indicator value recorded"),
    "indicator_value.approve": _("Indicator value approved"),
    "grant_report.build": _("Donor report built"),
    "grant_report.submit": _("Donor report submitted"),
}


class GrantsConfig(AppConfig):
    name = "isenim.grants"
    label = "grants"
    verbose_name = "Grant projects: communities, meetings, logframe, donor reports"

    def ready(self):
        from isenim.core import registry

        registry.register_action_labels(ACTION_LABELS)
        registry.register_target_labels({"grants": _("Grant projects")})
