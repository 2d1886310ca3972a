import time

import pytest

from org.demo import build_demo
from reports import integration
from reports.demo import build_demo as build_reports_demo
from reports.models import AgendaItem, Decision, Meeting, QuarterlyReport
from reports.tests.helpers import NOW

pytestmark = pytest.mark.django_db


def test_demo_reports_and_meetings(time_machine):
    time_machine.move_to(NOW, tick=False)
    result = build_demo(password="Zugong@2026")
    started = time.monotonic()
    build_reports_demo(result)
    elapsed = time.monotonic() - started
    statuses = dict(QuarterlyReport.objects.values_list("section__name", "status"))
    assert statuses["干部科"] == "pending" and statuses["基层党建科"] == "draft"
    held = Meeting.objects.get(kind=Meeting.Kind.ALL_STAFF)
    assert held.status == Meeting.Status.HELD and held.minutes
    planned = Meeting.objects.get(kind=Meeting.Kind.AFFAIRS)
    assert planned.status == Meeting.Status.PLANNED
    assert AgendaItem.objects.filter(meeting=planned).count() == 2
    decision = Decision.objects.get()
    if integration.tasks_available():
        assert statuses["组织科"] == "approved"
        organization = QuarterlyReport.objects.get(section__name="组织科")
        assert all(integration.task_for(item) for item in organization.plan_items.all())
        assert integration.task_for(decision) is not None
        assert held.agenda_items.filter(kind="quarterly_report").count() == 1
    assert elapsed < 2.0
