from __future__ import annotations

import datetime

from django.utils import timezone

from audit.models import AuditEvent
from coordination.services import help_request_submit


def today() -> datetime.date:
    return timezone.localdate()


def ask(head, *, headcount=1, days=5, start=None, section=None, **kw):
    start = start or today()
    kw.setdefault("work", "全县党支部标准化建设检查")
    kw.setdefault("reason", "科内人员不足")
    return help_request_submit(
        actor=head,
        section=section or head.section,
        headcount=headcount,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=days - 1),
        **kw,
    )


def audit_count(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def coordination_events() -> int:
    return AuditEvent.objects.filter(action__startswith="coordination.").count()
