from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"

    def ready(self) -> None:
        from coordination import access, demo
        from core import nav
        from core.demo import register_demo

        register_demo("coordination", demo.build, order=60)
        # Visibility reads only the user's already-loaded profile: the sidebar costs no query on any page.
        nav.register(
            "coordination", _("Workload board"), "coordination:unit_board", visible=access.sees_unit_board_user
        )
        nav.register(
            "coordination", _("My section's board"), "coordination:my_board", visible=access.has_section_user, order=5
        )
        nav.register(
            "coordination", _("Help requests"), "coordination:requests", visible=access.business_user, order=10
        )
        nav.register(
            "coordination",
            _("Requests waiting for me"),
            "coordination:waiting",
            visible=access.may_decide_user,
            order=20,
        )
        nav.register("coordination", _("All help requests"), "coordination:all", visible=access.sees_all_user, order=30)
        nav.register(
            "settings", _("Coordination settings"), "coordination:settings", visible=access.settings_user, order=60
        )
