"""Who reaches the task supervision URLs (merged into accounts/tests/test_permission_matrix.py).

The sample task is led by 干部科 (not the `staff` / `head` roles' section), assigned by the
principal: the staff member and the 组织科 head get 404; the supervising leader (分管 干部科),
the principal and the supervision office (duty holder) open it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.tests.matrix_rules import BUSINESS, LEADERS, NOBODY, action, form, only, page

SEES_TASK = frozenset({"supervisor", "principal", "duty_holder"})


def _task(ctx):
    task = getattr(ctx, "_task", None)
    if task is None:
        from tasks.services import task_create

        cast = ctx.cast
        task = task_create(
            actor=cast.principal,
            title="权限矩阵样例任务",
            source="leader_instruction",
            lead_section=cast.cadre_section,
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            responsible=[cast.outsider],
            milestones=[("样例节点", timezone.localdate() + datetime.timedelta(days=10))],
        )
        ctx._task = task
    return task


ROWS = {
    "tasks:mine": page(BUSINESS),
    "tasks:section": page(BUSINESS),
    "tasks:all": page(SEES_TASK),
    "tasks:overdue": page(BUSINESS),
    "tasks:create": form(SEES_TASK),
    "tasks:figures": page(LEADERS | only("duty_holder")),
    "tasks:settings": form(only("duty_holder")),
    "tasks:detail": page(SEES_TASK),
    "tasks:sign_for": action(SEES_TASK),
    "tasks:report": action(SEES_TASK),
    "tasks:complete": action(SEES_TASK),
    "tasks:close": action(SEES_TASK),
    "tasks:return": action(SEES_TASK),
    "tasks:urge": action(SEES_TASK),
    "tasks:assign": action(SEES_TASK),
    "tasks:cancel": action(SEES_TASK),
    "tasks:extend": action(SEES_TASK),
    "tasks:extension_withdraw": action(SEES_TASK),
    "tasks:milestone_done": action(SEES_TASK),
    "tasks:attachment": page(NOBODY),
}

SAMPLES = {
    "task_id": lambda ctx: _task(ctx).pk,
    "milestone_id": lambda ctx: _task(ctx).milestones.get().pk,
}
