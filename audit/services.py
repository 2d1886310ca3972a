"""Writing to the audit log and the access log.

Services call `audit_record` inside their transaction; views of restricted
items call `access_log_record`. Both append to an SM3 hash chain per unit:
`hash = SM3(prev_hash + canonical(row))`, the chain head (`AuditChain`) locked
while appending so each chain stays linear.

Retention: nothing in the application deletes or edits an audit row, and the
database refuses it (audit/triggers.py), so every row is kept for at least the
six months the law asks (网络安全法 art. 23) — in fact indefinitely. Archiving
old rows, if ever needed, is an operations procedure outside the application.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from audit.context import client_ip
from audit.export import ExportFile, write_events_xlsx
from audit.models import AccessLog, AuditChain, AuditEvent
from core import rows
from core.crypto import sm3_hex
from org.models import Unit

if TYPE_CHECKING:
    from audit.verify import VerifyResult

GENESIS = "0" * 64
ACCESS_PREFIX = "access:"
SYSTEM_NAME = "系统"


class EventRow(Protocol):
    """What `canonical` reads: an AuditEvent, or a lighter row with the same attribute names."""

    chain_key: str
    seq: int
    created_at: datetime.datetime
    unit_id: int | None
    actor_id: int | None
    actor_name: str
    on_behalf_of_name: str
    action: str
    outcome: str
    object_type: str
    object_id: str
    object_repr: str
    summary: str
    changes: Any
    ip: str | None


class AccessRow(Protocol):
    chain_key: str
    seq: int
    created_at: datetime.datetime
    unit_id: int | None
    user_id: int | None
    user_name: str
    kind: str
    object_type: str
    object_id: str
    object_repr: str
    ip: str | None


# The fields `canonical` / `access_canonical` read, in hashing order; verify.py fetches exactly these.
EVENT_HASHED_FIELDS = (
    "chain_key",
    "seq",
    "created_at",
    "unit_id",
    "actor_id",
    "actor_name",
    "on_behalf_of_name",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "object_repr",
    "summary",
    "changes",
    "ip",
)
ACCESS_HASHED_FIELDS = (
    "chain_key",
    "seq",
    "created_at",
    "unit_id",
    "user_id",
    "user_name",
    "kind",
    "object_type",
    "object_id",
    "object_repr",
    "ip",
)


def chain_key_for(unit_id: int | None) -> str:
    return f"unit:{unit_id}" if unit_id else "system"


def access_chain_key_for(unit_id: int | None) -> str:
    return ACCESS_PREFIX + chain_key_for(unit_id)


def _utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


# One encoder for every row: json.dumps(...) with options builds a new encoder per call,
# which alone costs more than hashing the row. sort_keys orders the keys of `changes`.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical(event: EventRow) -> bytes:
    """The bytes hashed for one row: every stored fact except the hashes themselves.

    A JSON array in the fixed order of EVENT_HASHED_FIELDS (time as UTC ISO 8601
    with microseconds), so anyone can recompute a hash by hand. Changing this
    format breaks every existing chain.
    """
    return _ENCODER.encode(
        [
            event.chain_key,
            event.seq,
            _utc_text(event.created_at),
            event.unit_id,
            event.actor_id,
            event.actor_name,
            event.on_behalf_of_name,
            event.action,
            event.outcome,
            event.object_type,
            event.object_id,
            event.object_repr,
            event.summary,
            event.changes,
            event.ip,
        ]
    ).encode()


def event_hash(prev_hash: str, event: EventRow) -> str:
    return sm3_hex(prev_hash.encode() + canonical(event))


def access_canonical(entry: AccessRow) -> bytes:
    """Like `canonical`, in the order of ACCESS_HASHED_FIELDS."""
    return _ENCODER.encode(
        [
            entry.chain_key,
            entry.seq,
            _utc_text(entry.created_at),
            entry.unit_id,
            entry.user_id,
            entry.user_name,
            entry.kind,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.ip,
        ]
    ).encode()


def access_hash(prev_hash: str, entry: AccessRow) -> str:
    return sm3_hex(prev_hash.encode() + access_canonical(entry))


def _normalized_ip(raw: str | None) -> str | None:
    """The address as the database will return it (compressed, lower case), so the hash matches on read.

    Anything unparseable is dropped rather than failing the business transaction.
    """
    if not raw:
        return None
    try:
        address = ipaddress.ip_address(raw.strip().split("%")[0])  # no IPv6 zone: inet rejects it
    except ValueError:
        return None
    if address.version == 6:
        return clean_ipv6_address(str(address))  # what GenericIPAddressField stores
    return str(address)


def _person_name(person) -> str:
    return str(person)[:50] if person is not None else SYSTEM_NAME


def _unit_of(actor, unit):
    if unit is None and actor is not None:
        staff = getattr(actor, "staff", None)
        unit = staff.unit if staff is not None else None
    return unit


class _Head:
    """The locked chain head: its row id, last sequence number and last hash."""

    __slots__ = ("pk", "last_seq", "last_hash")

    def __init__(self, pk: int, last_seq: int, last_hash: str):
        self.pk, self.last_seq, self.last_hash = pk, last_seq, last_hash


# The append path is the hottest write in the platform (every state change makes one), so it
# speaks SQL directly: lock the head, insert the row, move the head. Through the ORM the same
# three statements cost about three times as much Python per event (see bench/README.md).
def _lock_head(key: str) -> _Head:
    table = connection.ops.quote_name(AuditChain._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT id, last_seq, last_hash FROM {table} WHERE chain_key = %s{lock}"
    with rows.cursor(connection) as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    if row is None:
        # First event of a chain: concurrent first writers end up serialized on the same new row.
        head, _created = AuditChain.objects.select_for_update().get_or_create(chain_key=key)
        return _Head(head.pk, head.last_seq, head.last_hash)
    return _Head(*row)


_append_sql: dict[str, str] = {}


def _chain_statement(
    cache: dict[str, str], obj: models.Model, make: Callable[[str, str, str, str], str]
) -> tuple[str, tuple[models.Field, ...]]:
    """A PostgreSQL statement that inserts `obj` and moves its chain's head, built once per table by
    `make(table, columns, placeholders, chain table)`; with the fields whose values it takes."""
    table, columns, placeholders, fields = rows.insert_parts(type(obj), connection)
    sql = cache.get(table)
    if sql is None:
        sql = cache[table] = make(table, columns, placeholders, connection.ops.quote_name(AuditChain._meta.db_table))
    return sql, fields


def _append(obj: models.Model, head: _Head, params: list[Any] | None = None) -> None:
    """INSERT the row and move the chain head to it, values prepared by the fields themselves.

    On PostgreSQL both go in one statement (a data-modifying CTE): one round trip fewer on the
    hottest write path. Elsewhere two plain statements; `params` there are the row's values if the
    caller prepared them already.
    """
    if connection.vendor != "postgresql":
        rows.insert(obj, using=connection.alias, params=params)
        _advance(head, obj.seq, obj.hash)
        return
    sql, fields = _chain_statement(
        _append_sql,
        obj,
        lambda table, columns, placeholders, chain: (
            f"WITH new_row AS (INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING id) "
            f"UPDATE {chain} SET last_seq = %s, last_hash = %s WHERE id = %s RETURNING (SELECT id FROM new_row)"
        ),
    )
    with rows.cursor(connection) as cursor:
        cursor.execute(sql, [*rows.insert_params(obj, fields, connection), obj.seq, obj.hash, head.pk])
        rows.saved(obj, cursor.fetchone()[0], connection.alias)


def _advance(head: _Head, seq: int, hash_: str) -> None:
    table = connection.ops.quote_name(AuditChain._meta.db_table)
    with rows.cursor(connection) as cursor:
        cursor.execute(f"UPDATE {table} SET last_seq = %s, last_hash = %s WHERE id = %s", [seq, hash_, head.pk])


# Where this process last left each chain's head, per database alias: {(alias, chain_key): (seq, hash)}.
# On PostgreSQL the next append of the chain then needs ONE statement (see _append_at_known_head) instead
# of locking the head first: a quarter of the round trips when the caller is not in a transaction.
_known_heads: dict[tuple[str, str], tuple[int, str]] = {}
_guess_sql: dict[str, str] = {}


def _append_at_known_head(obj: models.Model, key: str, seq: int, hash_: str) -> bool:
    """PostgreSQL: move the head from (seq, hash_) to the new row and insert it, in one statement.

    The head moves only if it is still exactly where this process last left it; the UPDATE takes
    the head's row lock, so a concurrent writer either waits behind it or finds the head moved. If
    anyone else appended in between — or the transaction that moved it last rolled back — nothing
    is written and False is returned; the caller then takes the locking path. Safe in autocommit
    (the statement is its own transaction) and inside the caller's transaction.
    """
    sql, fields = _chain_statement(
        _guess_sql,
        obj,
        lambda table, columns, placeholders, chain: (
            f"WITH head AS (UPDATE {chain} SET last_seq = %s, last_hash = %s "
            f"WHERE chain_key = %s AND last_seq = %s AND last_hash = %s RETURNING id) "
            f"INSERT INTO {table} ({columns}) SELECT {placeholders} FROM head RETURNING id"
        ),
    )
    with rows.cursor(connection) as cursor:
        cursor.execute(sql, [obj.seq, obj.hash, key, seq, hash_, *rows.insert_params(obj, fields, connection)])
        row = cursor.fetchone()
    if row is None:
        return False
    rows.saved(obj, row[0], connection.alias)
    return True


def _append_chained(key: str, build: Callable[[int, str], models.Model]) -> models.Model:
    """Append the row `build(seq, prev_hash)` (its hash set) to chain `key`, keeping the chain linear."""
    known = _known_heads.get((connection.alias, key)) if connection.vendor == "postgresql" else None
    if known is not None:
        obj = build(known[0] + 1, known[1])
        if _append_at_known_head(obj, key, *known):
            _known_heads[(connection.alias, key)] = (obj.seq, obj.hash)
            return obj
    # Inside the caller's transaction no savepoint is needed: a failure dooms it anyway.
    with transaction.atomic(savepoint=False):
        head = _lock_head(key)
        obj = build(head.last_seq + 1, head.last_hash)
        _append(obj, head)
    _known_heads[(connection.alias, key)] = (obj.seq, obj.hash)
    return obj


class PendingEvent:
    """An audit event worked out in full except its place in the chain and its target.

    `audit_event(...)` prepares it (names, normalized address, the JSON of the changes, the model
    instance); `.append(target)` puts it at the end of its chain inside the service's transaction.
    The hottest write (a punch) prepares before its transaction, so that SQLite's write lock is held
    only for the statements; every other service calls `audit_record`, which does both at once.
    """

    __slots__ = ("event",)

    def __init__(self, event: AuditEvent) -> None:
        self.event = event

    def _name(self, target: models.Model | None) -> None:
        event = self.event
        if target is not None:
            event.object_type = target._meta.label_lower[:64]
            event.object_id = str(target.pk)[:64]
            event.object_repr = str(target)[:200]

    def _build(self, seq: int, prev_hash: str) -> AuditEvent:
        event = self.event
        event.seq, event.prev_hash, event.created_at = seq, prev_hash, timezone.now()
        event.hash = event_hash(prev_hash, event)
        return event

    def append(self, target: models.Model | None = None) -> AuditEvent:
        self._name(target)
        return _append_chained(self.event.chain_key, self._build)

    def insert_with(self, row: models.Model) -> AuditEvent:
        """INSERT the new `row` (its key from the database) and append this event naming it, as one unit.

        On PostgreSQL, when this process knows where it left the chain's head, that is one statement
        in autocommit after the row's key is drawn from its sequence: the head moves, the row and the
        event go in, all or nothing — two round trips instead of five (BEGIN, INSERT, append, COMMIT).
        If the head moved meanwhile nothing is written and, as everywhere else, one transaction does
        the INSERT and the usual append (the drawn key is left unused: keys may have gaps).

        On SQLite the transaction holds the database's one write lock from BEGIN, so the row's INSERT
        reads the chain head as it goes in (RETURNING with subqueries): one SQLite call fewer while
        every other writer of the server waits.
        """
        key = self.event.chain_key
        known = _known_heads.get((connection.alias, key)) if connection.vendor == "postgresql" else None
        if known is not None and not connection.in_atomic_block:
            _draw_key(row)
            for _attempt in range(2):  # where this process left the head, then where it is now
                known = _insert_with_at_head(self, row, key, *known)
                if known is None:
                    _known_heads[(connection.alias, key)] = (self.event.seq, self.event.hash)
                    return self.event
            del _known_heads[(connection.alias, key)]  # busy chain: the append below locks the head instead
        row.pk = None
        if connection.vendor == "sqlite":
            return self._insert_with_on_sqlite(row, key)
        with transaction.atomic():
            rows.insert(row, using=connection.alias)
            return self.append(row)

    def _insert_with_on_sqlite(self, row: models.Model, key: str) -> AuditEvent:
        """SQLite: every value that does not depend on the chain is prepared before BEGIN takes the write
        lock; inside it only the head is read (with the row's INSERT), the event hashed and written."""
        _table, _columns, _placeholders, row_fields = rows.insert_parts(type(row), connection)
        row_params = rows.insert_params(row, row_fields, connection)
        event_fields = rows.insert_parts(AuditEvent, connection)[3]
        event_params = [
            None if field.attname in _CHAIN_FIELDS else rows.insert_value(field, self.event, connection)
            for field in event_fields
        ]
        with transaction.atomic():
            head = _insert_reading_head(row, key, row_params)
            if head is None:  # the chain's first event: the usual append creates its head
                return self.append(row)
            self._name(row)
            event = self._build(head.last_seq + 1, head.last_hash)
            for index, field in enumerate(event_fields):
                if field.attname in _CHAIN_FIELDS:
                    event_params[index] = rows.insert_value(field, event, connection)
            _append(event, head, event_params)
            return event


# The event's fields whose values are known only once its chain's head is (and the row it names).
_CHAIN_FIELDS = frozenset({"seq", "prev_hash", "hash", "created_at", "object_type", "object_id", "object_repr"})


_reading_head_sql: dict[str, str] = {}


def _insert_reading_head(row: models.Model, key: str, params: list[Any]) -> _Head | None:
    """SQLite, inside a write transaction: INSERT `row` and read chain `key`'s head in the same statement.
    None when the chain has no head yet (its first event): the caller's append then creates it."""
    table, columns, placeholders, _fields = rows.insert_parts(type(row), connection)
    sql = _reading_head_sql.get(table)
    if sql is None:
        chain = connection.ops.quote_name(AuditChain._meta.db_table)
        pk = connection.ops.quote_name(row._meta.pk.column)
        sql = _reading_head_sql[table] = (
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING {pk}, "
            + ", ".join(f"(SELECT {c} FROM {chain} WHERE chain_key = %s)" for c in ("id", "last_seq", "last_hash"))
        )
    with rows.cursor(connection) as cursor:
        cursor.execute(sql, [*params, key, key, key])
        pk, head_id, seq, hash_ = cursor.fetchone()
    rows.saved(row, pk, connection.alias)
    return _Head(head_id, seq, hash_) if head_id is not None else None


_sequence_sql: dict[str, str] = {}
_insert_with_sql: dict[tuple[str, str], str] = {}


# Keys drawn from a table's sequence and not used yet, per thread (a thread has its own connection):
# {(alias, table): [next, ..., last]}. Drawn KEY_BLOCK at a time, so a punch needs no round trip of its
# own for its key; keys left when the process ends are gaps, as keys of rolled-back inserts are. (A
# database restored under running workers moves its sequences back: restart the workers, as after any restore.)
KEY_BLOCK = 20
_drawn = threading.local()


def _draw_key(row: models.Model) -> None:
    """PostgreSQL: give `row` the next key of its table's sequence, drawn KEY_BLOCK at a time."""
    table = row._meta.db_table
    keys = getattr(_drawn, "keys", None)
    if keys is None:
        keys = _drawn.keys = {}
    block = keys.get((connection.alias, table))
    if not block:
        if table not in _sequence_sql:
            quoted = connection.ops.quote_name(table)
            _sequence_sql[table] = (
                f"SELECT nextval(pg_get_serial_sequence('{quoted}', '{row._meta.pk.column}')) "
                f"FROM generate_series(1, {KEY_BLOCK})"
            )
        with rows.cursor(connection) as cursor:
            cursor.execute(_sequence_sql[table])
            block = keys[(connection.alias, table)] = sorted((key for (key,) in cursor.fetchall()), reverse=True)
    row.pk = block.pop()


def _insert_with_at_head(
    pending: PendingEvent, row: models.Model, key: str, seq: int, hash_: str
) -> tuple[int, str] | None:
    """PostgreSQL, autocommit: move the head from (seq, hash_) and insert `row` and the event, in one
    statement that writes nothing unless the head is still there. None when written; else the head
    as the statement found it."""
    pending._name(row)
    event = pending._build(seq + 1, hash_)
    row_table, row_columns, row_placeholders, row_fields = rows.insert_parts(type(row), connection)
    event_table, event_columns, event_placeholders, event_fields = rows.insert_parts(AuditEvent, connection)
    sql = _insert_with_sql.get((row_table, event_table))
    if sql is None:
        chain = connection.ops.quote_name(AuditChain._meta.db_table)
        pk = connection.ops.quote_name(row._meta.pk.column)
        sql = _insert_with_sql[(row_table, event_table)] = (
            f"WITH head AS (UPDATE {chain} SET last_seq = %s, last_hash = %s "
            f"WHERE chain_key = %s AND last_seq = %s AND last_hash = %s RETURNING id), "
            f"new_row AS (INSERT INTO {row_table} ({pk}, {row_columns}) SELECT %s, {row_placeholders} FROM head "
            f"RETURNING {pk}), "
            f"new_event AS (INSERT INTO {event_table} ({event_columns}) SELECT {event_placeholders} FROM new_row "
            f"RETURNING id) "
            f"SELECT id, NULL, NULL FROM new_event UNION ALL "
            f"SELECT NULL, last_seq, last_hash FROM {chain} WHERE chain_key = %s AND NOT EXISTS (SELECT 1 FROM head)"
        )
    params = [
        event.seq,
        event.hash,
        key,
        seq,
        hash_,
        row.pk,
        *rows.insert_params(row, row_fields, connection),
        *rows.insert_params(event, event_fields, connection),
        key,
    ]
    with rows.cursor(connection) as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    if found is not None and found[0] is not None:
        rows.saved(row, row.pk, connection.alias)
        rows.saved(event, found[0], connection.alias)
        return None
    return (found[1], found[2]) if found is not None else (seq, hash_)


def audit_event(
    *,
    actor,
    action: str,
    unit=None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    on_behalf_of=None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    ip: str | None = None,
) -> PendingEvent:
    """One event, prepared: append it with `.append(target)` inside the service's transaction."""
    unit = _unit_of(actor, unit)
    unit_id = unit.pk if unit is not None else None
    return PendingEvent(
        AuditEvent(
            chain_key=chain_key_for(unit_id),
            unit_id=unit_id,
            actor=actor,
            actor_name=_person_name(actor),
            on_behalf_of_name=str(on_behalf_of)[:50] if on_behalf_of is not None else "",
            action=action[:64],
            outcome=outcome,
            summary=summary[:500],
            # Round-trip through JSON now so the hashed value equals what is read back.
            changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False)),
            ip=_normalized_ip(ip if ip is not None else client_ip.get()),
        )
    )


