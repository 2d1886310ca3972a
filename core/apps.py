from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from core import nav

        nav.register_group("home", _("Workbench"), "bi-house", 10)
        nav.register_group("approvals", _("Approvals"), "bi-check2-square", 20)
        nav.register_group("attendance", _("Attendance"), "bi-clock-history", 25)
        nav.register_group("goingout", _("Leave and going-out"), "bi-signpost-2", 30)
        nav.register_group("tasks", _("Supervision"), "bi-flag", 40)
        nav.register_group("reports", _("Reports and meetings"), "bi-calendar3", 45)
        nav.register_group("coordination", _("Coordination"), "bi-people", 50)
        nav.register_group("documents", _("Documents"), "bi-file-earmark-text", 60)
        nav.register_group("materials", _("Materials library"), "bi-collection", 65)
        nav.register_group("org", _("Organization"), "bi-diagram-3", 80)
        nav.register_group("settings", _("Business settings"), "bi-sliders", 90)
        nav.register_group("system", _("System administration"), "bi-gear", 100)
        nav.register_group("security", _("Security administration"), "bi-shield-lock", 110)
        nav.register_group("audit", _("Audit"), "bi-journal-check", 120)
        nav.register(
            "home", _("Workbench"), "core:workbench", visible=lambda u: not u.admin_role and hasattr(u, "staff")
        )
