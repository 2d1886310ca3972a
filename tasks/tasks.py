"""Scheduled jobs (Huey): embedded, the worker started by run.sh runs them; in production, Redis-backed workers.

Huey reads crontab hours in UTC (its `utc=True` default); the comments give Beijing time.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="0", minute="40"))
def supervise_tasks() -> dict:
    """08:40 Beijing: escalate long-overdue tasks, record missed progress reports, remind of sign-for."""
    from tasks.services import task_supervision_sweep

    return task_supervision_sweep()
