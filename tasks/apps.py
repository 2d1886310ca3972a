from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"

    def ready(self) -> None:
        from django.urls import reverse

        from approvals import registry
        from approvals.models import Node
        from core import nav
        from core.access import is_business_user
        from core.demo import register_demo
        from org.models import Position
        from tasks import rules, services
        from tasks.demo import build_demo_tasks
        from tasks.models import TaskExtension
        from tasks.views import can_edit_settings

        registry.register(
            registry.RequestKind(
                code=services.EXTENSION_KIND,
                label=_("Task extension"),
                model=TaskExtension,
                on_approved=services.on_extension_approved,
                on_rejected=services.on_extension_rejected,
                on_returned=services.on_extension_returned,
                detail_url=lambda extension: reverse("tasks:detail", args=[extension.task_id]),
                # The supervising leader of the applicant's section decides; leaders without a section go
                # up to the principal leader (routing moves a vacant or own post one level up).
                default_rules=[
                    {"positions": [], "days_above": 0, "nodes": [Node.SUPERVISOR]},
                    {
                        "positions": [Position.DEPUTY, Position.EXECUTIVE_DEPUTY],
                        "days_above": 0,
                        "nodes": [Node.PRINCIPAL],
                    },
                ],
            )
        )

        def can_assign(user) -> bool:
            return is_business_user(user) and rules.can_assign(user.staff)

        def sees_all(user) -> bool:
            return is_business_user(user) and rules.sees_whole_unit(user.staff)

        def in_section(user) -> bool:
            return is_business_user(user) and user.staff.section_id is not None

        def figures(user) -> bool:
            return is_business_user(user) and (
                rules.sees_whole_unit(user.staff) or user.staff.position >= Position.SECTION_HEAD
            )

        nav.register("tasks", _("My tasks"), "tasks:mine", visible=is_business_user, order=10)
        nav.register("tasks", _("My section's tasks"), "tasks:section", visible=in_section, order=20)
        nav.register("tasks", _("All tasks"), "tasks:all", visible=sees_all, order=30)
        nav.register("tasks", _("Overdue board"), "tasks:overdue", visible=is_business_user, order=40)
        nav.register("tasks", _("Assign a task"), "tasks:create", visible=can_assign, order=50)
        nav.register("tasks", _("Supervision figures"), "tasks:figures", visible=figures, order=60)
        nav.register("tasks", _("Supervision settings"), "tasks:settings", visible=can_edit_settings, order=70)
        register_demo("tasks", build_demo_tasks, order=60)
