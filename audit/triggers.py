"""Database triggers that make the audit tables append-only.

The application never updates or deletes an audit row; these triggers make the
database refuse it too, so an UPDATE or DELETE through any client (a shell, a
stray migration, an SQL console) fails loudly instead of silently rewriting
history. Rows can still be INSERTed. `audit_verify` catches what a privileged
user does after dropping the triggers.

SQLite: a BEFORE UPDATE and a BEFORE DELETE trigger per table that RAISE(ABORT).
PostgreSQL: one plpgsql function raising an exception, a BEFORE UPDATE OR
DELETE row trigger and a BEFORE TRUNCATE statement trigger per table (TRUNCATE
does not fire row triggers).

The chain heads (`audit_auditchain`) must be updated on every append, so they
get a weaker rule: a head only moves forward one row at a time and is never
deleted. Without it, deleting the last rows and rewinding the head would leave
a shorter chain that verifies.

Caution for future migrations on SQLite: Django rebuilds a table for most
ALTERs there (new table, copy, drop, rename), which silently loses its
triggers. A migration that alters these tables must call `drop()` before and
`install()` after, as 0003 does; `missing()` lets checks and tests see it.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

PROTECTED_TABLES = ("audit_auditevent", "audit_accesslog")
HEAD_TABLE = "audit_auditchain"
MESSAGE = "audit rows are append-only"
HEAD_MESSAGE = "audit chain heads only move forward"
PG_FUNCTION = "audit_refuse_change"
PG_HEAD_FUNCTION = "audit_head_forward_only"
SQLITE_HEAD_TRIGGERS = (f"{HEAD_TABLE}_forward_only", f"{HEAD_TABLE}_no_delete")
PG_HEAD_TRIGGERS = (f"{HEAD_TABLE}_forward_only", f"{HEAD_TABLE}_no_truncate")
# The one change the application makes to a head: the next row was appended.
_HEAD_MOVES_ONE = "NEW.chain_key = OLD.chain_key AND NEW.last_seq = OLD.last_seq + 1"


def _sqlite_names(table: str) -> tuple[str, str]:
    return f"{table}_no_update", f"{table}_no_delete"


def _pg_names(table: str) -> tuple[str, str]:
    return f"{table}_append_only", f"{table}_no_truncate"


def _statements_install(vendor: str) -> list[str]:
    if vendor == "sqlite":
        sql = []
        for table in PROTECTED_TABLES:
            no_update, no_delete = _sqlite_names(table)
            sql.append(
                f"CREATE TRIGGER IF NOT EXISTS {no_update} BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE on {table}'); END"
            )
            sql.append(
                f"CREATE TRIGGER IF NOT EXISTS {no_delete} BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE on {table}'); END"
            )
        forward_only, no_delete = SQLITE_HEAD_TRIGGERS
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS {forward_only} BEFORE UPDATE ON {HEAD_TABLE} "
            f"WHEN NOT ({_HEAD_MOVES_ONE}) BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END"
        )
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS {no_delete} BEFORE DELETE ON {HEAD_TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END"
        )
        return sql
    if vendor == "postgresql":
        sql = [
            f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}: % on %', TG_OP, TG_TABLE_NAME "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        ]
        for table in PROTECTED_TABLES:
            row_trigger, truncate_trigger = _pg_names(table)
            sql += [
                f"DROP TRIGGER IF EXISTS {row_trigger} ON {table}",
                f"CREATE TRIGGER {row_trigger} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
                f"DROP TRIGGER IF EXISTS {truncate_trigger} ON {table}",
                f"CREATE TRIGGER {truncate_trigger} BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
            ]
        forward_only, no_truncate = PG_HEAD_TRIGGERS
        sql += [
            f"CREATE OR REPLACE FUNCTION {PG_HEAD_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'UPDATE' AND {_HEAD_MOVES_ONE} THEN RETURN NEW; END IF; "
            f"RAISE EXCEPTION '{HEAD_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
            f"DROP TRIGGER IF EXISTS {forward_only} ON {HEAD_TABLE}",
            f"CREATE TRIGGER {forward_only} BEFORE UPDATE OR DELETE ON {HEAD_TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_HEAD_FUNCTION}()",
            f"DROP TRIGGER IF EXISTS {no_truncate} ON {HEAD_TABLE}",
            f"CREATE TRIGGER {no_truncate} BEFORE TRUNCATE ON {HEAD_TABLE} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
        ]
        return sql
    return []


def _statements_drop(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(expected(vendor))]
    if vendor == "postgresql":
        sql = [f"DROP TRIGGER IF EXISTS {name} ON {table}" for table in PROTECTED_TABLES for name in _pg_names(table)]
        sql += [f"DROP TRIGGER IF EXISTS {name} ON {HEAD_TABLE}" for name in PG_HEAD_TRIGGERS]
        return [*sql, f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()", f"DROP FUNCTION IF EXISTS {PG_HEAD_FUNCTION}()"]
    return []


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (idempotent). Other database vendors are left unprotected."""
    with connection.cursor() as cursor:
        for statement in _statements_install(connection.vendor):
            cursor.execute(statement)


def drop(connection: BaseDatabaseWrapper) -> None:
    """Remove the triggers (idempotent): only migrations and the test suite's flush do this."""
    with connection.cursor() as cursor:
        for statement in _statements_drop(connection.vendor):
            cursor.execute(statement)


def expected(vendor: str) -> set[str]:
    if vendor == "sqlite":
        return {name for table in PROTECTED_TABLES for name in _sqlite_names(table)} | set(SQLITE_HEAD_TRIGGERS)
    if vendor == "postgresql":
        return {name for table in PROTECTED_TABLES for name in _pg_names(table)} | set(PG_HEAD_TRIGGERS)
    return set()


def missing(connection: BaseDatabaseWrapper) -> set[str]:
    """Names of protecting triggers that should exist on this database but do not."""
    wanted = expected(connection.vendor)
    if not wanted:
        return set()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = ANY(%s) AND c.relnamespace = to_regnamespace(current_schema()) "
                "AND NOT t.tgisinternal",
                [[*PROTECTED_TABLES, HEAD_TABLE]],
            )
        present = {row[0] for row in cursor.fetchall()}
    return wanted - present
