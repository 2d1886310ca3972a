"""Statements for the few lookups every request makes, built once instead of compiled per call.

`Model.objects.get(pk=…)` compiles its SQL anew on every call: about 0.25 ms on this machine, ten
times the cost of the query itself on SQLite. A signed-in request makes two such lookups before any
view runs (session, account) and most views a third (the account's staff profile). These helpers
build the SELECT from the model's own metadata once per model and database vendor, and turn the row
into model instances with the fields' own converters, so custom fields (SM4-encrypted columns, JSON,
dates on SQLite) read exactly as through the ORM.

Only for hot single-row reads by a key; everything else uses the ORM.

On PostgreSQL these statements also run prepared (`cursor` below): Django binds parameters on the
client, so the server parses and plans every statement anew — for the session read joined to the
account and the staff profile that planning costs several times its execution. Prepared once per
connection (connections are kept, CONN_MAX_AGE), each later run is executed only. SQLite keeps its
own cache of compiled statements per connection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models.fields.related import ForeignObjectRel

Converter = Callable[[Any, Any, Any], Any]


def cursor(connection):
    """A cursor for a statement built once: on PostgreSQL (psycopg 3) prepared on the connection the
    first time it runs; elsewhere the usual one. Wrapped as Django wraps every cursor (errors,
    query logging), so the tests count these queries as any other."""
    if connection.vendor != "postgresql" or _PreparedCursor is None:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_PreparedCursor(connection.connection))


def _prepared_cursor_class():
    try:
        import psycopg
    except ImportError:  # psycopg2: no server-side binding, statements run as Django runs them
        return None

    class PreparedCursor(psycopg.Cursor):
        """Server-side binding, the statement prepared on first use (Django turns auto-preparing off)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

        def _convert_query(self, query, params=None):
            # Kept where Django's query log reads the statement (with $1, $2 … for its parameters).
            self._query = super()._convert_query(query, params)
            return self._query

    return PreparedCursor


_PreparedCursor = _prepared_cursor_class()


@dataclass(frozen=True)
class _Part:
    """One model's columns in the joined row: where they start, their attnames and converters."""

    model: type[models.Model]
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]  # (offset, converters, expression)
    start: int

    def build(self, alias: str, row: Sequence[Any], connection) -> models.Model | None:
        values = list(row[self.start : self.start + len(self.attnames)])
        if values[0] is None:  # LEFT JOIN found no row (the primary key comes first)
            return None
        for offset, converters, expression in self.converters:
            value = values[offset]
            for converter in converters:
                value = converter(value, expression, connection)
            values[offset] = value
        return self.model.from_db(alias, self.attnames, values)


@dataclass(frozen=True)
class _Join:
    """A related row read in the same statement: which part holds it, which part it hangs from, and
    the relation (a forward foreign key / one-to-one, or a reverse one-to-one) that links them."""

    part: int
    parent: int
    relation: models.Field | ForeignObjectRel


@dataclass(frozen=True)
class _Statement:
    sql: str
    key_field: models.Field  # the column the row is found by
    parts: tuple[_Part, ...]
    joins: tuple[_Join, ...]


_statements: dict[tuple[str, type[models.Model], str, tuple[str, ...]], _Statement] = {}


def _part(model: type[models.Model], table_alias: str, start: int, connection) -> tuple[_Part, list[str]]:
    fields = [model._meta.pk, *(f for f in model._meta.concrete_fields if not f.primary_key)]
    quote = connection.ops.quote_name
    columns = [f"{table_alias}.{quote(f.column)}" for f in fields]
    converters = []
    for offset, field in enumerate(fields):
        expression = field.get_col(table_alias)
        found = tuple(connection.ops.get_db_converters(expression)) + tuple(field.get_db_converters(connection))
        if found:
            converters.append((offset, found, expression))
    return _Part(model, tuple(f.attname for f in fields), tuple(converters), start), columns


def _relation(model: type[models.Model], name: str) -> models.Field | ForeignObjectRel:
    relation = model._meta.get_field(name)
    forward = isinstance(relation, (models.ForeignKey, models.OneToOneField))
    if not (forward or (isinstance(relation, ForeignObjectRel) and relation.one_to_one)):
        raise ValueError(f"{model.__name__}.{name} is not a foreign key or a reverse one-to-one relation")
    return relation


def _statement(alias: str, model: type[models.Model], column: str, with_related: tuple[str, ...]) -> _Statement:
    connection = connections[alias]
    key = (connection.vendor, model, column, with_related)
    statement = _statements.get(key)
    if statement is not None:
        return statement
    quote = connection.ops.quote_name
    main, columns = _part(model, "t0", 0, connection)
    parts, joins, sql_joins, paths = [main], [], "", {"": 0}
    for path in with_related:
        parent_path, _, name = path.rpartition("__")
        if parent_path not in paths:
            raise ValueError(f"{path}: name {parent_path} in with_related before it")
        parent = paths[parent_path]
        relation = _relation(parts[parent].model, name)
        index = paths[path] = len(parts)
        part, part_columns = _part(relation.related_model, f"t{index}", len(columns), connection)
        parts.append(part)
        columns += part_columns
        if isinstance(relation, ForeignObjectRel):  # the related row points at the parent
            on = f"t{index}.{quote(relation.field.column)} = t{parent}.{quote(relation.field.target_field.column)}"
        else:  # the parent points at the related row
            on = f"t{index}.{quote(relation.target_field.column)} = t{parent}.{quote(relation.column)}"
        sql_joins += f" LEFT OUTER JOIN {quote(relation.related_model._meta.db_table)} t{index} ON {on}"
        joins.append(_Join(index, parent, relation))
    key_field = model._meta.get_field(column)
    statement = _Statement(
        sql=(
            f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t0{sql_joins} "
            f"WHERE t0.{quote(key_field.column)} = %s"
        ),
        key_field=key_field,
        parts=tuple(parts),
        joins=tuple(joins),
    )
    _statements[key] = statement
    return statement


