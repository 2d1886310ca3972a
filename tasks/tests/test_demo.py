import pytest

from org.demo import build_demo
from tasks.demo import build_demo_tasks
from tasks.models import Task, TaskStatus
from tasks.selectors import task_light
from tasks.tests.helpers import TODAY

pytestmark = pytest.mark.django_db


def test_demo_tasks_cover_every_light_and_state():
    result = build_demo(password="Zugong@2026")
    build_demo_tasks(result)
    tasks = list(Task.objects.all())
    assert len(tasks) == 12
    lights = {task_light(t, TODAY) for t in tasks}
    assert {"green", "yellow", "red", ""} <= lights
    statuses = {t.status for t in tasks}
    assert {TaskStatus.DRAFT, TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETION_REQUESTED} <= statuses
    assert TaskStatus.CLOSED in statuses
    closed = [t for t in tasks if t.status == TaskStatus.CLOSED]
    assert sum(t.completed_on > t.deadline for t in closed) == 1
