"""Verifying the hash chains: every row's hash, the links between rows, no gaps, and the head.

A chain is intact when, walking it in `seq` order,
- the sequence runs 1, 2, 3, … with no gap (a deleted row leaves one),
- each row's `prev_hash` is the previous row's `hash` (genesis for the first),
- each row's `hash` equals SM3(prev_hash + canonical(row)) recomputed now
  (an edited row fails here),
- and the head (`AuditChain.last_seq` / `last_hash`) points at the last row
  (deleting the tail leaves the head pointing past the end).

The walk streams lean rows (`values_list(..., named=True)` + `.iterator()`),
never model instances, so a million events take seconds, not minutes, and
memory stays flat. Rows appended while the walk runs are fine: the head is
read before the walk and again after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from audit import triggers
from audit.models import AccessLog, AuditChain, AuditEvent
from audit.services import (
    ACCESS_HASHED_FIELDS,
    ACCESS_PREFIX,
    EVENT_HASHED_FIELDS,
    GENESIS,
    access_chain_key_for,
    access_hash,
    chain_key_for,
    event_hash,
)

CHUNK_SIZE = 5000


@dataclass(frozen=True)
class Problem:
    """The first thing wrong in a chain. `seq`/`row_id` name the row (None when the row is gone)."""

    chain_key: str
    code: str  # altered / broken_link / gap / tail_missing / head_mismatch / beyond_head / head_missing
    seq: int | None = None
    row_id: int | None = None
    expected_seq: int | None = None

    @property
    def message(self) -> str:
        if self.code == "altered":
            return _("the row's content or hash was changed (the recomputed hash does not match)")
        if self.code == "broken_link":
            return _("the row's previous hash does not match the hash of the row before it")
        if self.code == "gap":
            return _("rows %(first)s to %(last)s are missing before this row (deleted)") % {
                "first": self.expected_seq,
                "last": (self.seq or 0) - 1,
            }
        if self.code == "tail_missing":
            return _("the chain head says %(head)s rows, but rows after %(last)s are missing (deleted)") % {
                "head": self.expected_seq,
                "last": (self.seq or 1) - 1,
            }
        if self.code == "head_mismatch":
            return _("the chain head's hash does not match this row")
        if self.code == "beyond_head":
            return _("this row lies beyond the chain head (written outside the application)")
        if self.code == "head_missing":
            return _("the chain has rows but its head record is missing")
        return self.code

    def describe(self) -> str:
        where = _("chain %(chain)s, seq %(seq)s, id %(id)s") % {
            "chain": self.chain_key,
            "seq": self.seq if self.seq is not None else "—",
            "id": self.row_id if self.row_id is not None else "—",
        }
        return f"{where}: {self.message}"


@dataclass
class ChainReport:
    chain_key: str
    checked: int = 0
    head_seq: int = 0
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def is_access_log(self) -> bool:
        return self.chain_key.startswith(ACCESS_PREFIX)


@dataclass
class VerifyResult:
    chains: list[ChainReport] = field(default_factory=list)
    seconds: float = 0.0
    missing_triggers: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return all(chain.ok for chain in self.chains)

    @property
    def checked(self) -> int:
        return sum(chain.checked for chain in self.chains)

    @property
    def first_problem(self) -> Problem | None:
        return next((chain.problem for chain in self.chains if chain.problem), None)


def _head(key: str) -> tuple[int, str] | None:
    return AuditChain.objects.filter(chain_key=key).values_list("last_seq", "last_hash").first()


def verify_chain(key: str, *, chunk_size: int = CHUNK_SIZE) -> ChainReport:
    """Walk one chain (an event chain, or an access-log chain by its `access:` prefix)."""
    if key.startswith(ACCESS_PREFIX):
        model, fields, recompute = AccessLog, ACCESS_HASHED_FIELDS, access_hash
    else:
        model, fields, recompute = AuditEvent, EVENT_HASHED_FIELDS, event_hash
    report = ChainReport(chain_key=key)
    head_before = _head(key)
    head_seq, head_hash = head_before or (0, GENESIS)
    report.head_seq = head_seq
    report.problem, last_seq, hash_at_head = _walk(model, key, fields, recompute, head_seq, report, chunk_size)
    if report.problem is not None:
        return report
    report.problem = _check_head(model, key, head_before, last_seq, hash_at_head, head_hash)
    return report


def _walk(model, key: str, fields: Iterable[str], recompute: Callable, head_seq: int, report, chunk_size: int):
    rows = (
        model.objects.filter(chain_key=key)
        .order_by("seq")
        .values_list("id", "prev_hash", "hash", *fields, named=True)
        .iterator(chunk_size=chunk_size)
    )
    expected_seq, expected_prev, hash_at_head, checked = 1, GENESIS, None, 0
    try:
        for row in rows:
            if row.seq != expected_seq:
                return Problem(key, "gap", row.seq, row.id, expected_seq), expected_seq - 1, None
            if row.prev_hash != expected_prev:
                return Problem(key, "broken_link", row.seq, row.id), expected_seq - 1, None
            if recompute(row.prev_hash, row) != row.hash:
                return Problem(key, "altered", row.seq, row.id), expected_seq - 1, None
            if row.seq == head_seq:
                hash_at_head = row.hash
            expected_prev = row.hash
            expected_seq += 1
            checked += 1
    finally:
        report.checked = checked
        rows.close()
    return None, expected_seq - 1, hash_at_head


def _check_head(model, key: str, head_before, last_seq: int, hash_at_head, head_hash: str) -> Problem | None:
    if head_before is None:
        if last_seq:
            return Problem(key, "head_missing", 1, _row_id(model, key, 1))
        return None
    head_seq = head_before[0]
    if head_seq > last_seq:
        return Problem(key, "tail_missing", last_seq + 1, None, head_seq)
    if head_seq and hash_at_head != head_hash:
        return Problem(key, "head_mismatch", head_seq, _row_id(model, key, head_seq))
    # Rows appended during the walk moved the head on; rows past the head now were not written by us.
    head_after = _head(key)
    head_now = head_after[0] if head_after else 0
    if last_seq > head_now:
        return Problem(key, "beyond_head", head_now + 1, _row_id(model, key, head_now + 1))
    return None


def _row_id(model, key: str, seq: int) -> int | None:
    return model.objects.filter(chain_key=key, seq=seq).values_list("id", flat=True).first()


def all_chain_keys() -> list[str]:
    """Every chain with a head or with rows (a chain whose head was deleted still gets checked)."""
    keys = set(AuditChain.objects.values_list("chain_key", flat=True))
    keys |= set(AuditEvent.objects.order_by().values_list("chain_key", flat=True).distinct())
    keys |= set(AccessLog.objects.order_by().values_list("chain_key", flat=True).distinct())
    return sorted(keys)


def unit_chain_keys(unit_id: int | None) -> list[str]:
    """The event chain and the access-log chain of a unit (None: the system chains)."""
    return [chain_key_for(unit_id), access_chain_key_for(unit_id)]


def verify(keys: Iterable[str] | None = None, *, chunk_size: int = CHUNK_SIZE) -> VerifyResult:
    """Verify the given chains (all chains when None) and report each; never raises on a bad chain."""
    started = time.perf_counter()
    result = VerifyResult(missing_triggers=triggers.missing(connection))
    for key in all_chain_keys() if keys is None else keys:
        result.chains.append(verify_chain(key, chunk_size=chunk_size))
    result.seconds = time.perf_counter() - started
    return result