def audit_record(*, target: models.Model | None = None, **event: Any) -> AuditEvent:
    """Append one event to the unit's chain. Call inside the service's transaction.

    `event` are audit_event's arguments: `actor` is a User (or None for the system); `on_behalf_of`
    the person whose authority was used (代). `unit` defaults to the actor's unit; events with no
    unit (the three administrators, scheduled jobs) go to the `system` chain.
    """
    return audit_event(**event).append(target)


def access_log_record(*, user, kind: str, target: models.Model, unit=None) -> AccessLog:
    """Append one view / download / export of a restricted item to the unit's access-log chain.

    Reading changes no business state, so this is the one write a GET view may
    make. `unit` defaults to the user's unit.
    """
    unit = _unit_of(user, unit)
    unit_id = unit.pk if unit is not None else None
    key = access_chain_key_for(unit_id)
    fields = {
        "chain_key": key,
        "created_at": timezone.now(),
        "unit_id": unit_id,
        "user": user,
        "user_name": _person_name(user),
        "kind": kind[:20],
        "object_type": target._meta.label_lower[:64],
        "object_id": str(target.pk)[:64],
        "object_repr": str(target)[:200],
        "ip": _normalized_ip(client_ip.get()),
    }

    def build(seq: int, prev_hash: str) -> AccessLog:
        entry = AccessLog(seq=seq, prev_hash=prev_hash, **fields)
        entry.hash = access_hash(prev_hash, entry)
        return entry

    return _append_chained(key, build)


