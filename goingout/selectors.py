from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from goingout.models import GoingOutReport
from org.models import Position, Staff


def away_on(staff_ids: Iterable[int], day: datetime.date) -> dict[int, str]:
    """Absence provider for org.absence: people with an approved going-out report covering `day`."""
    rows = GoingOutReport.objects.filter(
        staff_id__in=list(staff_ids), status=GoingOutReport.Status.APPROVED, starts_on__lte=day, ends_on__gte=day
    ).values_list("staff_id", "destination")
    return {staff_id: f"外出（{destination}）" for staff_id, destination in rows}


def visible_reports(viewer: Staff) -> QuerySet[GoingOutReport]:
    """Reports a leader may see: their own, their sections' (head or 分管), or the whole unit for unit leaders."""
    qs = GoingOutReport.objects.filter(unit=viewer.unit).select_related("staff__user", "staff__section")
    if viewer.position >= Position.EXECUTIVE_DEPUTY:
        return qs
    return qs.filter(Q(staff=viewer) | Q(staff__section__head=viewer) | Q(staff__section__supervisor=viewer)).distinct()


def away_today_in_sections(viewer: Staff, day: datetime.date) -> QuerySet[GoingOutReport]:
    section_filter = Q(staff__section_id=viewer.section_id) if viewer.section_id else Q(pk__in=[])
    if viewer.position >= Position.EXECUTIVE_DEPUTY:
        section_filter = Q()
    elif viewer.position >= Position.DEPUTY:
        section_filter = Q(staff__section__supervisor=viewer)
    return (
        GoingOutReport.objects.filter(
            section_filter,
            unit=viewer.unit,
            status=GoingOutReport.Status.APPROVED,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .select_related("staff__user", "staff__section")
        .order_by("staff__section__order", "staff__order")
    )
