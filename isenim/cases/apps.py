from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What each audit action of this app means, for people reading the audit log.
ACTION_LABELS = {
    "case.open": _("Case opened"),
    "case.update": _("Case changed"),
    "case.team_add": _("Team member added"),
    "case.team_remove": _("Team member removed"),
    "case.status": _("Case status changed"),
    "case.reopen": _("Case reopened"),
    "case.close": _("Case closed"),
    "case.approval_request": _("Approval requested"),
    "case.approval_decide": _("Approval decided"),
    "casework_settings.update": _("Casework settings changed"),
    "assessment.record": _("Needs assessment recorded"),
    "goal.add": _("Plan goal added"),
    "goal.update": _("Plan goal changed"),
    "task.add": _("Task added"),
    "task.update": _("Task changed"),
    "task.done": _("Task done"),
    "service.record": _("Service recorded"),
    "service.result": _("Result of a service recorded"),
    "service_type.add": _("Service type added to the catalogue"),
    "service_type.update": _("Service type changed"),
    "partner.add": _("Partner organisation added"),
    "partner.update": _("Partner organisation changed"),
    "referral.send": _("Referral sent"),
    "referral.receive": _("Incoming referral recorded"),
    "referral.status": _("Referral status changed"),
    "note.add": _("Note written"),
    "document.upload": _("Document uploaded"),
    "identity_document.set": _("Identity document status set"),
}


class CasesConfig(AppConfig):
    name = "isenim.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from isenim.cases.measures import register_measures
        from isenim.cases.tasks import send_task_reminders
        from isenim.core import registry
        from isenim.core.daily import register_daily_task

        registry.register_action_labels(ACTION_LABELS)
        register_daily_task("task-reminders", send_task_reminders)
        register_measures()  # its numbers for grant indicators (core.measures)
        registry.register_case_content("cases")
        registry.register_target_labels({"cases": _("Service catalogue and partners")})
        from isenim.core.access import Perm

        registry.register_menu_item("cases:my_work", _("My work"), Perm.VIEW_CASES, order=50)
        registry.register_menu_item("cases:case_list", _("Cases"), Perm.VIEW_CASES, order=60)
        registry.register_menu_item("cases:approval_list", _("Approvals"), Perm.APPROVE_CASES, order=70)
        registry.register_dashboard_link(
            "cases:service_type_list", _("Service catalogue"), Perm.EDIT_CATALOGUES, order=10
        )
        registry.register_dashboard_link(
            "cases:partner_list", _("Partner organisations"), Perm.EDIT_CATALOGUES, order=20
        )
        registry.register_dashboard_link(
            "cases:casework_settings", _("Casework settings"), Perm.APPROVE_CASES, order=60
        )
        from isenim.cases.demo import ensure_demo_cases
        from isenim.cases.models import Case
        from isenim.cases.selectors.scope import case_scope
        from isenim.cases.services.catalogue import load_catalogue
        from isenim.cases.services.documents import DOCUMENT_FILE_CONTEXT
        from isenim.core.access import register_case_scope
        from isenim.core.rotation import register_vault_file_field
        from isenim.core.sealed import register_sealed_texts
        from isenim.people.services import register_home_district_copy, register_merge_hook

        # Key rotation re-seals every encrypted text of the case file.
        register_sealed_texts(self)
        register_vault_file_field("cases.CaseDocument", "vault_name", DOCUMENT_FILE_CONTEXT)
        # A merge of two records of a person moves their cases to the record that is kept.
        register_merge_hook("cases", Case, "person")
        # The case list filters by the person's district on the case itself (an index, not a join).
        register_home_district_copy(Case, "person", "home_district")
        # core.access.cases_for, which every case selector starts from, narrows this app's cases.
        register_case_scope(case_scope)
        registry.register_reference_loader(
            "cases",
            load_catalogue,
            order=20,
            report="Catalogue loaded: {service_types} new service types, {partners} new partners.",
        )
        registry.register_demo_seeder("cases", ensure_demo_cases, order=20)  # opened from the demo appeals
