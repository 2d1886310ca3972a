"""Entry points of the worker processes `audit.verify` spawns.

Importable before Django is set up (a spawned process unpickles its
initializer first), and never raising from the initializer: multiprocessing
restarts a worker whose initializer fails, forever. A failed setup is
reported by the first task instead, and the caller walks in-process.
"""

from __future__ import annotations

_setup_error: BaseException | None = None


def init(alias: str, database_name: str) -> None:
    global _setup_error
    try:
        import django

        django.setup()
        from django.db import connections

        # The caller's database, which under a test runner is not the settings' name.
        connections[alias].settings_dict["NAME"] = database_name
    except BaseException as exc:  # noqa: BLE001 - reported by run_segment
        _setup_error = exc


def run_segment(task: tuple):
    """Walk one segment, given as plain values (unpickling those needs no Django)."""
    if _setup_error is not None:
        raise RuntimeError(f"audit verify worker could not set up Django: {_setup_error!r}")
    from audit.verify import Segment, walk_segment

    return walk_segment(Segment(*task))
