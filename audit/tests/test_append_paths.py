"""The two ways an event reaches its chain: one statement at the head this process last left
(PostgreSQL), or lock-then-append. Whatever happened in between, the chain stays linear."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from audit import services
from audit.models import AuditChain, AuditEvent
from audit.services import audit_record
from audit.verify import verify


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def _fresh_process_memory():
    """Each test starts as a new worker would: no chain heads remembered, no keys drawn (both outlive
    the rows of earlier tests, which the database forgets)."""
    services._known_heads.clear()
    services._drawn.keys = {}


@pytest.mark.django_db
def test_an_append_rolled_back_with_its_transaction_leaves_the_chain_linear(cast):
    first = audit_record(actor=cast.staff.user, action="test.one", target=cast.staff)
    with pytest.raises(Boom), transaction.atomic():
        audit_record(actor=cast.staff.user, action="test.lost", target=cast.staff)
        raise Boom
    third = audit_record(actor=cast.staff.user, action="test.three", target=cast.staff)

    assert (third.seq, third.prev_hash) == (first.seq + 1, first.hash)
    assert verify([first.chain_key]).ok


@pytest.mark.django_db
def test_an_append_by_another_process_is_noticed(cast):
    first = audit_record(actor=cast.staff.user, action="test.one", target=cast.staff)
    seen_by_this_process = dict(services._known_heads)
    second = audit_record(actor=cast.head.user, action="test.elsewhere", target=cast.head)
    services._known_heads.clear()
    services._known_heads.update(seen_by_this_process)  # as if `second` came from another worker

    third = audit_record(actor=cast.staff.user, action="test.three", target=cast.staff)

    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert third.prev_hash == second.hash
    head = AuditChain.objects.get(chain_key=first.chain_key)
    assert (head.last_seq, head.last_hash) == (3, third.hash)
    assert verify([first.chain_key]).ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions (PostgreSQL)")
def test_concurrent_writers_on_one_chain_keep_it_linear(cast):
    writers, each = 4, 25
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(each):
                if i % 5 == 4:  # some appends inside a longer transaction, like a service's
                    with transaction.atomic():
                        audit_record(actor=cast.staff.user, action="test.race", target=cast.staff, changes={"n": n})
                else:
                    audit_record(actor=cast.staff.user, action="test.race", target=cast.staff, changes={"n": n})
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert not errors
    key = f"unit:{cast.unit.pk}"
    seqs = list(AuditEvent.objects.filter(chain_key=key).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= writers * each
    assert verify([key]).ok


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement append is PostgreSQL's")
def test_the_next_append_of_a_chain_is_one_statement(cast, django_assert_num_queries):
    audit_record(actor=cast.staff.user, action="test.one", target=cast.staff)
    with django_assert_num_queries(1):  # move the head and insert the row
        audit_record(actor=cast.staff.user, action="test.two", target=cast.staff)


def _punch(cast, n: int):
    from django.utils import timezone

    from attendance.models import Punch

    return Punch(unit_id=cast.unit.pk, staff=cast.staff, at=timezone.now(), source="web", ip=f"10.0.0.{n}")


def _pending(cast, n: int):
    return services.audit_event(actor=cast.staff.user, action="test.punch", summary=f"#{n}")


@pytest.mark.django_db(transaction=True)
def test_a_row_and_its_event_go_in_together_and_keep_the_chain_linear(cast):
    """PendingEvent.insert_with on either database: the row is stored and the event names it."""
    from attendance.models import Punch

    events = [_pending(cast, n).insert_with(row := _punch(cast, n)) for n in range(3)]
    assert sorted(int(e.object_id) for e in events) == list(Punch.objects.order_by("id").values_list("id", flat=True))
    assert row.pk is not None and not row._state.adding
    assert [e.seq for e in events] == [1, 2, 3]
    assert verify([events[0].chain_key]).ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement insert is PostgreSQL's")
def test_on_postgresql_a_row_and_its_event_are_one_statement_after_the_key(cast, django_assert_num_queries):
    _pending(cast, 0).insert_with(_punch(cast, 0))  # creates the chain's head
    _pending(cast, 1).insert_with(_punch(cast, 1))  # draws a block of keys
    with django_assert_num_queries(1):  # the key from the block drawn; head, row and event in one statement
        event = _pending(cast, 2).insert_with(_punch(cast, 2))
    assert event.seq == 3 and verify([event.chain_key]).ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="keys from a sequence are PostgreSQL's")
def test_on_postgresql_keys_are_drawn_a_block_at_a_time_in_order(cast, django_assert_num_queries):
    from attendance.models import Punch

    events = [_pending(cast, 0).insert_with(_punch(cast, 0))]  # creates the chain's head (no key drawn)
    # Then one statement per row, and a draw of keys for the first and the (KEY_BLOCK + 1)th
    with django_assert_num_queries(services.KEY_BLOCK + 1 + 2) as queries:
        events += [_pending(cast, n).insert_with(_punch(cast, n)) for n in range(1, services.KEY_BLOCK + 2)]
    draws = [q for q in queries.captured_queries if "nextval" in q["sql"]]
    assert len(draws) == 2  # one block, then the next
    keys = [int(e.object_id) for e in events]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert list(Punch.objects.order_by("id").values_list("id", flat=True)) == keys
    assert verify([events[0].chain_key]).ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement insert is PostgreSQL's")
def test_on_postgresql_a_head_moved_by_another_process_is_taken_up_or_locked(cast, django_assert_num_queries):
    from attendance.models import Punch

    first = _pending(cast, 0).insert_with(_punch(cast, 0))
    services._draw_key(_punch(cast, 99))  # a block of keys drawn (its first left unused): none drawn below
    seen = dict(services._known_heads)
    audit_record(actor=cast.head.user, action="test.elsewhere", target=cast.head)
    services._known_heads.clear()
    services._known_heads.update(seen)  # as if the event above came from another worker
    with django_assert_num_queries(2):  # a statement that finds the head moved, the same at the new head
        third = _pending(cast, 2).insert_with(_punch(cast, 2))
    assert third.seq == 3 and Punch.objects.count() == 2

    # Moved twice over (a busy chain): the transaction path locks the head.
    services._known_heads[(connection.alias, first.chain_key)] = (first.seq, first.hash)
    original = services._insert_with_at_head
    calls = []

    def always_moved(pending, row, key, seq, hash_):
        calls.append(seq)
        return (seq, hash_)

    services._insert_with_at_head = always_moved
    try:
        fourth = _pending(cast, 3).insert_with(_punch(cast, 3))
    finally:
        services._insert_with_at_head = original
    assert len(calls) == 2 and fourth.seq == 4 and Punch.objects.count() == 3
    assert Punch.objects.filter(pk=int(fourth.object_id)).exists()
    assert verify([first.chain_key]).ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's path")
def test_on_sqlite_the_row_insert_reads_the_head_in_the_same_statement(cast):
    from django.test.utils import CaptureQueriesContext

    _pending(cast, 0).insert_with(_punch(cast, 0))  # the chain's first event creates its head
    with CaptureQueriesContext(connection) as queries:
        event = _pending(cast, 1).insert_with(row := _punch(cast, 1))
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["BEGIN", "INSERT", "INSERT", "UPDATE", "COMMIT"]  # row + head, event, head moved
    assert "RETURNING" in queries.captured_queries[1]["sql"]
    assert event.seq == 2 and event.object_id == str(row.pk)
    assert verify([event.chain_key]).ok
