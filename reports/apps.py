from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        from django.urls import reverse

        from approvals import registry
        from approvals.models import Node
        from core import nav
        from core.access import is_business_user
        from core.demo import register_demo
        from reports import services
        from reports.access import can_keep_meetings
        from reports.demo import build_demo
        from reports.models import QuarterlyReport

        registry.register(
            registry.RequestKind(
                code=services.KIND,
                label=_("Quarterly report"),
                model=QuarterlyReport,
                on_approved=services.on_approved,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                detail_url=lambda report: reverse("reports:detail", args=[report.pk]),
                # The section head files; the leader supervising the section (分管) reviews.
                default_rules=[{"positions": [], "days_above": 0, "nodes": [Node.SUPERVISOR]}],
            )
        )

        def keeper(user) -> bool:
            return is_business_user(user) and can_keep_meetings(user.staff)

        nav.register("reports", _("Quarterly reports"), "reports:list", visible=is_business_user, order=10)
        nav.register("reports", _("Compile by quarter"), "reports:compile", visible=keeper, order=20)
        nav.register("reports", _("Meetings"), "reports:meetings", visible=is_business_user, order=30)
        register_demo("reports", build_demo, order=70)
