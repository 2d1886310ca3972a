"""Scheduled jobs (Huey). Huey reads crontab hours in UTC; the comments give Beijing time."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="0", minute="40"))
def notify_borrowings_ending() -> int:
    """08:40 Beijing: borrowings whose last day is today are announced to the person and both section heads;
    decided help requests whose period is over are closed. Idempotent."""
    from coordination.services import borrowings_notify_ending

    return borrowings_notify_ending()