def audit_chain_verify(*, actor, unit_id: int | None) -> VerifyResult:
    """Verify a unit's event and access-log chains (None: the system chains) and record that it was done.

    The walk runs outside any transaction: it may take seconds and must not hold
    the chain head's lock. A broken chain is recorded as a failed verification.
    """
    from audit.verify import unit_chain_keys, verify  # verify imports this module

    result = verify(unit_chain_keys(unit_id))
    problem = result.first_problem
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    scope = unit.name if unit is not None else SYSTEM_NAME
    if problem is None:
        summary = f"校验审计链（{scope}）：完好，共 {result.checked} 条"
    else:
        summary = f"校验审计链（{scope}）：发现问题，{problem.describe()}"
    audit_record(
        actor=actor,
        action="audit.verify",
        target=unit,
        summary=summary,
        changes={
            "chains": [chain.chain_key for chain in result.chains],
            "checked": result.checked,
            "intact": result.ok,
            "first_problem": problem.describe() if problem else "",
        },
        outcome=AuditEvent.Outcome.SUCCESS if result.ok else AuditEvent.Outcome.FAILURE,
    )
    return result


def audit_log_export(
    *, actor, events: QuerySet[AuditEvent], description: str, unit_names: dict[int, str]
) -> ExportFile:
    """Write the filtered events to an Excel file (capped at EXPORT_MAX_ROWS) and record the export.

    The workbook is built before the audit event's short transaction, so a long
    export never holds the chain head's lock.
    """
    total = events.count()
    export = write_events_xlsx(events, total=total, unit_names=unit_names)
    audit_record(
        actor=actor,
        action="audit.export",
        summary=f"导出审计日志 {export.rows} 条（筛选：{description}）",
        changes={"filters": description, "rows": export.rows, "total": total},
    )
    return export
