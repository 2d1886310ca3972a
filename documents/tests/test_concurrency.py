"""Numbers under concurrent issue: N documents issued at once get 1..N, no gap, no duplicate.

Real concurrent transactions need PostgreSQL; on SQLite (one writer) the test is skipped.
"""

import threading

import pytest
from django.db import connection, connections

from documents.models import Document, NumberCounter
from documents.services import DocumentError, document_issue
from documents.tests.helpers import draft, through_review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions (PostgreSQL)"),
]


def _race(actions):
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except DocumentError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_parallel_issues_get_gap_free_unique_numbers(cast):
    documents = [through_review(draft(cast, title=f"关于第{i}项工作的通知")) for i in range(8)]
    results = _race(
        [
            (lambda d=d: document_issue(actor=cast.office_head, document_id=d.pk, prefix="示组发").number_seq)
            for d in documents
        ]
    )
    assert sorted(results) == list(range(1, 9))
    assert NumberCounter.objects.get(prefix="示组发").last_seq == 8
    numbers = list(Document.objects.filter(number_seq__isnull=False).values_list("number", flat=True))
    assert len(set(numbers)) == 8


def test_issuing_the_same_document_twice_at_once_numbers_it_once(cast):
    document = through_review(draft(cast))
    results = _race(
        [lambda: document_issue(actor=cast.office_head, document_id=document.pk, prefix="示组发").number_seq] * 2
    )
    assert sorted(r == 1 for r in results) == [False, True]
    assert NumberCounter.objects.get(prefix="示组发").last_seq == 1
