"""Reads of the audit and access logs for the audit administrator's screens."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.labels import action_codes_for
from audit.models import AccessLog, AuditEvent

# Columns the list and the export show; the hashes and the changes stay on the detail page.
EVENT_LIST_FIELDS = (
    "id",
    "created_at",
    "unit_id",
    "actor_name",
    "on_behalf_of_name",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "object_repr",
    "summary",
    "ip",
)
ACCESS_LIST_FIELDS = (
    "id",
    "created_at",
    "unit_id",
    "user_name",
    "kind",
    "object_type",
    "object_id",
    "object_repr",
    "ip",
)


def _day_start(day: datetime.date) -> datetime.datetime:
    # A range on the indexed column, not created_at__date (which cannot use the index).
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _common(queryset: QuerySet, filters: dict, name_field: str) -> QuerySet:
    if person := filters.get("person"):
        queryset = queryset.filter(**{f"{name_field}__icontains": person})
    if object_type := filters.get("object_type"):
        queryset = queryset.filter(object_type=object_type)
    if object_id := filters.get("object_id"):
        queryset = queryset.filter(object_id=object_id)
    if "unit" in filters:
        queryset = queryset.filter(unit_id=filters["unit"])  # None: the system chain
    if date_from := filters.get("date_from"):
        queryset = queryset.filter(created_at__gte=_day_start(date_from))
    if date_to := filters.get("date_to"):
        queryset = queryset.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return queryset


def event_list(filters: dict) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first. `person` matches who acted or on whose behalf."""
    queryset = AuditEvent.objects.only(*EVENT_LIST_FIELDS).order_by("-created_at", "-id")
    if person := filters.get("person"):
        queryset = queryset.filter(Q(actor_name__icontains=person) | Q(on_behalf_of_name__icontains=person))
    if action := filters.get("action"):
        # A code prefix ("approvals") or words of a label ("审批").
        queryset = queryset.filter(Q(action__startswith=action) | Q(action__in=action_codes_for(action)))
    return _common(queryset, {k: v for k, v in filters.items() if k != "person"}, "actor_name")


def access_list(filters: dict) -> QuerySet[AccessLog]:
    queryset = AccessLog.objects.only(*ACCESS_LIST_FIELDS).order_by("-created_at", "-id")
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    return _common(queryset, filters, "user_name")


def event_neighbours(event: AuditEvent) -> dict[str, int | str | None]:
    """The previous row of the event's chain (its hash and id), for the detail page's link check."""
    previous = (
        AuditEvent.objects.filter(chain_key=event.chain_key, seq=event.seq - 1).values_list("id", "hash").first()
        if event.seq > 1
        else None
    )
    return {"previous_id": previous[0] if previous else None, "previous_hash": previous[1] if previous else None}
