"""State changes of help requests and borrowings; each is one transaction with one audit event.

Its own small workflow (not the generic approval mechanism), with the same rules: the row is locked before
its state is checked, nobody decides their own request, notifications go out after the commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from coordination import integration
from coordination.models import Borrowing, CoordinationSettings, HelpRequest, HelpRequestEvent
from core.text import cn_date
from notify.services import notify_after_commit
from org.models import Position, Section, Staff, Unit

MAX_HEADCOUNT = 20
MAX_DAYS = 366


class CoordinationError(ValidationError):
    """Refused; the message says why in the user's language."""


def _today() -> datetime.date:
    return timezone.localdate()


def _url(request: HelpRequest) -> str:
    return reverse("coordination:detail", args=[request.pk])


def settings_for(unit: Unit) -> CoordinationSettings:
    """The unit's settings (defaults until the business-settings duty holder saves them)."""
    found = CoordinationSettings.objects.filter(unit=unit).first()
    return found or CoordinationSettings(unit=unit)


def meeting_recorders(unit: Unit) -> list[Staff]:
    """Who records the affairs meeting's decision on a request: the executive deputy, the principal leader
    and the head of the office."""
    people = [unit.principal_leader, unit.executive_deputy]
    office = Section.objects.filter(unit=unit, is_office=True).select_related("head__user").first()
    if office is not None:
        people.append(office.head)
    return [p for p in people if p is not None]


def can_decide(staff: Staff, request: HelpRequest) -> bool:
    """Whether `staff` may fill, decline (or escalate) the request now. Never the requester."""
    if staff.unit_id != request.unit_id or staff.pk == request.requested_by_id:
        return False
    if request.status in (HelpRequest.Status.WITH_SUPERVISOR, HelpRequest.Status.WITH_EXECUTIVE):
        return request.assignee_id == staff.pk
    if request.status == HelpRequest.Status.AT_MEETING:
        return any(p.pk == staff.pk for p in meeting_recorders(request.unit))
    return False


def can_escalate(staff: Staff, request: HelpRequest) -> bool:
    return can_decide(staff, request) and request.status in (
        HelpRequest.Status.WITH_SUPERVISOR,
        HelpRequest.Status.WITH_EXECUTIVE,
    )


def pool_sections(staff: Staff, request: HelpRequest):
    """Sections the decider may lend from: the supervising leader's own sections, otherwise the whole unit;
    never the requesting section."""
    qs = Section.objects.filter(unit_id=request.unit_id).exclude(pk=request.section_id)
    if request.status == HelpRequest.Status.WITH_SUPERVISOR:
        qs = qs.filter(supervisor=staff)
    return qs.order_by("order", "id")


def _lock_request(request_id: int) -> HelpRequest:
    request = (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "section", "requested_by__user")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise CoordinationError(_("This help request cannot be found."))
    return request


def _event(request: HelpRequest, actor: Staff | None, action: str, text: str = "") -> None:
    HelpRequestEvent.objects.create(help_request=request, actor=actor, action=action, text=text[:2000])


