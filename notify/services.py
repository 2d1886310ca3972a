"""Notifications are sent after the surrounding transaction commits, never before."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from notify.models import Notification


def notify_after_commit(*, recipients: Iterable, text: str, url: str = "") -> None:
    """Queue an in-app notification to each user (deduplicated) once the transaction commits."""
    user_ids = sorted({user.pk for user in recipients if user is not None})

    def send() -> None:
        Notification.objects.bulk_create(
            [Notification(recipient_id=user_id, text=text[:300], url=url) for user_id in user_ids]
        )

    if user_ids:
        transaction.on_commit(send)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or all) of a user's notifications read. Reading is not audited: it changes no business state."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
