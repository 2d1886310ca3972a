"""Two people acting on the same approval at once: exactly one decision stands.

Real concurrent transactions need a server database; on SQLite (in-memory, one
writer) the row lock is a no-op and the test is skipped.
"""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from approvals.models import Approval, ApprovalRecord
from approvals.services import ApprovalError, approval_decide
from goingout.services import GoingOutError, goingout_report_submit, goingout_report_withdraw

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
        except (ApprovalError, GoingOutError) as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return results


def _report(cast):
    today = timezone.localdate()
    report = goingout_report_submit(
        actor=cast.staff, purpose="work", destination="市里", reason="开会", starts_on=today, ends_on=today
    )
    return report, Approval.objects.get(target_id=report.pk, target_type="goingout.goingoutreport")


@pytest.mark.parametrize("attempt", range(3))
def test_two_decisions_at_once_only_one_stands(cast, attempt):
    report, approval = _report(cast)
    results = race(
        lambda: approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve"),
        lambda: approval_decide(actor=cast.head, approval_id=approval.pk, decision="reject", opinion="不同意"),
    )
    assert sorted(r == "ok" for r in results) == [False, True]
    loser = next(r for r in results if r != "ok")
    assert "已" in str(loser)  # a clear message: already handled
    decisions = ApprovalRecord.objects.filter(approval=approval, action__in=["approve", "reject"]).count()
    assert decisions == 1


def test_withdraw_and_approve_at_once_only_one_stands(cast):
    report, approval = _report(cast)
    results = race(
        lambda: approval_decide(actor=cast.head, approval_id=approval.pk, decision="approve"),
        lambda: goingout_report_withdraw(actor=cast.staff, report_id=report.pk),
    )
    assert sorted(r == "ok" for r in results) == [False, True]
    approval.refresh_from_db()
    actions = set(ApprovalRecord.objects.filter(approval=approval).values_list("action", flat=True))
    assert ("approve" in actions) != ("withdraw" in actions)
