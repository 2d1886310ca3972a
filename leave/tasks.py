"""Scheduled jobs (Huey), run by the worker run.sh starts (Redis-backed workers in production).

Huey reads crontab hours in UTC (its `utc=True` default); the comments give Beijing time.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="16", minute="20"))
def roll_leave_ledgers() -> int:
    """00:20 Beijing: January allocations, anniversary top-ups, carry-over and expiry of carried days."""
    from leave.services import leave_ledger_roll

    return leave_ledger_roll()


@db_periodic_task(crontab(hour="0", minute="30"))
def flag_overdue_report_backs() -> int:
    """08:30 Beijing, the start of the working day: leave whose report-back deadline has passed is flagged."""
    from leave.services import leave_report_back_flag_overdue

    return leave_report_back_flag_overdue()
