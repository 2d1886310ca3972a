"""Migration helpers: drop a foreign key's own index where a composite index already starts with its column.

Django indexes every foreign key column. On the append-only tables (punches, audit events) a
composite index beginning with the same column serves every lookup the single one would, and each
extra index is one more page written by every INSERT — on the busiest writes of the platform.

Changing `db_index` through `AlterField` would make Django rebuild the whole table on SQLite
(copy, drop, rename), which loses the tables' append-only triggers and copies millions of rows. These
helpers drop (and, migrating back, create) just the index, found by its column; the migration
pairs them with the field's new state (`SeparateDatabaseAndState`).
"""

from __future__ import annotations

from collections.abc import Callable


def _single_column_indexes(schema_editor, table: str, column: str) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"] and not info["unique"] and not info["primary_key"] and info["columns"] == [column]
    ]


def drop_column_index(table: str, column: str) -> Callable:
    """A RunPython function dropping the plain index on `table`.`column` (if there is one)."""

    def forwards(apps, schema_editor) -> None:
        quote = schema_editor.quote_name
        for name in _single_column_indexes(schema_editor, table, column):
            schema_editor.execute(f"DROP INDEX {quote(name)}")

    return forwards


def create_column_index(table: str, column: str) -> Callable:
    """The reverse: the index Django would have made for the foreign key, under its usual name."""

    def backwards(apps, schema_editor) -> None:
        if _single_column_indexes(schema_editor, table, column):
            return
        name = schema_editor._create_index_name(table, [column])
        quote = schema_editor.quote_name
        schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})")

    return backwards
