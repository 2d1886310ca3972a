"""Verifying the hash chains: every row's hash, the links between rows, no gaps, and the head.

A chain is intact when, walking it in `seq` order,
- the sequence runs 1, 2, 3, … with no gap (a deleted row leaves one),
- each row's `prev_hash` is the previous row's `hash` (genesis for the first),
- each row's `hash` equals SM3(prev_hash + canonical(row)) recomputed now
  (an edited row fails here),
- and the head (`AuditChain.last_seq` / `last_hash`) points at the last row
  (deleting the tail leaves the head pointing past the end).

The walk streams lean rows (`values_list(..., named=True)` + `.iterator()`),
never model instances, so memory stays flat. Every row is independent once
its stored prev_hash is read, so a long chain is cut into segments walked by
worker processes, and the joins between segments are checked afterwards.
A row costs about 25 µs of CPU (fetch, JSON, SM3), so a million events take
about 16 s on two free cores. Rows appended while the walk runs are fine: the
head is read before the walk and again after it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
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

logger = logging.getLogger(__name__)

CHUNK_SIZE = 5000
# A chain longer than this is split into stretches walked in parallel.
SEGMENT_ROWS = 250_000
# Below this many rows in all, starting worker processes costs more than it saves.
PARALLEL_MIN_ROWS = 200_000
# A pool that has not answered by then is abandoned and the walk done in-process.
WORKER_TIMEOUT_S = 1800


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


# -- walking a stretch of a chain ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """Rows lo..hi (hi None: to the end) of one chain, walked by one process."""

    chain_key: str
    lo: int
    hi: int | None
    head_seq: int
    chunk_size: int = CHUNK_SIZE


@dataclass
class SegmentResult:
    checked: int = 0
    first: tuple[int, int, str] | None = None  # seq, id, prev_hash of the first row: linked by the caller
    last_seq: int = 0
    last_hash: str = ""
    hash_at_head: str | None = None
    problem: Problem | None = None


def _model_for(key: str):
    if key.startswith(ACCESS_PREFIX):
        return AccessLog, ACCESS_HASHED_FIELDS, access_hash
    return AuditEvent, EVENT_HASHED_FIELDS, event_hash


def _rows(segment: Segment, model, fields: tuple[str, ...]) -> Iterator:
    """The segment's rows in seq order: lean named tuples of just the hashed fields, streamed."""
    queryset = model.objects.filter(chain_key=segment.chain_key, seq__gte=segment.lo)
    if segment.hi is not None:
        queryset = queryset.filter(seq__lte=segment.hi)
    return (
        queryset.order_by("seq")
        .values_list("id", "prev_hash", "hash", *fields, named=True)
        .iterator(chunk_size=segment.chunk_size)
    )


def walk_segment(segment: Segment) -> SegmentResult:
    """Check every row of the segment: its hash, and its seq and link to the row before it in the segment.

    The first row's seq and link to the previous segment are left to the caller,
    which sees both sides of the boundary.
    """
    model, fields, recompute = _model_for(segment.chain_key)
    key, head_seq = segment.chain_key, segment.head_seq
    result = SegmentResult()
    rows = _rows(segment, model, fields)
    expected_seq, expected_prev = None, None
    try:
        for row in rows:
            if expected_seq is None:
                result.first = (row.seq, row.id, row.prev_hash)
            elif row.seq != expected_seq:
                result.problem = Problem(key, "gap", row.seq, row.id, expected_seq)
                break
            elif row.prev_hash != expected_prev:
                result.problem = Problem(key, "broken_link", row.seq, row.id)
                break
            if recompute(row.prev_hash, row) != row.hash:
                result.problem = Problem(key, "altered", row.seq, row.id)
                break
            if row.seq == head_seq:
                result.hash_at_head = row.hash
            expected_prev = row.hash
            expected_seq = row.seq + 1
            result.checked += 1
    finally:
        rows.close()
    result.last_seq = (expected_seq or 1) - 1
    result.last_hash = expected_prev or ""
    return result


def _join(key: str, results: Iterable[SegmentResult]) -> tuple[Problem | None, int, int, str | None]:
    """Join the segments of one chain in order: (first problem, rows checked before it, last seq, hash at head)."""
    expected_seq, expected_prev, checked, hash_at_head = 1, GENESIS, 0, None
    for result in results:
        if result.first is None:
            continue  # an empty stretch: the next row, or the head check, tells what is missing
        first_seq, first_id, first_prev = result.first
        if first_seq != expected_seq:
            return Problem(key, "gap", first_seq, first_id, expected_seq), checked, expected_seq - 1, None
        if first_prev != expected_prev:
            return Problem(key, "broken_link", first_seq, first_id), checked, expected_seq - 1, None
        checked += result.checked
        if result.problem is not None:
            return result.problem, checked, expected_seq - 1, None
        hash_at_head = result.hash_at_head or hash_at_head
        expected_seq, expected_prev = result.last_seq + 1, result.last_hash
    return None, checked, expected_seq - 1, hash_at_head


