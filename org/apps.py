from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"

    def ready(self) -> None:
        from accounts.models import Duty
        from core import nav
        from core.access import has_duty, is_business_user
        from org.access import may_delegate

        nav.register("org", _("Organization chart"), "org:chart", visible=is_business_user, order=10)
        nav.register("org", _("Staff directory"), "org:directory", visible=is_business_user, order=20)
        nav.register(
            "org", _("Import staff"), "org:staff_import", visible=lambda u: has_duty(u, Duty.STAFF_RECORDS), order=30
        )
        nav.register(
            "org",
            _("Sections and supervision"),
            "org:sections",
            visible=lambda u: has_duty(u, Duty.STAFF_RECORDS),
            order=40,
        )
        nav.register("org", _("Delegation"), "org:delegation", visible=may_delegate, order=50)
