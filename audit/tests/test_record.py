from __future__ import annotations

import pytest

from audit.context import client_ip
from audit.models import AccessLog, AuditChain, AuditEvent
from audit.services import (
    GENESIS,
    access_hash,
    access_log_record,
    audit_record,
    event_hash,
)

pytestmark = pytest.mark.django_db


def test_events_of_a_unit_form_a_chain(cast):
    first = audit_record(actor=cast.staff.user, action="test.one", target=cast.staff, changes={"a": 1})
    second = audit_record(actor=cast.head.user, action="test.two", target=cast.head, on_behalf_of=cast.principal)

    assert (first.chain_key, first.seq, first.prev_hash) == (f"unit:{cast.unit.pk}", 1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert second.on_behalf_of_name == "李建国"
    head = AuditChain.objects.get(chain_key=first.chain_key)
    assert (head.last_seq, head.last_hash) == (2, second.hash)


def test_hash_recomputed_from_the_stored_row_matches(cast):
    written = audit_record(
        actor=cast.staff.user,
        action="test.roundtrip",
        target=cast.staff,
        summary="请假 3 天",
        changes={"days": 3, "note": "事假", "nested": {"b": 2, "a": [1, "二"]}},
    )
    stored = AuditEvent.objects.get(pk=written.pk)

    assert event_hash(stored.prev_hash, stored) == stored.hash


def test_administrators_actions_go_to_the_system_chain(cast):
    event = audit_record(actor=cast.auditadmin, action="test.admin")

    assert event.chain_key == "system"
    assert event.unit_id is None
    assert event.actor_name == "审计管理员"


def test_system_actor_is_named_system(cast):
    event = audit_record(actor=None, action="test.job", unit=cast.unit)

    assert event.actor_name == "系统"
    assert event.chain_key == f"unit:{cast.unit.pk}"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("10.0.0.7", "10.0.0.7"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:10.0.0.7", "::ffff:10.0.0.7"),
        ("fe80::1%eth0", "fe80::1"),
        ("not an address", None),
        ("", None),
    ],
)
def test_client_ip_is_stored_normalized_so_the_hash_still_matches(cast, raw, stored):
    token = client_ip.set(raw)
    try:
        event = audit_record(actor=cast.staff.user, action="test.ip")
    finally:
        client_ip.reset(token)
    row = AuditEvent.objects.get(pk=event.pk)

    assert row.ip == stored
    assert event_hash(row.prev_hash, row) == row.hash


def test_overlong_texts_are_cut_to_the_columns(cast):
    event = audit_record(actor=cast.staff.user, action="x" * 80, summary="长" * 600, target=cast.staff)
    row = AuditEvent.objects.get(pk=event.pk)

    assert len(row.action) == 64
    assert len(row.summary) == 500
    assert event_hash(row.prev_hash, row) == row.hash


def test_access_log_entries_form_their_own_chain(cast):
    audit_record(actor=cast.staff.user, action="test.other", target=cast.staff)
    first = access_log_record(user=cast.head.user, kind=AccessLog.Kind.VIEW, target=cast.staff)
    second = access_log_record(user=cast.head.user, kind=AccessLog.Kind.DOWNLOAD, target=cast.staff)

    assert (first.chain_key, first.seq, first.prev_hash) == (f"access:unit:{cast.unit.pk}", 1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert second.user_name == "周明"
    assert second.object_type == "org.staff"
    stored = AccessLog.objects.get(pk=second.pk)
    assert access_hash(stored.prev_hash, stored) == stored.hash
    assert AuditChain.objects.get(chain_key=second.chain_key).last_hash == second.hash


def test_access_log_record_writes_no_audit_event(cast):
    before = AuditEvent.objects.count()

    access_log_record(user=cast.head.user, kind=AccessLog.Kind.VIEW, target=cast.staff)

    assert AuditEvent.objects.count() == before
    assert AccessLog.objects.count() == 1
