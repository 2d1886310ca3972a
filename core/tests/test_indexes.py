"""core.db.indexes: the append-only tables keep one index per leading column, and their triggers."""

from __future__ import annotations

import pytest
from django.db import connection

from attendance import triggers as punch_triggers
from audit import triggers as audit_triggers
from core.db.indexes import create_column_index, drop_column_index

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [info["columns"] for info in constraints.values() if info["index"] and not info["primary_key"]]


@pytest.mark.parametrize(
    ("table", "column", "composite"),
    [
        ("attendance_punch", "staff_id", ["staff_id", "at"]),
        ("attendance_punch", "unit_id", ["unit_id", "at"]),
        ("audit_auditevent", "actor_id", ["actor_id", "created_at"]),
    ],
)
def test_a_foreign_key_led_by_a_composite_index_has_no_index_of_its_own(table, column, composite):
    indexes = _indexes(table)
    assert [column] not in indexes
    assert composite in indexes


def test_the_append_only_triggers_survived_the_index_changes():
    assert punch_triggers.installed(connection)
    assert not audit_triggers.missing(connection)


def test_the_index_helpers_drop_and_create_again(transactional_db):
    with connection.schema_editor() as editor:
        create_column_index("attendance_punch", "staff_id")(None, editor)
        create_column_index("attendance_punch", "staff_id")(None, editor)  # already there: nothing
    assert _indexes("attendance_punch").count(["staff_id"]) == 1
    with connection.schema_editor() as editor:
        drop_column_index("attendance_punch", "staff_id")(None, editor)
        drop_column_index("attendance_punch", "staff_id")(None, editor)  # gone: nothing
    assert ["staff_id"] not in _indexes("attendance_punch")
