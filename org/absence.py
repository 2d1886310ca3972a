"""Who is away on a day, derived from the domain data itself (going-out reports, leave).

Apps that know about absences register a provider in their AppConfig.ready();
approvals ask here when routing a step, so an approver on leave is replaced by
their delegate or the next level up ("代").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

# A provider takes (staff ids, day) and returns {staff_id: reason label} for those away that day.
AbsenceProvider = Callable[[Iterable[int], datetime.date], dict[int, str]]

_providers: list[AbsenceProvider] = []


def register_absence_provider(provider: AbsenceProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def away_reasons(staff_ids: Iterable[int], day: datetime.date) -> dict[int, str]:
    ids = list(staff_ids)
    found: dict[int, str] = {}
    if not ids:
        return found
    for provider in _providers:
        for staff_id, reason in provider(ids, day).items():
            found.setdefault(staff_id, reason)
    return found


def is_away(staff_id: int, day: datetime.date) -> bool:
    return staff_id in away_reasons([staff_id], day)
