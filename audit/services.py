"""Writing to the audit log. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from audit.context import client_ip
from audit.models import AuditChain, AuditEvent
from core.crypto import sm3_hex

GENESIS = "0" * 64


def chain_key_for(unit_id: int | None) -> str:
    return f"unit:{unit_id}" if unit_id else "system"


def canonical(event: AuditEvent) -> bytes:
    """The bytes hashed for one row: every stored fact except the hashes themselves."""
    data = {
        "chain": event.chain_key,
        "seq": event.seq,
        "at": event.created_at.astimezone(timezone.UTC).isoformat(timespec="microseconds"),
        "unit": event.unit_id,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "for": event.on_behalf_of_name,
        "action": event.action,
        "outcome": event.outcome,
        "type": event.object_type,
        "id": event.object_id,
        "repr": event.object_repr,
        "summary": event.summary,
        "changes": event.changes,
        "ip": event.ip,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return sm3_hex(prev_hash.encode() + canonical(event))


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    unit=None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    on_behalf_of=None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the unit's chain. Call inside the service's transaction.

    `actor` is a User (or None for the system); `on_behalf_of` the person whose
    authority was used (代). `unit` defaults to the actor's unit.
    """
    if unit is None and actor is not None:
        staff = getattr(actor, "staff", None)
        unit = staff.unit if staff is not None else None
    unit_id = unit.pk if unit is not None else None
    key = chain_key_for(unit_id)
    with transaction.atomic():
        AuditChain.objects.get_or_create(chain_key=key)
        head = AuditChain.objects.select_for_update().get(chain_key=key)
        event = AuditEvent(
            chain_key=key,
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            unit_id=unit_id,
            actor=actor,
            actor_name=str(actor) if actor is not None else "系统",
            on_behalf_of_name=str(on_behalf_of) if on_behalf_of is not None else "",
            action=action,
            outcome=outcome,
            object_type=target._meta.label_lower if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            object_repr=str(target)[:200] if target is not None else "",
            summary=summary[:500],
            # Round-trip through JSON now so the hashed value equals what is read back.
            changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False)),
            ip=ip if ip is not None else client_ip.get(),
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(head.last_hash, event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event
