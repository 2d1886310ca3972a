from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoingoutConfig(AppConfig):
    name = "goingout"

    def ready(self) -> None:
        from django.urls import reverse

        from approvals import registry
        from approvals.models import Node
        from core import nav
        from core.access import is_business_user
        from goingout import services
        from goingout.models import GoingOutReport
        from goingout.selectors import away_on
        from org.absence import register_absence_provider
        from org.models import Position

        register_absence_provider(away_on)
        registry.register(
            registry.RequestKind(
                code=services.KIND,
                label=_("Going-out report"),
                model=GoingOutReport,
                on_approved=services.on_approved,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                detail_url=lambda report: reverse("goingout:detail", args=[report.pk]),
                # REFERENCE.md §1 typical levels (local practice; each unit edits its own rules).
                default_rules=[
                    {
                        "positions": [Position.STAFF, Position.SECTION_DEPUTY],
                        "days_above": 0,
                        "nodes": [Node.SECTION_HEAD, Node.SUPERVISOR],
                    },
                    {
                        "positions": [Position.STAFF, Position.SECTION_DEPUTY],
                        "days_above": 3,
                        "nodes": [Node.SECTION_HEAD, Node.SUPERVISOR, Node.PRINCIPAL],
                    },
                    {"positions": [Position.SECTION_HEAD], "days_above": 0, "nodes": [Node.SUPERVISOR]},
                    {
                        "positions": [Position.SECTION_HEAD],
                        "days_above": 3,
                        "nodes": [Node.SUPERVISOR, Node.PRINCIPAL],
                    },
                    {
                        "positions": [Position.DEPUTY, Position.EXECUTIVE_DEPUTY],
                        "days_above": 0,
                        "nodes": [Node.PRINCIPAL],
                    },
                    {"positions": [Position.PRINCIPAL], "days_above": 0, "nodes": [Node.HIGHER_PRINCIPAL]},
                ],
            )
        )

        def is_leader(user) -> bool:
            return is_business_user(user) and user.staff.position >= Position.SECTION_HEAD

        nav.register("goingout", _("My going-out reports"), "goingout:mine", visible=is_business_user, order=10)
        nav.register("goingout", _("New going-out report"), "goingout:create", visible=is_business_user, order=20)
        nav.register("goingout", _("Going-out of my sections"), "goingout:overview", visible=is_leader, order=30)
