from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"

    def ready(self) -> None:
        from accounts.models import Duty
        from core import nav
        from core.access import has_duty, is_business_user

        def todo_badge(user):
            from approvals.selectors import todo_count

            return todo_count(user.staff) or None

        nav.register("approvals", _("Waiting for me"), "approvals:inbox", visible=is_business_user, badge=todo_badge)
        nav.register("approvals", _("Decided by me"), "approvals:done", visible=is_business_user, order=10)
        nav.register("approvals", _("Submitted by me"), "approvals:mine", visible=is_business_user, order=20)
        nav.register(
            "settings",
            _("Approval routes"),
            "approvals:rules",
            visible=lambda user: has_duty(user, Duty.BUSINESS_SETTINGS),
        )
