"""Changing audit rows behind the application's back, as an intruder with database access would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from audit import triggers


@contextmanager
def behind_the_back() -> Iterator:
    """A raw cursor with the append-only triggers dropped; they are installed again on exit."""
    triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        triggers.install(connection)