# -- the whole chain -----------------------------------------------------------------------------------------


def _segments(key: str, head_seq: int, rows_per_segment: int, chunk_size: int) -> list[Segment]:
    """Stretches of at most `rows_per_segment` rows up to the head; the last one runs on to the end."""
    segments = []
    lo = 1
    while head_seq - lo + 1 > rows_per_segment:
        segments.append(Segment(key, lo, lo + rows_per_segment - 1, head_seq, chunk_size))
        lo += rows_per_segment
    segments.append(Segment(key, lo, None, head_seq, chunk_size))
    return segments


def verify_chain(key: str, *, chunk_size: int = CHUNK_SIZE, rows_per_segment: int | None = None) -> ChainReport:
    """Walk one chain (an event chain, or an access-log chain by its `access:` prefix) in this process."""
    return _verify_chains([key], jobs=1, chunk_size=chunk_size, rows_per_segment=rows_per_segment)[0]


def _verify_chains(keys: list[str], *, jobs: int, chunk_size: int, rows_per_segment: int | None) -> list[ChainReport]:
    heads = {key: _head(key) for key in keys}
    per_chain = {
        key: _segments(key, (heads[key] or (0, GENESIS))[0], rows_per_segment or SEGMENT_ROWS, chunk_size)
        for key in keys
    }
    work = [segment for key in keys for segment in per_chain[key]]
    results = iter(_run(work, jobs))
    reports = []
    for key in keys:
        model, _fields, _recompute = _model_for(key)
        head_before = heads[key]
        head_seq, head_hash = head_before or (0, GENESIS)
        chain_results = [next(results) for _ in per_chain[key]]
        report = ChainReport(chain_key=key, head_seq=head_seq)
        report.problem, report.checked, last_seq, hash_at_head = _join(key, chain_results)
        if report.problem is None:
            report.problem = _check_head(model, key, head_before, last_seq, hash_at_head, head_hash)
        reports.append(report)
    return reports


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


def verify(
    keys: Iterable[str] | None = None,
    *,
    jobs: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    rows_per_segment: int | None = None,
) -> VerifyResult:
    """Verify the given chains (all chains when None) and report each; never raises on a bad chain.

    Big jobs are spread over `jobs` worker processes (default: one per CPU,
    at most four) when that is safe; see `_run`.
    """
    started = time.perf_counter()
    result = VerifyResult(missing_triggers=triggers.missing(connection))
    keys = all_chain_keys() if keys is None else list(keys)
    jobs = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    result.chains = _verify_chains(keys, jobs=jobs, chunk_size=chunk_size, rows_per_segment=rows_per_segment)
    result.seconds = time.perf_counter() - started
    return result


# -- running segments in worker processes --------------------------------------------------------------------


def _workers_see_our_data() -> bool:
    """Workers open their own connections, so they must see what this connection sees:
    not an in-memory SQLite database, and no uncommitted transaction of ours."""
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def _run(work: list[Segment], jobs: int) -> Iterable[SegmentResult]:
    """Walk the segments, in order; in a pool of worker processes when the job is big enough to pay for it.

    Workers are spawned (not forked): the caller may be a threaded web server,
    and a fresh interpreter inherits no locks or open connections. If the pool
    fails for any reason, the walk is done here instead: slower, never skipped.
    """
    rows = sum({segment.chain_key: segment.head_seq for segment in work}.values())
    if jobs <= 1 or len(work) <= 1 or rows < PARALLEL_MIN_ROWS or not _workers_see_our_data():
        return map(walk_segment, work)
    from audit import workers

    tasks = [(s.chain_key, s.lo, s.hi, s.head_seq, s.chunk_size) for s in work]
    try:
        with multiprocessing.get_context("spawn").Pool(
            processes=min(jobs, len(work)),
            initializer=workers.init,
            initargs=(connection.alias, connection.settings_dict["NAME"]),
        ) as pool:
            return pool.map_async(workers.run_segment, tasks, chunksize=1).get(timeout=WORKER_TIMEOUT_S)
    except Exception:  # noqa: BLE001 - verification must still happen, only slower
        logger.warning("audit verify: worker processes failed, walking in this process", exc_info=True)
        return map(walk_segment, work)
