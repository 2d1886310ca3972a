"""Scheduled jobs (Huey): embedded, the worker started by run.sh runs them; in production, Redis-backed workers."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/30"))
def remind_stale_approvals() -> int:
    from approvals.services import approval_remind_stale

    return approval_remind_stale()
