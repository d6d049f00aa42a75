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
    "meeting.appeal": _("Appeal that followed a meeting linked or unlinked"),
    "logframe.update": _("Logframe changed"),
    "indicator.add": _("Indicator added"),
    "indicator.update": _("Indicator changed"),
    "indicator_value.record": _("Indicator value recorded"),
    "indicator_value.approve": _("Indicator value approved"),
    "indicator.targets": _("Indicator targets set"),
    "indicator_value.refresh": _("Indicator values computed from the data"),
    "indicator_value.correct": _("Frozen indicator value corrected (a new revision)"),
    "indicator_value.freeze": _("Indicator values of a period frozen"),
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
        # Projects & meetings: the menu, reports coming due in My work, on the dashboard and in the daily
        # reminders, and the state-grant project of the demo (after prevention's year of work, 60).
        from isenim.cases.selectors.my_work import register_panel
        from isenim.core.access import Perm
        from isenim.core.daily import register_daily_task
        from isenim.grants import my_work
        from isenim.grants.demo import ensure_demo_grants
        from isenim.grants.tasks import send_grant_report_reminders

        registry.register_menu_item("grants:project_list", _("Grant projects"), Perm.VIEW_GRANTS, order=87)
        register_panel(my_work.reports_due_panel)
        registry.register_dashboard_panel("grants", my_work.dashboard_panel, Perm.VIEW_GRANTS, order=45)
        register_daily_task("grant-report-reminders", send_grant_report_reminders)
        registry.register_demo_seeder("grants", ensure_demo_grants, order=70)
        # The appeal form's "came after a meeting with residents" (appeals' extension hook).
        from isenim.appeals.intake_extensions import register_intake_extension
        from isenim.grants.intake import AfterMeeting

        register_intake_extension(AfterMeeting())
        # Its numbers for grant indicators (core.measures).
        from isenim.grants.measures import register_measures

        register_measures()
        # Donor reports' files, sealed in the vault (key rotation re-seals them).
        from isenim.core.rotation import register_vault_file_field
        from isenim.grants.services.reports import PDF_CONTEXT, XLSX_CONTEXT
        from isenim.grants.services.values import EVIDENCE_CONTEXT

        register_vault_file_field("grants.Report", "pdf_vault_name", PDF_CONTEXT)
        register_vault_file_field("grants.Report", "xlsx_vault_name", XLSX_CONTEXT)
        register_vault_file_field("grants.IndicatorValue", "evidence_vault_name", EVIDENCE_CONTEXT)
