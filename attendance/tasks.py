"""Scheduled jobs (Huey), run by the worker run.sh starts (Redis-backed workers in production).

Huey reads crontab hours in UTC (its `utc=True` default); the comments give Beijing time.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="23", minute="40"))
def flag_fatigue() -> int:
    """07:40 Beijing, before the working day: people over a fatigue limit are flagged to their leaders."""
    from attendance.services import fatigue_flag_run

    return fatigue_flag_run()