def _check_period(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise CoordinationError({"ends_on": _("The end date cannot be before the start date.")})
    if ends_on < _today():
        raise CoordinationError({"ends_on": _("The period has already ended; ask for a period from today on.")})
    if (ends_on - starts_on).days + 1 > MAX_DAYS:
        raise CoordinationError({"ends_on": _("A help request covers at most one year.")})


def _escalation(
    *, actor: Staff, request: HelpRequest, to_meeting: bool = False
) -> tuple[str, Staff | None, int | None]:
    """Where a request goes when the supervising leader cannot fill it: the unit's deciding body. The
    executive deputy never receives a request they escalate or made themselves: it goes to the meeting."""
    unit = request.unit
    executive = unit.executive_deputy
    wants_executive = settings_for(unit).deciding_body == CoordinationSettings.DecidingBody.EXECUTIVE_DEPUTY
    if (
        not to_meeting
        and wants_executive
        and executive is not None
        and executive.pk not in (actor.pk, request.requested_by_id)
        and request.status != HelpRequest.Status.WITH_EXECUTIVE
    ):
        return HelpRequest.Status.WITH_EXECUTIVE, executive, None
    period = f"{cn_date(request.starts_on)}至{cn_date(request.ends_on)}"
    title = f"研究{request.section.name}请求协调人员事宜（{request.headcount}人，{period}）"
    item = integration.agenda_add(actor=actor, unit=unit, title=title[:200], origin=request, presenter=None)
    return HelpRequest.Status.AT_MEETING, None, getattr(item, "pk", None)


def _notify_waiting(request: HelpRequest) -> None:
    text = _("%(section)s asks for %(n)s people (%(start)s to %(end)s); please arrange.") % {
        "section": request.section.name,
        "n": request.headcount,
        "start": cn_date(request.starts_on),
        "end": cn_date(request.ends_on),
    }
    if request.status == HelpRequest.Status.AT_MEETING:
        recipients = [p.user for p in meeting_recorders(request.unit)]
        text = _("%(section)s's help request is on the next affairs meeting's agenda.") % {
            "section": request.section.name
        }
    else:
        recipients = [request.assignee.user] if request.assignee_id else []
    notify_after_commit(recipients=recipients, text=text, url=_url(request))


def help_request_submit(
    *,
    actor: Staff,
    section: Section,
    headcount: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
    skills: str = "",
    work: str = "",
    task_id: int | None = None,
    spans_areas: bool = False,
) -> HelpRequest:
    """A section head asks for people. It goes to the section's supervising leader, or straight to the
    unit's deciding body when it spans leaders' areas (or the section has no other leader to ask)."""
    with transaction.atomic():
        section = Section.objects.select_related("unit", "supervisor__user").filter(pk=section.pk).first()
        if section is None or section.head_id != actor.pk:
            raise CoordinationError(_("Only the head of a section can ask for people for it."))
        if not 1 <= headcount <= MAX_HEADCOUNT:
            raise CoordinationError({"headcount": _("Ask for between 1 and 20 people.")})
        _check_period(starts_on, ends_on)
        if not (work or "").strip() and task_id is None:
            raise CoordinationError({"work": _("Name the task, or say what work the people are needed for.")})
        if task_id is not None and not integration.task_in_unit(task_id, section.unit):
            raise CoordinationError({"task_id": _("This task cannot be found.")})
        if not (reason or "").strip():
            raise CoordinationError({"reason": _("Say why the section cannot manage on its own.")})
        request = HelpRequest(
            unit=section.unit,
            section=section,
            requested_by=actor,
            headcount=headcount,
            skills=skills.strip(),
            work=work.strip(),
            task_id=task_id,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            spans_areas=spans_areas,
        )
        supervisor = section.supervisor
        if spans_areas or supervisor is None or supervisor.pk == actor.pk:
            request.save()
            request.status, request.assignee, request.agenda_item_id = _escalation(actor=actor, request=request)
            request.save(update_fields=["status", "assignee", "agenda_item_id"])
        else:
            request.status, request.assignee = HelpRequest.Status.WITH_SUPERVISOR, supervisor
            request.save()
        _event(request, actor, HelpRequestEvent.Action.SUBMIT, request.reason)
        audit_record(
            actor=actor.user,
            action="coordination.submit",
            target=request,
            unit=request.unit,
            summary=f"{section.name}请求协调{headcount}人，{starts_on}至{ends_on}，{request.get_status_display()}",
            changes={"headcount": headcount, "status": request.status, "spans_areas": spans_areas},
        )
        _notify_waiting(request)
        if spans_areas and supervisor is not None and supervisor.pk != actor.pk:
            notify_after_commit(
                recipients=[supervisor.user],
                text=_("For your information: %(section)s asked for people across leaders' areas; it went to %(to)s.")
                % {"section": section.name, "to": request.get_status_display()},
                url=_url(request),
            )
    return request


def help_request_escalate(*, actor: Staff, request_id: int, reason: str = "") -> HelpRequest:
    """The supervising leader cannot fill it (or it spans areas): to the executive deputy or the affairs
    meeting, as the unit set. The executive deputy may in turn put it before the meeting."""
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.status not in (HelpRequest.Status.WITH_SUPERVISOR, HelpRequest.Status.WITH_EXECUTIVE):
            raise CoordinationError(_("This help request has already been handled."))
        if not can_escalate(actor, request):
            raise CoordinationError(_("This help request is not waiting for you."))
        before = request.status
        request.status, request.assignee, agenda_id = _escalation(
            actor=actor, request=request, to_meeting=before == HelpRequest.Status.WITH_EXECUTIVE
        )
        request.agenda_item_id = agenda_id or request.agenda_item_id
        request.save(update_fields=["status", "assignee", "agenda_item_id"])
        _event(request, actor, HelpRequestEvent.Action.ESCALATE, f"{request.get_status_display()}。{reason}".strip())
        audit_record(
            actor=actor.user,
            action="coordination.escalate",
            target=request,
            unit=request.unit,
            summary=f"{request.section.name}的协调请求：{request.get_status_display()}",
            changes={"before": before, "after": request.status, "reason": reason},
        )
        _notify_waiting(request)
        notify_after_commit(
            recipients=[request.requested_by.user],
            text=_("Your help request was passed on: %(status)s.") % {"status": request.get_status_display()},
            url=_url(request),
        )
    return request


def help_request_fill(*, actor: Staff, request_id: int, staff_ids: list[int], note: str = "") -> list[Borrowing]:
    """The deciding leader lends people: one borrowing each, for the request's period (from today if it has
    begun). Fewer than asked leaves the request partly filled."""
    staff_ids = sorted({int(pk) for pk in staff_ids})
    with transaction.atomic():
        request = _lock_request(request_id)
        if not request.is_open:
            raise CoordinationError(_("This help request has already been handled."))
        if not can_decide(actor, request):
            raise CoordinationError(_("This help request is not waiting for you."))
        if not staff_ids:
            raise CoordinationError({"staff": _("Pick at least one person, or escalate or decline the request.")})
        if len(staff_ids) > request.headcount:
            raise CoordinationError(
                {"staff": _("The section asked for %(n)s people; pick no more than that.") % {"n": request.headcount}}
            )
        today = _today()
        if request.ends_on < today:
            raise CoordinationError(_("The period of this request has ended; it can only be declined."))
        starts_on = max(request.starts_on, today)
        pool = list(pool_sections(actor, request).values_list("pk", flat=True))
        # Lock the people: two requests filled at once cannot lend the same person twice.
        people = list(
            Staff.objects.select_for_update(of=("self",))
            .select_related("user", "section__head__user")
            .filter(pk__in=staff_ids, unit_id=request.unit_id, section_id__in=pool, position__lt=Position.DEPUTY)
            .order_by("pk")
        )
        if len(people) != len(staff_ids):
            raise CoordinationError({"staff": _("You can only lend people from the sections you may draw on.")})
        busy = (
            Borrowing.objects.overlapping(starts_on, request.ends_on)
            .filter(staff_id__in=staff_ids)
            .select_related("staff__user", "to_section")
        )
        clash = busy.first()
        if clash is not None:
            raise CoordinationError(
                {
                    "staff": _("%(name)s is already lent to %(section)s until %(end)s.")
                    % {"name": clash.staff.name, "section": clash.to_section.name, "end": cn_date(clash.last_day)}
                }
            )
        borrowings = Borrowing.objects.bulk_create(
            [
                Borrowing(
                    unit_id=request.unit_id,
                    help_request=request,
                    staff=person,
                    from_section_id=person.section_id,
                    to_section_id=request.section_id,
                    starts_on=starts_on,
                    ends_on=request.ends_on,
                    decided_by=actor,
                )
                for person in people
            ]
        )
        before = request.status
        request.status = (
            HelpRequest.Status.FILLED if len(people) >= request.headcount else HelpRequest.Status.PARTLY_FILLED
        )
        request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
        request.assignee = None
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "assignee"])
        names = "、".join(f"{p.name}（{p.section.name}）" for p in people)
        _event(request, actor, HelpRequestEvent.Action.FILL, f"{names}。{note}".strip())
        audit_record(
            actor=actor.user,
            action="coordination.fill",
            target=request,
            unit=request.unit,
            summary=f"为{request.section.name}协调{len(people)}人：{names}，{starts_on}至{request.ends_on}",
            changes={"before": before, "after": request.status, "staff": staff_ids},
        )
        period = {"start": cn_date(starts_on), "end": cn_date(request.ends_on)}
        for person in people:
            notify_after_commit(
                recipients=[person.user],
                text=_("You are lent to %(to)s from %(start)s to %(end)s (arranged by %(leader)s).")
                % {"to": request.section.name, "leader": actor.name, **period},
                url=_url(request),
            )
        heads = {request.requested_by.user, *(p.section.head.user for p in people if p.section.head_id)}
        if request.section.head_id:
            heads.add(request.section.head.user)
        supervisor = request.section.supervisor
        notify_after_commit(
            recipients=[*heads, actor.user, supervisor.user if supervisor else None],
            text=_("%(names)s lent to %(to)s from %(start)s to %(end)s (arranged by %(leader)s).")
            % {"names": names, "to": request.section.name, "leader": actor.name, **period},
            url=_url(request),
        )
    return borrowings


