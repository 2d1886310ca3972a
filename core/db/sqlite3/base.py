"""Django's SQLite backend, with writers queued by the operating system instead of SQLite's busy handler.

SQLite lets one transaction write at a time; our transactions begin IMMEDIATE, so each takes that
lock at BEGIN. A writer that finds it taken sleeps in SQLite's busy handler — 1, 2, 5, 10, 15, 20,
25 … 100 ms between retries — and misses every moment the lock was free in between. At 9:00, with a
unit punching at once, the bench measured a mean wait of 9.8 ms (p99 130 ms) for a lock held
about 1.6 ms: more time asleep than working, with the CPU partly idle.

Here every write transaction first takes an exclusive `flock` on a file beside the database
(`<database>-writer.lock`): the kernel wakes the next writer the moment the previous one commits, in
any process of the server. Within one process a thread lock comes first, so only one thread per
process waits on the file and a thread can never wait on a lock its own process holds. The thread
lock is given up after the busy timeout; the transaction then falls back to SQLite's own waiting.

Nothing else changes: the same transactions take the same SQLite lock as before, only the waiting
is different. In-memory databases (the test suite) have no file and no other process: no queue.

Its cursors also remember how each statement's "%s" placeholders read in SQLite's "?" style: Django
converts them with a regular expression on every execution, a tenth of the cost of a small query.
"""

from __future__ import annotations

import fcntl
import os
import threading

from django.db.backends.sqlite3 import base

_WAIT_SECONDS = 10.0  # as PRAGMA busy_timeout in the settings


class _WriterQueue:
    """One per database file and process: a thread lock, then an exclusive flock on the lock file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.thread_lock = threading.Lock()
        self.pid = -1
        self.fd = -1

    def _file(self) -> int:
        # A forked worker must not share its parent's open file: flock locks belong to it.
        if self.pid != os.getpid():
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self.pid = os.getpid()
        return self.fd

    def acquire(self) -> bool:
        if not self.thread_lock.acquire(timeout=_WAIT_SECONDS):
            return False
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self.thread_lock.release()
            raise
        return True

    def release(self) -> None:
        try:
            fcntl.flock(self._file(), fcntl.LOCK_UN)
        finally:
            self.thread_lock.release()


_CONVERTED_MAX = 2048  # statements per process; the ORM's statement texts are few (parameters are apart)
_converted: dict[str, str] = {}


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is not None:
            return super().convert_query(query, param_names=param_names)
        converted = _converted.get(query)
        if converted is None:
            converted = super().convert_query(query)
            if len(_converted) >= _CONVERTED_MAX:
                _converted.clear()
            _converted[query] = converted
        return converted


_queues: dict[str, _WriterQueue] = {}
_queues_lock = threading.Lock()


def writer_queue(database: str) -> _WriterQueue:
    path = os.path.abspath(database) + "-writer.lock"
    with _queues_lock:
        queue = _queues.get(path)
        if queue is None:
            queue = _queues[path] = _WriterQueue(path)
    return queue


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_held: _WriterQueue | None = None

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)

    def _writer_queue(self) -> _WriterQueue | None:
        if self.is_in_memory_db():
            return None
        return writer_queue(str(self.settings_dict["NAME"]))

    def _start_transaction_under_autocommit(self):
        queue = self._writer_queue()
        if queue is not None and queue.acquire():
            self._queue_held = queue
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _leave_queue(self) -> None:
        queue, self._queue_held = self._queue_held, None
        if queue is not None:
            queue.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_queue()
