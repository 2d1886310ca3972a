from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _default_rules() -> list[dict]:
    """Corrections and overtime go to the person's immediate leader (local practice; each unit edits its own):
    staff to their section head, section heads to their supervising leader, deputies to the principal leader,
    the principal leader to the higher organization department."""
    from approvals.models import Node
    from org.models import Position

    return [
        {"positions": [Position.STAFF, Position.SECTION_DEPUTY], "days_above": 0, "nodes": [Node.SECTION_HEAD]},
        {"positions": [Position.SECTION_HEAD], "days_above": 0, "nodes": [Node.SUPERVISOR]},
        {"positions": [Position.DEPUTY, Position.EXECUTIVE_DEPUTY], "days_above": 0, "nodes": [Node.PRINCIPAL]},
        {"positions": [Position.PRINCIPAL], "days_above": 0, "nodes": [Node.HIGHER_PRINCIPAL]},
    ]


class AttendanceConfig(AppConfig):
    name = "attendance"

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.models import Duty
        from approvals import registry
        from attendance import services
        from attendance.access import may_see_sheets
        from attendance.models import Correction, Overtime
        from core import nav
        from core.access import has_duty, is_business_user

        rules = _default_rules()
        registry.register(
            registry.RequestKind(
                code=services.KIND_CORRECTION,
                label=_("Punch correction"),
                model=Correction,
                on_approved=services.on_correction_approved,
                on_rejected=services.on_request_rejected,
                on_returned=services.on_request_returned,
                detail_url=lambda correction: reverse("attendance:correction", args=[correction.pk]),
                default_rules=rules,
            )
        )
        registry.register(
            registry.RequestKind(
                code=services.KIND_OVERTIME,
                label=_("Overtime"),
                model=Overtime,
                on_approved=services.on_overtime_approved,
                on_rejected=services.on_request_rejected,
                on_returned=services.on_request_returned,
                detail_url=lambda overtime: reverse("attendance:overtime", args=[overtime.pk]),
                default_rules=rules,
            )
        )

        nav.register("attendance", _("Punch in / out"), "attendance:punch", visible=is_business_user, order=10)
        nav.register("attendance", _("My attendance"), "attendance:me", visible=is_business_user, order=20)
        nav.register(
            "attendance", _("My punch corrections"), "attendance:corrections", visible=is_business_user, order=30
        )
        nav.register(
            "attendance", _("Overtime and comp time"), "attendance:overtime_list", visible=is_business_user, order=40
        )
        nav.register("attendance", _("Monthly sheets"), "attendance:sheets", visible=may_see_sheets, order=50)
        nav.register("attendance", _("Attendance figures"), "attendance:figures", visible=may_see_sheets, order=60)
        nav.register("attendance", _("Fatigue warnings"), "attendance:fatigue", visible=may_see_sheets, order=70)
        nav.register(
            "settings",
            _("Attendance rules"),
            "attendance:settings",
            visible=lambda user: has_duty(user, Duty.BUSINESS_SETTINGS),
            order=30,
        )