def help_request_decline(*, actor: Staff, request_id: int, reason: str) -> HelpRequest:
    with transaction.atomic():
        request = _lock_request(request_id)
        if not request.is_open:
            raise CoordinationError(_("This help request has already been handled."))
        if not can_decide(actor, request):
            raise CoordinationError(_("This help request is not waiting for you."))
        if not reason.strip():
            raise CoordinationError({"reason": _("Say why the request is declined.")})
        before = request.status
        request.status = HelpRequest.Status.DECLINED
        request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), reason.strip()
        request.assignee = None
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "assignee"])
        _event(request, actor, HelpRequestEvent.Action.DECLINE, reason.strip())
        audit_record(
            actor=actor.user,
            action="coordination.decline",
            target=request,
            unit=request.unit,
            summary=f"未同意{request.section.name}的协调请求：{reason.strip()[:100]}",
            changes={"before": before, "reason": reason.strip()},
        )
        notify_after_commit(
            recipients=[request.requested_by.user],
            text=_("%(leader)s declined your help request: %(reason)s") % {"leader": actor.name, "reason": reason},
            url=_url(request),
        )
    return request


def help_request_withdraw(*, actor: Staff, request_id: int) -> HelpRequest:
    with transaction.atomic():
        request = _lock_request(request_id)
        if actor.pk not in (request.requested_by_id, request.section.head_id):
            raise CoordinationError(_("Only the requesting section head can withdraw this request."))
        if not request.is_open:
            raise CoordinationError(_("This help request has already been handled and cannot be withdrawn."))
        waiting = request.assignee
        before = request.status
        request.status, request.assignee = HelpRequest.Status.WITHDRAWN, None
        request.save(update_fields=["status", "assignee"])
        _event(request, actor, HelpRequestEvent.Action.WITHDRAW)
        audit_record(
            actor=actor.user,
            action="coordination.withdraw",
            target=request,
            unit=request.unit,
            summary=f"撤回{request.section.name}的协调请求",
            changes={"before": before},
        )
        recipients = [waiting.user] if waiting else [p.user for p in meeting_recorders(request.unit)]
        notify_after_commit(
            recipients=recipients,
            text=_("%(section)s withdrew its help request.") % {"section": request.section.name},
            url=_url(request),
        )
    return request


