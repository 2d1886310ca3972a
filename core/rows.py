"""Statements for the few lookups every request makes, built once instead of compiled per call.

`Model.objects.get(pk=…)` compiles its SQL anew on every call: about 0.25 ms on this machine, ten
times the cost of the query itself on SQLite. A signed-in request makes two such lookups before any
view runs (session, account) and most views a third (the account's staff profile). These helpers
build the SELECT from the model's own metadata once per model and database vendor, and turn the row
into model instances with the fields' own converters, so custom fields (SM4-encrypted columns, JSON,
dates on SQLite) read exactly as through the ORM.

Only for hot single-row reads by a key; everything else uses the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models.fields.related import ForeignObjectRel

Converter = Callable[[Any, Any, Any], Any]


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
class _Statement:
    sql: str
    parts: tuple[_Part, ...]
    reverse_one_to_one: ForeignObjectRel | None


_statements: dict[tuple[str, type[models.Model], str, str | None], _Statement] = {}


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


def _statement(alias: str, model: type[models.Model], column: str, with_one_to_one: str | None) -> _Statement:
    connection = connections[alias]
    key = (connection.vendor, model, column, with_one_to_one)
    statement = _statements.get(key)
    if statement is not None:
        return statement
    quote = connection.ops.quote_name
    main, columns = _part(model, "t0", 0, connection)
    parts, joins, relation = [main], "", None
    if with_one_to_one is not None:
        relation = model._meta.get_field(with_one_to_one)
        if not (isinstance(relation, ForeignObjectRel) and relation.one_to_one):
            raise ValueError(f"{model.__name__}.{with_one_to_one} is not a reverse one-to-one relation")
        related, related_columns = _part(relation.related_model, "t1", len(columns), connection)
        parts.append(related)
        columns += related_columns
        joins = (
            f" LEFT OUTER JOIN {quote(relation.related_model._meta.db_table)} t1"
            f" ON t1.{quote(relation.field.column)} = t0.{quote(relation.field.target_field.column)}"
        )
    where = quote(model._meta.get_field(column).column)
    statement = _Statement(
        sql=f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} t0{joins} WHERE t0.{where} = %s",
        parts=tuple(parts),
        reverse_one_to_one=relation,
    )
    _statements[key] = statement
    return statement


def fetch_one(
    model: type[models.Model],
    column: str,
    value: Any,
    *,
    with_one_to_one: str | None = None,
    extra_where: str = "",
    extra_params: Sequence[Any] = (),
    using: str = "default",
) -> models.Model | None:
    """The row of `model` whose `column` equals `value` (None if there is none), as an instance.

    `with_one_to_one` names a reverse one-to-one relation (e.g. "staff" on the account) read in the
    same statement: the related instance (or its absence) is cached on the result both ways, so
    `user.staff` and `user.staff.user` cost no query. `extra_where` is raw SQL on the main table
    (alias t0, column names quoted by the caller) with its own parameters.
    """
    statement = _statement(using, model, column, with_one_to_one)
    connection = connections[using]
    sql = statement.sql + (f" AND {extra_where}" if extra_where else "")
    params = [model._meta.get_field(column).get_db_prep_value(value, connection), *extra_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    instance = statement.parts[0].build(using, row, connection)
    relation = statement.reverse_one_to_one
    if relation is not None:
        related = statement.parts[1].build(using, row, connection)
        relation.set_cached_value(instance, related)
        if related is not None:
            relation.field.set_cached_value(related, instance)
    return instance


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


def insert_params(obj: models.Model, fields: Sequence[models.Field], connection) -> list[Any]:
    """The values of `fields` as the fields prepare them for an INSERT (auto_now_add and the like set)."""
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]


def saved(obj: models.Model, pk: Any, using: str) -> None:
    """Mark `obj` as the stored row `pk`, as Model.save() would."""
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = using


def insert(obj: models.Model, *, using: str = "default") -> models.Model:
    """INSERT `obj` (a new row whose key the database assigns) with a statement built once per model.

    For the hottest inserts only (a punch): no save() and no pre_save/post_save signals run, so
    never use it for a model that has either.
    """
    connection = connections[using]
    table, columns, placeholders, fields = insert_parts(type(obj), connection)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(type(obj)._meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, insert_params(obj, fields, connection))
        pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    saved(obj, pk, using)
    return obj
