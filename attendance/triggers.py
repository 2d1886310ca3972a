"""The database refuses UPDATE on punches: a punch, once recorded, is a fact (insert-only).

The model and its queryset refuse too (attendance.models.Punch); the trigger also
stops a shell, a stray migration or an SQL console. DELETE is not refused: no
code path deletes punches (staff are PROTECTed), and the test suite's flush
between transactional tests must still empty the table.

Caution for future migrations on SQLite: Django rebuilds a table for most ALTERs
there, which silently drops its triggers; such a migration must call `install()`
again afterwards. `installed()` lets tests see it.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "attendance_punch"
TRIGGER = "attendance_punch_insert_only"
PG_FUNCTION = "attendance_punch_refuse_update"
MESSAGE = "punches are insert-only"


def _install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        ]
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        ]
    return []


def _drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {TRIGGER}"]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}", f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"]
    return []


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _install_sql(connection.vendor):
            cursor.execute(sql)


def drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _drop_sql(connection.vendor):
            cursor.execute(sql)


def installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [TRIGGER])
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal", [TRIGGER])
        else:
            return False
        return cursor.fetchone() is not None