def can_end_early(staff: Staff, borrowing: Borrowing) -> bool:
    if staff.unit_id != borrowing.unit_id:
        return False
    unit = borrowing.unit
    return staff.pk in (borrowing.decided_by_id, unit.executive_deputy_id, unit.principal_leader_id)


def borrowing_end_early(*, actor: Staff, borrowing_id: int, reason: str = "") -> Borrowing:
    """The deciding leader sends the person back before the period ends: from today they are not lent."""
    with transaction.atomic():
        borrowing = (
            Borrowing.objects.select_for_update(of=("self",))
            .select_related("unit", "staff__user", "from_section__head__user", "to_section__head__user")
            .filter(pk=borrowing_id)
            .first()
        )
        if borrowing is None or not can_end_early(actor, borrowing):
            raise CoordinationError(_("This borrowing cannot be found."))
        today = _today()
        if borrowing.ended_on is not None or borrowing.ends_on < today:
            raise CoordinationError(_("This borrowing has already ended."))
        borrowing.ended_on, borrowing.ended_by = today, actor
        borrowing.end_notified_on = today
        borrowing.save(update_fields=["ended_on", "ended_by", "end_notified_on"])
        request = borrowing.help_request
        _event(
            request,
            actor,
            HelpRequestEvent.Action.END_EARLY,
            f"{borrowing.staff.name}于{cn_date(today)}回{borrowing.from_section.name}。{reason}".strip(),
        )
        remaining = Borrowing.objects.filter(help_request=request, ended_on__isnull=True, ends_on__gte=today)
        if request.status in HelpRequest.DECIDED and not remaining.exists():
            request.status = HelpRequest.Status.CLOSED
            request.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="coordination.end_early",
            target=borrowing,
            unit=borrowing.unit,
            summary=f"提前结束借调：{borrowing.staff.name}（{borrowing.from_section.name}→{borrowing.to_section.name}）",
            changes={"ends_on": borrowing.ends_on, "ended_on": today, "reason": reason},
        )
        heads = [s.head.user for s in (borrowing.from_section, borrowing.to_section) if s.head_id]
        notify_after_commit(
            recipients=[borrowing.staff.user, *heads],
            text=_("%(name)s's lending to %(to)s ended early on %(day)s; back in %(from)s.")
            % {
                "name": borrowing.staff.name,
                "to": borrowing.to_section.name,
                "from": borrowing.from_section.name,
                "day": cn_date(today),
            },
            url=_url(request),
        )
    return borrowing


