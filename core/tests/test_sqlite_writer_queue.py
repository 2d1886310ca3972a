"""core.db.sqlite3: write transactions on a SQLite file queue on a lock file, across threads and processes.

The suite's own database is in memory (no queue), so these tests open their own database file with
the project's backend and the project's SQLite options.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

from core.db.sqlite3.base import DatabaseWrapper, writer_queue

pytestmark = pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="the SQLite backend only")


def _wrapper(path: Path, alias: str) -> DatabaseWrapper:
    config = {**settings.DATABASES["default"], "NAME": str(path), "ENGINE": "core.db.sqlite3", "TEST": {}}
    config["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    return DatabaseWrapper(config, alias=alias)


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A database file of its own, outside the suite's database (which pytest-django guards)."""
    with django_db_blocker.unblock():
        yield _create(tmp_path)


def _create(tmp_path):
    path = tmp_path / "queue.sqlite3"
    setup = _wrapper(path, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n INTEGER)")
    setup.close()
    return path


def _transaction(wrapper: DatabaseWrapper, n: int, hold: float = 0.0) -> None:
    with transaction.atomic(using=wrapper.alias):
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO t (n) VALUES (%s)", [n])
        time.sleep(hold)


def _register(path: Path, alias: str) -> DatabaseWrapper:
    """A wrapper known to django.db.connections under `alias` in this thread (atomic() looks it up there)."""
    wrapper = _wrapper(path, alias)
    connections[alias] = wrapper
    return wrapper


def _unregister(alias: str) -> None:
    connections[alias].close()
    del connections[alias]


def test_a_second_writer_waits_for_the_first_in_the_queue_and_the_lock_is_released_on_commit(database):
    queue = writer_queue(str(database))
    order: list[str] = []
    started = threading.Event()

    def hold() -> None:
        first = _register(database, "q1")
        with transaction.atomic(using="q1"):
            with first.cursor() as cursor:
                cursor.execute("INSERT INTO t (n) VALUES (1)")
            started.set()
            time.sleep(0.3)
            order.append("first commits")
        _unregister("q1")

    thread = threading.Thread(target=hold)
    thread.start()
    assert started.wait(5)
    assert queue.thread_lock.locked()  # the first writer holds the queue
    _transaction(_register(database, "q2"), 2)
    order.append("second committed")
    _unregister("q2")
    thread.join()
    assert order == ["first commits", "second committed"]
    assert not queue.thread_lock.locked()
    assert Path(str(database) + "-writer.lock").exists()


def test_a_rolled_back_transaction_leaves_the_queue(database):
    wrapper = _register(database, "q3")
    queue = writer_queue(str(database))
    try:
        with pytest.raises(RuntimeError), transaction.atomic(using="q3"):
            with wrapper.cursor() as cursor:
                cursor.execute("INSERT INTO t (n) VALUES (3)")
            raise RuntimeError("refused")
        assert not queue.thread_lock.locked()
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM t WHERE n = 3")
            assert cursor.fetchone()[0] == 0
    finally:
        _unregister("q3")


def _hold_in_another_process(path: str, ready, release) -> None:
    wrapper = _register(Path(path), "child")
    with transaction.atomic(using="child"):
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO t (n) VALUES (10)")
        ready.set()
        release.wait(10)
    wrapper.close()


def test_writers_of_two_processes_queue_on_the_file(database):
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    child = context.Process(target=_hold_in_another_process, args=(str(database), ready, release))
    child.start()
    done = threading.Event()

    def write() -> None:
        _transaction(_register(database, "q4"), 11)
        _unregister("q4")
        done.set()

    try:
        assert ready.wait(10)
        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(0.3)  # queued behind the other process
        release.set()
        assert done.wait(10)
        writer.join()
    finally:
        release.set()
        child.join(10)
    assert child.exitcode == 0
    reader = _register(database, "q5")
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT n FROM t ORDER BY rowid")
            assert [row[0] for row in cursor.fetchall()] == [10, 11]
    finally:
        _unregister("q5")


def test_an_in_memory_database_has_no_queue():
    assert connections["default"]._writer_queue() is None


def test_the_cursor_converts_each_statement_once_and_as_django_does(db):
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper as DjangoCursor

    from core.db.sqlite3 import base as sqlite_base

    connection = connections["default"]
    statement = "SELECT %s, '%%', %s /* converted once */"
    with connection.cursor() as cursor:
        cursor.execute(statement, [1, 2])
        assert cursor.fetchone() == (1, "%", 2)
    assert (
        sqlite_base._converted[statement]
        == DjangoCursor.convert_query(None, statement)
        == "SELECT ?, '%', ? /* converted once */"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT %(a)s", {"a": 3})  # named parameters: Django's own conversion, not remembered
        assert cursor.fetchone() == (3,)
    assert "SELECT %(a)s" not in sqlite_base._converted
