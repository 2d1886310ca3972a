from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _default_rules() -> list[dict]:
    """REFERENCE.md §1 typical levels (local practice; each unit edits its own on the approval routes page).

    Staff: up to 1 day the section head; above 1 day also the supervising leader; above 3 days also the
    principal leader. Section heads: the supervising leader, and the principal above 3 days. Deputies: the
    principal. The principal files with the higher organization department.
    """
    from approvals.models import Node
    from org.models import Position

    staff = [Position.STAFF, Position.SECTION_DEPUTY]
    return [
        {"positions": staff, "days_above": 0, "nodes": [Node.SECTION_HEAD]},
        {"positions": staff, "days_above": 1, "nodes": [Node.SECTION_HEAD, Node.SUPERVISOR]},
        {"positions": staff, "days_above": 3, "nodes": [Node.SECTION_HEAD, Node.SUPERVISOR, Node.PRINCIPAL]},
        {"positions": [Position.SECTION_HEAD], "days_above": 0, "nodes": [Node.SUPERVISOR]},
        {"positions": [Position.SECTION_HEAD], "days_above": 3, "nodes": [Node.SUPERVISOR, Node.PRINCIPAL]},
        {"positions": [Position.DEPUTY, Position.EXECUTIVE_DEPUTY], "days_above": 0, "nodes": [Node.PRINCIPAL]},
        {"positions": [Position.PRINCIPAL], "days_above": 0, "nodes": [Node.HIGHER_PRINCIPAL]},
    ]


class LeaveConfig(AppConfig):
    name = "leave"

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.models import Duty
        from approvals import registry
        from core import nav
        from core.access import has_duty, is_business_user
        from leave import services
        from leave.models import LeaveCancellation, LeaveExtension, LeaveRequest
        from leave.selectors import away_on
        from org.absence import register_absence_provider

        register_absence_provider(away_on)
        rules = _default_rules()
        registry.register(
            registry.RequestKind(
                code=services.KIND,
                label=_("Leave request"),
                model=LeaveRequest,
                on_approved=services.on_approved,
                on_rejected=services.on_rejected,
                on_returned=services.on_returned,
                detail_url=lambda request: reverse("leave:detail", args=[request.pk]),
                default_rules=rules,
            )
        )
        # An extension routes by the leave's new total of days, a cancellation by its days: the same chain.
        registry.register(
            registry.RequestKind(
                code=services.KIND_EXTENSION,
                label=_("Leave extension"),
                model=LeaveExtension,
                on_approved=services.on_extension_approved,
                on_rejected=services.on_change_rejected,
                on_returned=services.on_change_returned,
                detail_url=lambda extension: reverse("leave:extension", args=[extension.pk]),
                default_rules=rules,
            )
        )
        registry.register(
            registry.RequestKind(
                code=services.KIND_CANCELLATION,
                label=_("Leave cancellation"),
                model=LeaveCancellation,
                on_approved=services.on_cancellation_approved,
                on_rejected=services.on_change_rejected,
                on_returned=services.on_change_returned,
                detail_url=lambda cancellation: reverse("leave:cancellation", args=[cancellation.pk]),
                default_rules=rules,
            )
        )

        nav.register("goingout", _("My leave"), "leave:mine", visible=is_business_user, order=1)
        nav.register("goingout", _("New leave request"), "leave:create", visible=is_business_user, order=2)
        nav.register("goingout", _("Who is away"), "leave:away", visible=is_business_user, order=5)
        nav.register(
            "goingout",
            _("Overdue report-backs"),
            "leave:overdue",
            visible=lambda user: has_duty(user, Duty.ATTENDANCE),
            order=40,
        )
        nav.register(
            "goingout",
            _("Leave balance adjustments"),
            "leave:adjust",
            visible=lambda user: has_duty(user, Duty.ATTENDANCE),
            order=41,
        )
        nav.register(
            "settings",
            _("Leave types"),
            "leave:types",
            visible=lambda user: has_duty(user, Duty.BUSINESS_SETTINGS),
            order=20,
        )
