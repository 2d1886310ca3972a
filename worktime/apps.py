from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "worktime"

    def ready(self) -> None:
        from django.core.signals import request_started

        from accounts.models import Duty
        from core import nav
        from core.access import has_duty, is_business_user
        from worktime import calendar, policies

        # Each request re-reads the calendar's year versions and the unit's hour versions once,
        # so an edit made by any worker is seen by the next request (see worktime.calendar).
        request_started.connect(calendar.forget_versions, dispatch_uid="worktime_calendar_versions")
        request_started.connect(policies.clear_cache, dispatch_uid="worktime_policy_versions")

        nav.register("attendance", _("Work calendar"), "worktime:calendar", visible=is_business_user, order=80)
        nav.register(
            "attendance",
            _("Work hours"),
            "worktime:policies",
            visible=lambda user: has_duty(user, Duty.BUSINESS_SETTINGS),
            order=90,
        )