def borrowings_notify_ending(*, today: datetime.date | None = None) -> int:
    """Daily job: on a borrowing's last day tell the person and both section heads it ends (once); close
    decided requests whose period is over. Idempotent: running it twice sends nothing twice."""
    today = today or _today()
    ids = list(
        Borrowing.objects.filter(ends_on__lte=today, ended_on__isnull=True, end_notified_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for borrowing_id in ids:
        with transaction.atomic():
            borrowing = (
                Borrowing.objects.select_for_update(of=("self",))
                .select_related("unit", "staff__user", "from_section__head__user", "to_section__head__user")
                .get(pk=borrowing_id)
            )
            if borrowing.end_notified_on is not None or borrowing.ended_on is not None:
                continue
            borrowing.end_notified_on = today
            borrowing.save(update_fields=["end_notified_on"])
            audit_record(
                actor=None,
                action="coordination.borrowing_ends",
                target=borrowing,
                unit=borrowing.unit,
                summary=f"借调期满：{borrowing.staff.name}（{borrowing.from_section.name}→{borrowing.to_section.name}），"
                f"至{borrowing.ends_on}",
                changes={"ends_on": borrowing.ends_on},
            )
            heads = [s.head.user for s in (borrowing.from_section, borrowing.to_section) if s.head_id]
            notify_after_commit(
                recipients=[borrowing.staff.user, *heads],
                text=_("%(name)s's lending to %(to)s ends on %(day)s; back in %(from)s after that.")
                % {
                    "name": borrowing.staff.name,
                    "to": borrowing.to_section.name,
                    "from": borrowing.from_section.name,
                    "day": cn_date(borrowing.ends_on),
                },
                url=reverse("coordination:detail", args=[borrowing.help_request_id]),
            )
            done += 1
    ended = HelpRequest.objects.filter(status__in=HelpRequest.DECIDED, ends_on__lt=today)
    for request_id in list(ended.values_list("pk", flat=True)):
        with transaction.atomic():
            request = _lock_request(request_id)
            if request.status not in HelpRequest.DECIDED:
                continue
            request.status = HelpRequest.Status.CLOSED
            request.save(update_fields=["status"])
            _event(request, None, HelpRequestEvent.Action.CLOSE)
            audit_record(
                actor=None,
                action="coordination.close",
                target=request,
                unit=request.unit,
                summary=f"{request.section.name}的协调请求期满关闭",
            )
    return done


def coordination_settings_update(*, actor: Staff, deciding_body: str) -> CoordinationSettings:
    """The business-settings duty holder chooses who decides what the supervising leader cannot fill."""
    if deciding_body not in CoordinationSettings.DecidingBody.values:
        raise CoordinationError({"deciding_body": _("Choose the executive deputy or the affairs meeting.")})
    with transaction.atomic():
        settings, _created = CoordinationSettings.objects.select_for_update().get_or_create(unit=actor.unit)
        before = settings.deciding_body
        settings.deciding_body = deciding_body
        settings.save(update_fields=["deciding_body", "updated_at"])
        audit_record(
            actor=actor.user,
            action="coordination.settings",
            target=settings,
            unit=actor.unit,
            summary=f"统筹力量设置：分管领导无法协调时由{settings.get_deciding_body_display()}决定",
            changes={"before": before, "after": deciding_body},
        )
    return settings