def fetch_one(
    model: type[models.Model],
    column: str,
    value: Any,
    *,
    with_related: Sequence[str] = (),
    extra_where: str = "",
    extra_params: Sequence[Any] = (),
    using: str = "default",
) -> models.Model | None:
    """The row of `model` whose `column` equals `value` (None if there is none), as an instance.

    `with_related` names relations read in the same statement (LEFT JOINs), as select_related does:
    foreign keys and reverse one-to-ones, further ones through "__" ("user", "user__staff" on a
    session). Each related instance (or its absence) is cached on its parent — and a reverse
    one-to-one's back on it — so following them costs no query. `extra_where` is raw SQL on the main
    table (alias t0, column names quoted by the caller) with its own parameters.
    """
    statement = _statement(using, model, column, tuple(with_related))
    connection = connections[using]
    sql = statement.sql + (f" AND {extra_where}" if extra_where else "")
    params = [statement.key_field.get_db_prep_value(value, connection), *extra_params]
    with cursor(connection) as prepared:
        prepared.execute(sql, params)
        row = prepared.fetchone()
    if row is None:
        return None
    instances = [statement.parts[0].build(using, row, connection)]
    for join in statement.joins:
        parent, related = instances[join.parent], None
        if parent is not None:  # else the parent's own LEFT JOIN found nothing, and nothing hangs from it
            related = statement.parts[join.part].build(using, row, connection)
            join.relation.set_cached_value(parent, related)
            if related is not None and isinstance(join.relation, ForeignObjectRel):
                join.relation.field.set_cached_value(related, parent)  # the one-to-one back to its parent
        instances.append(related)
    return instances[0]


# --- inserting -------------------------------------------------------------------------------------

_inserts: dict[tuple[str, type[models.Model]], tuple[str, str, str, tuple[models.Field, ...]]] = {}


def insert_parts(model: type[models.Model], connection) -> tuple[str, str, str, tuple[models.Field, ...]]:
    """(quoted table, column list, placeholders, fields) of an INSERT of every concrete field but the key,
    for callers that wrap the INSERT in a larger statement (the audit log's chain append)."""
    key = (connection.vendor, model)
    parts = _inserts.get(key)
    if parts is None:
        quote = connection.ops.quote_name
        fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
        parts = (
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
            fields,
        )
        _inserts[key] = parts
    return parts


def insert_value(field: models.Field, obj: models.Model, connection) -> Any:
    """The value of `field` as the field prepares it for an INSERT of `obj` (auto_now_add and the like set)."""
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


def insert_params(obj: models.Model, fields: Sequence[models.Field], connection) -> list[Any]:
    """The values of `fields` as the fields prepare them for an INSERT of `obj`."""
    return [insert_value(f, obj, connection) for f in fields]


def saved(obj: models.Model, pk: Any, using: str) -> None:
    """Mark `obj` as the stored row `pk`, as Model.save() would."""
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = using


_insert_statements: dict[tuple[str, type[models.Model]], tuple[str, bool]] = {}


def _insert_statement(model: type[models.Model], connection) -> tuple[str, bool]:
    """The INSERT `insert` runs for `model`, and whether it returns the new key (else: lastrowid)."""
    key = (connection.vendor, model)
    statement = _insert_statements.get(key)
    if statement is None:
        table, columns, placeholders, _fields = insert_parts(model, connection)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        # SQLite hands out the new key without RETURNING (lastrowid), and a statement with RETURNING is
        # stepped twice (the row, then its end): one more call that lets go of the GIL inside the write lock.
        returning = connection.features.can_return_columns_from_insert and connection.vendor != "sqlite"
        if returning:
            sql += f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
        statement = _insert_statements[key] = (sql, returning)
    return statement


def insert(obj: models.Model, *, using: str = "default", params: Sequence[Any] | None = None) -> models.Model:
    """INSERT `obj` (a new row whose key the database assigns) with a statement built once per model.

    For the hottest inserts only (a punch): no save() and no pre_save/post_save signals run, so
    never use it for a model that has either. `params`: the values already prepared (insert_params).
    """
    connection = connections[using]
    fields = insert_parts(type(obj), connection)[3]
    sql, returning = _insert_statement(type(obj), connection)
    with cursor(connection) as prepared:
        prepared.execute(sql, insert_params(obj, fields, connection) if params is None else params)
        pk = prepared.fetchone()[0] if returning else prepared.lastrowid
    saved(obj, pk, using)
    return obj
