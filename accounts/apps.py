from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from accounts import guards
        from accounts.models import AdminRole
        from core import nav

        guards.connect()
        nav.register(
            "system", _("Accounts"), "accounts:admin_users", visible=lambda u: u.admin_role == AdminRole.SYSTEM
        )
        nav.register(
            "security",
            _("Duty grants"),
            "accounts:admin_grants",
            visible=lambda u: u.admin_role == AdminRole.SECURITY,
            order=10,
        )
        nav.register(
            "security",
            _("Security policy"),
            "accounts:admin_security_settings",
            visible=lambda u: u.admin_role == AdminRole.SECURITY,
            order=20,
        )
