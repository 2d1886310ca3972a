"""The database itself refuses to change or remove audit rows."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit import triggers
from audit.models import AccessLog, AuditChain, AuditEvent
from audit.services import access_log_record, audit_record


@pytest.fixture
def rows(cast):
    event = audit_record(actor=cast.staff.user, action="test.row", target=cast.staff, summary="原文")
    entry = access_log_record(user=cast.staff.user, kind=AccessLog.Kind.VIEW, target=cast.staff)
    return event, entry


def refused(sql: str, params=()) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(error.value)


@pytest.mark.django_db
def test_triggers_are_installed_by_the_migrations():
    assert triggers.missing(connection) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_accesslog"])
def test_raw_update_is_refused(rows, table):
    column = "summary" if table == "audit_auditevent" else "user_name"
    message = refused(f"UPDATE {table} SET {column} = %s", ["改写"])

    assert "append-only" in message
    assert AuditEvent.objects.get(pk=rows[0].pk).summary == "原文"


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_accesslog"])
def test_raw_delete_is_refused(rows, table):
    message = refused(f"DELETE FROM {table}")

    assert "append-only" in message
    assert AuditEvent.objects.count() == 1
    assert AccessLog.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_accesslog"])
def test_truncate_is_refused_on_postgresql(rows, table):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    assert "append-only" in refused(f"TRUNCATE {table}")


@pytest.mark.django_db
def test_orm_update_and_delete_are_refused_too(rows):
    event, _entry = rows
    event.summary = "改写"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save(update_fields=["summary"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.update(object_repr="改写")


@pytest.mark.django_db
def test_a_chain_head_cannot_be_rewound_or_deleted(rows):
    key = rows[0].chain_key
    assert "only move forward" in refused("UPDATE audit_auditchain SET last_seq = 0 WHERE chain_key = %s", [key])
    assert "only move forward" in refused("UPDATE audit_auditchain SET last_seq = 9 WHERE chain_key = %s", [key])
    assert "only move forward" in refused(
        "UPDATE audit_auditchain SET last_hash = %s WHERE chain_key = %s", ["0" * 64, key]
    )
    assert "only move forward" in refused("DELETE FROM audit_auditchain WHERE chain_key = %s", [key])
    assert AuditChain.objects.get(chain_key=key).last_seq == 1


@pytest.mark.django_db
def test_truncating_the_heads_is_refused_on_postgresql(rows):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    assert "append-only" in refused("TRUNCATE audit_auditchain CASCADE")


@pytest.mark.django_db
def test_inserting_is_still_allowed(rows):
    audit_record(actor=None, action="test.more")

    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_flush_in_tests_empties_the_tables_and_puts_the_triggers_back(rows):
    call_command("flush", interactive=False, verbosity=0)

    assert AuditEvent.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert triggers.missing(connection) == set()


@pytest.mark.django_db
def test_drop_and_install_are_idempotent():
    triggers.drop(connection)
    triggers.drop(connection)
    assert triggers.missing(connection) == triggers.expected(connection.vendor)
    triggers.install(connection)
    triggers.install(connection)
    assert triggers.missing(connection) == set()
