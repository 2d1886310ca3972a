"""Two leaders acting on the same help request at once: exactly one wins.

Real concurrent transactions need a server database; on SQLite (one writer) the row lock is a no-op and the
test is skipped.
"""

import threading

import pytest
from django.db import connection, connections

from coordination.models import Borrowing, CoordinationSettings, HelpRequest
from coordination.services import (
    CoordinationError,
    help_request_decline,
    help_request_escalate,
    help_request_fill,
    help_request_withdraw,
)
from coordination.tests.helpers import ask, audit_count

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions (PostgreSQL)"),
]


def race(*actions):
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            action()
            results[i] = "ok"
        except CoordinationError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_two_recorders_filling_at_once_only_one_wins(cast, monkeypatch, attempt):
    from coordination import integration

    monkeypatch.setattr(integration, "agenda_add", lambda **kw: None)
    CoordinationSettings.objects.create(unit=cast.unit, deciding_body="affairs_meeting")
    request = ask(cast.head)
    help_request_escalate(actor=cast.deputy, request_id=request.pk)
    results = race(
        lambda: help_request_fill(actor=cast.exec_deputy, request_id=request.pk, staff_ids=[cast.outsider.pk]),
        lambda: help_request_fill(actor=cast.office_head, request_id=request.pk, staff_ids=[cast.cadre_head.pk]),
    )
    assert sorted(r == "ok" for r in results) == [False, True]
    assert "已处理" in str(next(r for r in results if r != "ok"))
    assert Borrowing.objects.filter(help_request=request).count() == 1
    assert audit_count("coordination.fill") == 1


def test_fill_and_escalate_at_once_only_one_stands(cast):
    request = ask(cast.head)
    results = race(
        lambda: help_request_fill(actor=cast.deputy, request_id=request.pk, staff_ids=[cast.outsider.pk]),
        lambda: help_request_escalate(actor=cast.deputy, request_id=request.pk),
    )
    assert sorted(r == "ok" for r in results) == [False, True]
    request.refresh_from_db()
    assert (request.status == HelpRequest.Status.FILLED) == Borrowing.objects.exists()


def test_decline_and_withdraw_at_once_only_one_stands(cast):
    request = ask(cast.head)
    results = race(
        lambda: help_request_decline(actor=cast.deputy, request_id=request.pk, reason="不同意"),
        lambda: help_request_withdraw(actor=cast.head, request_id=request.pk),
    )
    assert sorted(r == "ok" for r in results) == [False, True]


def test_two_requests_cannot_lend_the_same_person_at_once(cast):
    first, second = ask(cast.head), ask(cast.head)
    results = race(
        lambda: help_request_fill(actor=cast.deputy, request_id=first.pk, staff_ids=[cast.outsider.pk]),
        lambda: help_request_fill(actor=cast.deputy, request_id=second.pk, staff_ids=[cast.outsider.pk]),
    )
    assert sorted(r == "ok" for r in results) == [False, True]
    assert Borrowing.objects.filter(staff=cast.outsider).count() == 1
