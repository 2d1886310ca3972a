import time

import pytest
from django.utils import timezone

from coordination import demo
from coordination.models import HelpRequest
from coordination.selectors import borrowings_on
from org.demo import build_demo

pytestmark = pytest.mark.django_db


def test_demo_has_a_running_borrowing_and_a_request_waiting_for_the_supervising_leader():
    result = build_demo(password="Zugong@2026")
    started = time.monotonic()
    demo.build(result)
    assert time.monotonic() - started < 2
    people = result["staff"]
    [borrowing] = borrowings_on(people["changwu"].unit, timezone.localdate())
    assert (borrowing.from_section.name, borrowing.to_section.name) == ("干部科", "办公室")
    waiting = HelpRequest.objects.get(status=HelpRequest.Status.WITH_SUPERVISOR)
    assert waiting.assignee == people["fubuzhang"] and waiting.section.name == "组织科"
