from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def is_audit_admin(user) -> bool:
    from accounts.models import AdminRole

    return user.admin_role == AdminRole.AUDIT


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from core import nav

        nav.register("audit", _("Audit log"), "audit:events", visible=is_audit_admin, order=10)
        nav.register("audit", _("Access log"), "audit:access", visible=is_audit_admin, order=20)
        nav.register("audit", _("Verify audit chains"), "audit:verify", visible=is_audit_admin, order=30)
