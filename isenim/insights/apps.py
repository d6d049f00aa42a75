from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "isenim.insights"
    label = "insights"

    def ready(self):
        # AppealFact kept current: receivers on the appeals, their attribution and the people (apps below
        # never import insights).
        from isenim.insights import facts

        facts.connect()
        # The pivot's sources: appeals (over AppealFact) and cases.
        from isenim.core.pivot import register_source
        from isenim.insights.sources import AppealsSource, CasesSource

        register_source("appeals", AppealsSource)
        register_source("cases", CasesSource)
        # The demo's appeals, attributions and people written, every fact afresh (seeders may write in bulk).
        from isenim.core import registry

        registry.register_demo_seeder("insights-facts", facts.ensure_demo_facts, order=80)
        # What the audit log calls this app's actions; the menu; the demo's saved analyses and official
        # figures (with the anonymous appeals that give the campaign comparison its months).
        from django.utils.translation import gettext_lazy as _

        from isenim.core.access import Perm
        from isenim.insights import dashboards, demo_figures
        from isenim.insights.services import figures, saved_views

        dashboards.register()  # the figures page in the menu, the staff dashboard's panels
        # The dashboards' year counts computed before the day's first visit.
        from isenim.core.daily import register_daily_task
        from isenim.insights.tasks import refresh_year_counts

        register_daily_task("dashboard-year-counts", refresh_year_counts)
        registry.register_action_labels(saved_views.ACTION_LABELS)
        registry.register_action_labels(figures.ACTION_LABELS)
        registry.register_target_labels({"insights": _("Insights")})
        registry.register_menu_item("insights:analysis", _("Analysis"), Perm.VIEW_INSIGHTS, order=89)
        registry.register_menu_item(
            "insights:analysis_prevention",
            _("Analysis"),
            Perm.VIEW_PREVENTION_FIGURES,
            order=89,
            unless=Perm.VIEW_INSIGHTS,
        )
        registry.register_menu_item("insights:analysis_own", _("My figures"), Perm.VIEW_OWN_FIGURES, order=89)
        registry.register_menu_item(
            "insights:campaign_list", _("Campaigns compared"), Perm.VIEW_PREVENTION_FIGURES, order=90
        )
        registry.register_demo_seeder("insights-saved-views", saved_views.ensure_demo_saved_views, order=90)
        registry.register_demo_seeder("insights-figures", demo_figures.ensure_demo_figures, order=95)
