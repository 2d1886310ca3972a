"""State changes of quarterly reports, meetings, agenda items and decisions.

Each is one transaction with exactly one audit event; notifications go out after commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Approval
from approvals.registry import set_status
from approvals.services import ApprovalError, approval_open, approval_reopen
from audit.services import audit_record
from notify.services import notify_after_commit
from org.absence import away_reasons
from org.models import Section, Staff, Unit
from reports import integration
from reports.access import MEETING_DUTY, can_file_report, can_keep_meetings
from reports.facts import quarter_facts
from reports.models import (
    AgendaItem,
    Attendee,
    Decision,
    Meeting,
    PlanItem,
    QuarterlyReport,
    quarter_bounds,
    quarter_of,
)

KIND = "quarterly_report"
MAX_PLAN_ITEMS = 30


@dataclass
class PlanItemData:
    title: str
    lead_section: Section
    deadline: datetime.date
    responsible: Staff | None = None


# ---------------------------------------------------------------------------
# Quarterly reports


def _lock_report(report_id: int) -> tuple[QuarterlyReport, Approval | None]:
    """Lock the report's approval (if any) first, then the report: the order approval_decide uses."""
    approval = (
        Approval.objects.select_for_update()
        .filter(target_type=QuarterlyReport._meta.label_lower, target_id=report_id)
        .first()
    )
    report = QuarterlyReport.objects.select_for_update().select_related("section", "unit").filter(pk=report_id).first()
    if report is None:
        raise ValidationError(_("This quarterly report cannot be found."))
    return report, approval


def _check_filer(actor: Staff, report: QuarterlyReport) -> None:
    if not can_file_report(actor, report.section):
        raise ValidationError(_("Only the head of the section files and edits its quarterly report."))


def _check_editable(report: QuarterlyReport) -> None:
    if not report.is_editable:
        raise ValidationError(_("This report has been submitted; it can only be changed after it is returned."))


def report_create(*, actor: Staff, section: Section, year: int, quarter: int) -> QuarterlyReport:
    """Start a section's report for a quarter, with the quarter's facts prefilled."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a quarter from 1 to 4."))
    if not can_file_report(actor, section):
        raise ValidationError(_("Only the head of the section files and edits its quarterly report."))
    if (year, quarter) > quarter_of(timezone.localdate()):
        raise ValidationError(_("A report can only be filed for the current or a past quarter."))
    with transaction.atomic():
        Section.objects.select_for_update().filter(pk=section.pk).first()
        if QuarterlyReport.objects.filter(section=section, year=year, quarter=quarter).exists():
            raise ValidationError(_("The section's report for this quarter already exists."))
        now = timezone.now()
        report = QuarterlyReport.objects.create(
            unit=section.unit,
            section=section,
            year=year,
            quarter=quarter,
            author=actor,
            facts=quarter_facts(section, year, quarter, now=now),
            facts_at=now,
        )
        audit_record(
            actor=actor.user,
            action="reports.report_create",
            target=report,
            unit=section.unit,
            summary=f"新建季度汇报：{report}",
            changes={"year": year, "quarter": quarter},
        )
    return report


def _clean_plan_items(report: QuarterlyReport, items: list[PlanItemData]) -> list[PlanItemData]:
    if len(items) > MAX_PLAN_ITEMS:
        raise ValidationError(_("A plan has at most %(n)s items.") % {"n": MAX_PLAN_ITEMS})
    _start, end = report.period
    cleaned = []
    for number, item in enumerate(items, start=1):
        title = (item.title or "").strip()
        if not title:
            raise ValidationError(_("Plan item %(n)s has no title.") % {"n": number})
        if item.lead_section.unit_id != report.unit_id:
            raise ValidationError(_("Plan item %(n)s: choose a lead section of this unit.") % {"n": number})
        if item.deadline <= end:
            raise ValidationError(
                _("Plan item %(n)s: the deadline must fall after the end of the reported quarter.") % {"n": number}
            )
        if item.responsible is not None and item.responsible.unit_id != report.unit_id:
            raise ValidationError(_("Plan item %(n)s: the responsible person must be in this unit.") % {"n": number})
        cleaned.append(PlanItemData(title[:200], item.lead_section, item.deadline, item.responsible))
    return cleaned


def report_save(
    *,
    actor: Staff,
    report_id: int,
    done_text: str,
    problems_text: str,
    next_steps_text: str,
    plan_items: list[PlanItemData],
) -> QuarterlyReport:
    """Save the narrative and replace the plan items of a draft (or returned) report."""
    with transaction.atomic():
        report, _approval = _lock_report(report_id)
        _check_filer(actor, report)
        _check_editable(report)
        items = _clean_plan_items(report, plan_items)
        report.done_text = (done_text or "").strip()
        report.problems_text = (problems_text or "").strip()
        report.next_steps_text = (next_steps_text or "").strip()
        report.save(update_fields=["done_text", "problems_text", "next_steps_text"])
        report.plan_items.all().delete()
        PlanItem.objects.bulk_create(
            [
                PlanItem(
                    report=report,
                    title=item.title,
                    lead_section=item.lead_section,
                    deadline=item.deadline,
                    responsible=item.responsible,
                    order=order,
                )
                for order, item in enumerate(items, start=1)
            ]
        )
        audit_record(
            actor=actor.user,
            action="reports.report_save",
            target=report,
            unit=report.unit,
            summary=f"保存季度汇报：{report}（工作打算 {len(items)} 项）",
            changes={"plan_items": [item.title for item in items]},
        )
    return report


def report_refresh_facts(*, actor: Staff, report_id: int) -> QuarterlyReport:
    with transaction.atomic():
        report, _approval = _lock_report(report_id)
        _check_filer(actor, report)
        _check_editable(report)
        now = timezone.now()
        report.facts = quarter_facts(report.section, report.year, report.quarter, now=now)
        report.facts_at = now
        report.save(update_fields=["facts", "facts_at"])
        audit_record(
            actor=actor.user,
            action="reports.facts_refresh",
            target=report,
            unit=report.unit,
            summary=f"刷新季度汇报数据：{report}",
        )
    return report


def report_submit(*, actor: Staff, report_id: int) -> QuarterlyReport:
    """Freeze the facts and send the report to the supervising leader (a returned one goes back to its step)."""
    with transaction.atomic():
        report, approval = _lock_report(report_id)
        _check_filer(actor, report)
        _check_editable(report)
        if not report.done_text.strip():
            raise ValidationError(_("Describe the work done in the quarter before submitting."))
        today = timezone.localdate()
        for item in report.plan_items.all():
            if item.deadline < today:
                raise ValidationError(
                    _("The deadline of plan item “%(title)s” has passed; change it before submitting.")
                    % {"title": item.title}
                )
        now = timezone.now()
        report.facts = quarter_facts(report.section, report.year, report.quarter, now=now)
        report.facts_at = now
        was = report.status
        report.status = QuarterlyReport.Status.PENDING
        report.submitted_at = now
        report.save(update_fields=["facts", "facts_at", "status", "submitted_at"])
        try:
            if approval is not None:
                approval_reopen(approval=approval, applicant=actor)
            else:
                approval_open(applicant=actor, kind=KIND, target=report, title=str(report))
        except ApprovalError as exc:
            raise ValidationError(str(exc))
        audit_record(
            actor=actor.user,
            action="reports.report_submit",
            target=report,
            unit=report.unit,
            summary=f"提交季度汇报：{report}",
            changes={"from": was, "plan_items": report.plan_items.count()},
        )
    return report


def _plan_item_description(item: PlanItem, report: QuarterlyReport) -> str:
    return f"来自{report}的第{report.plan_year_quarter[1]}季度工作打算。"


# Callbacks from the approval mechanism, inside its deciding transaction (it writes the audit event).
def on_approved(report: QuarterlyReport, approval, actor: Staff) -> None:
    report.status = QuarterlyReport.Status.APPROVED
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "decided_at"])
    if not integration.tasks_available():
        return
    items = report.plan_items.select_related("lead_section", "responsible").order_by("order", "id")
    for item in items:
        try:
            integration.task_create(
                actor=actor,
                title=item.title,
                source="PLAN_ITEM",
                lead_section=item.lead_section,
                deadline=item.deadline,
                description=_plan_item_description(item, report),
                responsible=[item.responsible] if item.responsible else [],
                origin=item,
            )
        except ValidationError as exc:
            # Refuse the whole decision: nothing is approved unless every plan item becomes a task.
            raise ApprovalError(
                _("Plan item “%(title)s” cannot become a task: %(why)s")
                % {"title": item.title, "why": " ".join(exc.messages)}
            )


def on_rejected(report: QuarterlyReport, approval, actor) -> None:
    report.status = QuarterlyReport.Status.REJECTED
    report.decided_at = timezone.now()
    report.save(update_fields=["status", "decided_at"])


on_returned = set_status(QuarterlyReport.Status.RETURNED)


# ---------------------------------------------------------------------------
# Meetings


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _meeting_keepers(unit: Unit) -> list:
    """Who hears about new agenda items: the office (meeting duty holders and the office head)."""
    from accounts.models import User

    return list(
        User.objects.filter(
            Q(duty_grants__duty=MEETING_DUTY, staff__unit=unit) | Q(staff__pk__in=_office_head_ids(unit)),
            is_active=True,
        ).distinct()
    )


def _office_head_ids(unit: Unit) -> list[int]:
    return list(Section.objects.filter(unit=unit, is_office=True, head__isnull=False).values_list("head_id", flat=True))


def _check_keeper(actor: Staff, unit_id: int) -> None:
    if actor.unit_id != unit_id or not can_keep_meetings(actor):
        raise ValidationError(_("Only the office and the unit's leaders keep meetings."))


def _lock_meeting(actor: Staff, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError(_("This meeting cannot be found."))
    _check_keeper(actor, meeting.unit_id)
    return meeting


def default_attendees(unit: Unit, kind: str):
    qs = Staff.objects.filter(unit=unit, user__is_active=True)
    if kind == Meeting.Kind.AFFAIRS:
        qs = qs.filter(is_affairs_member=True)
    return qs.order_by("-position", "order", "id")


def _clean_meeting(kind: str, title: str, place: str) -> tuple[str, str]:
    if kind not in Meeting.Kind.values:
        raise ValidationError(_("Choose the kind of meeting."))
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the meeting a title."))
    return title[:200], (place or "").strip()[:100]


def meeting_create(*, actor: Staff, kind: str, title: str, starts_at: datetime.datetime, place: str = "") -> Meeting:
    """Plan a meeting with its default attendees; an affairs meeting takes up the agenda items waiting for one."""
    _check_keeper(actor, actor.unit_id)
    title, place = _clean_meeting(kind, title, place)
    unit = actor.unit
    with transaction.atomic():
        meeting = Meeting.objects.create(
            unit=unit, kind=kind, title=title, starts_at=starts_at, place=place, created_by=actor
        )
        people = list(default_attendees(unit, kind).select_related("user"))
        away = away_reasons([p.pk for p in people], timezone.localdate(starts_at))
        Attendee.objects.bulk_create(
            [
                Attendee(
                    meeting=meeting,
                    staff=person,
                    presence=Attendee.Presence.ON_LEAVE if person.pk in away else Attendee.Presence.EXPECTED,
                    note=away.get(person.pk, "")[:100],
                )
                for person in people
            ]
        )
        picked = 0
        if kind == Meeting.Kind.AFFAIRS and timezone.localdate(starts_at) >= timezone.localdate():
            waiting = list(
                AgendaItem.objects.select_for_update()
                .filter(unit=unit, meeting__isnull=True)
                .order_by("created_at", "id")
            )
            for order, item in enumerate(waiting, start=1):
                item.meeting = meeting
                item.order = order
                item.save(update_fields=["meeting", "order"])
            picked = len(waiting)
        audit_record(
            actor=actor.user,
            action="reports.meeting_create",
            target=meeting,
            unit=unit,
            summary=f"安排会议：{meeting.title}（{timezone.localtime(starts_at):%Y-%m-%d %H:%M}）",
            changes={"kind": kind, "attendees": len(people), "agenda_items_taken_up": picked},
        )
        notify_after_commit(
            recipients=[p.user for p in people],
            text=_("Meeting: %(title)s, %(when)s, %(place)s")
            % {"title": title, "when": f"{timezone.localtime(starts_at):%m月%d日 %H:%M}", "place": place or "—"},
            url=meeting.get_absolute_url(),
        )
    return meeting


def meeting_update(
    *, actor: Staff, meeting_id: int, title: str, starts_at: datetime.datetime, place: str = ""
) -> Meeting:
    with transaction.atomic():
        meeting = _lock_meeting(actor, meeting_id)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("Only a planned meeting can be changed."))
        title, place = _clean_meeting(meeting.kind, title, place)
        before = {"title": meeting.title, "starts_at": meeting.starts_at, "place": meeting.place}
        meeting.title, meeting.starts_at, meeting.place = title, starts_at, place
        meeting.save(update_fields=["title", "starts_at", "place"])
        audit_record(
            actor=actor.user,
            action="reports.meeting_update",
            target=meeting,
            unit=meeting.unit,
            summary=f"修改会议安排：{meeting.title}",
            changes={"before": before, "after": {"title": title, "starts_at": starts_at, "place": place}},
        )
    return meeting


def _origin_fields(origin) -> dict:
    if origin is None:
        return {}
    url = ""
    if hasattr(origin, "get_absolute_url"):
        try:
            url = origin.get_absolute_url()
        except Exception:  # noqa: BLE001 — a link is a convenience; the item stands without it
            url = ""
    return {
        "origin_type": origin._meta.label_lower,
        "origin_id": origin.pk,
        "origin_label": str(origin)[:200],
        "origin_url": url[:300],
    }


def _check_agenda(title: str, kind: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the agenda item a title."))
    if kind not in AgendaItem.Kind.values:
        raise ValidationError(_("Choose the kind of agenda item."))
    return title[:200]


def _next_order(meeting: Meeting | None, unit: Unit) -> int:
    qs = AgendaItem.objects.filter(unit=unit, meeting=meeting)
    return (qs.aggregate(m=Max("order"))["m"] or 0) + 1


def agenda_item_add(
    *, actor: Staff, unit: Unit, title: str, kind: str, origin=None, presenter: Staff | None = None
) -> AgendaItem:
    """Put an item on the unit's next planned affairs meeting (from today on), or on the waiting list when
    none is planned; the next affairs meeting created takes it up. One audit event; the office is notified."""
    from reports.selectors import next_affairs_meeting

    title = _check_agenda(title, kind)
    with transaction.atomic():
        meeting = next_affairs_meeting(unit, timezone.localdate())
        if meeting is not None:
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        item = AgendaItem.objects.create(
            unit=unit,
            meeting=meeting,
            title=title,
            kind=kind,
            presenter=presenter,
            order=_next_order(meeting, unit),
            added_by=actor,
            **_origin_fields(origin),
        )
        where = meeting.title if meeting else "待安排议题"
        audit_record(
            actor=actor.user,
            action="reports.agenda_add",
            target=item,
            unit=unit,
            summary=f"提交部务会议题：{title}（{where}）",
            changes={"kind": kind, "meeting": meeting.pk if meeting else None, "origin": item.origin_label},
        )
        if meeting is not None:
            text = _("New agenda item for %(meeting)s: %(title)s") % {"meeting": meeting.title, "title": title}
            url = meeting.get_absolute_url()
        else:
            text = _("New agenda item waiting for the next affairs meeting: %(title)s") % {"title": title}
            from django.urls import reverse

            url = reverse("reports:meetings")
        notify_after_commit(recipients=_meeting_keepers(unit), text=text, url=url)
    return item


def meeting_agenda_add(
    *, actor: Staff, meeting_id: int, title: str, kind: str, presenter: Staff | None = None, origin=None
) -> AgendaItem:
    title = _check_agenda(title, kind)
    with transaction.atomic():
        meeting = _lock_meeting(actor, meeting_id)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("Agenda items can only be added to a planned meeting."))
        if presenter is not None and presenter.unit_id != meeting.unit_id:
            raise ValidationError(_("The presenter must be in this unit."))
        item = AgendaItem.objects.create(
            unit=meeting.unit,
            meeting=meeting,
            title=title,
            kind=kind,
            presenter=presenter,
            order=_next_order(meeting, meeting.unit),
            added_by=actor,
            **_origin_fields(origin),
        )
        audit_record(
            actor=actor.user,
            action="reports.agenda_add",
            target=item,
            unit=meeting.unit,
            summary=f"增加议题：{title}（{meeting.title}）",
            changes={"kind": kind, "meeting": meeting.pk},
        )
    return item


def agenda_item_remove(*, actor: Staff, item_id: int) -> None:
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").filter(pk=item_id).first()
        if item is None:
            raise ValidationError(_("This agenda item cannot be found."))
        _check_keeper(actor, item.unit_id)
        if item.meeting is not None and item.meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("The meeting has been held; its agenda can no longer change."))
        if item.decisions.exists():
            raise ValidationError(_("Decisions refer to this agenda item; it cannot be removed."))
        audit_record(
            actor=actor.user,
            action="reports.agenda_remove",
            target=item,
            unit=item.unit,
            summary=f"撤下议题：{item.title}",
            changes={"meeting": item.meeting_id},
        )
        item.delete()


def meeting_add_reports(*, actor: Staff, meeting_id: int, year: int, quarter: int) -> int:
    """Put every approved report of the quarter not yet on this meeting's agenda onto it, in section order."""
    with transaction.atomic():
        meeting = _lock_meeting(actor, meeting_id)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(_("Agenda items can only be added to a planned meeting."))
        already = set(
            meeting.agenda_items.filter(origin_type=QuarterlyReport._meta.label_lower).values_list(
                "origin_id", flat=True
            )
        )
        reports = [
            r
            for r in QuarterlyReport.objects.filter(
                unit=meeting.unit, year=year, quarter=quarter, status=QuarterlyReport.Status.APPROVED
            )
            .select_related("section", "author")
            .order_by("section__order", "section_id")
            if r.pk not in already
        ]
        if not reports:
            raise ValidationError(_("No approved report of that quarter is waiting to be put on the agenda."))
        order = _next_order(meeting, meeting.unit)
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    unit=meeting.unit,
                    meeting=meeting,
                    title=str(report),
                    kind=AgendaItem.Kind.QUARTERLY_REPORT,
                    presenter=report.section.head or report.author,
                    order=order + n,
                    added_by=actor,
                    **_origin_fields(report),
                )
                for n, report in enumerate(reports)
            ]
        )
        audit_record(
            actor=actor.user,
            action="reports.agenda_add_reports",
            target=meeting,
            unit=meeting.unit,
            summary=f"将{year}年第{quarter}季度汇报列入议程：{len(reports)} 项",
            changes={"reports": [r.pk for r in reports]},
        )
    return len(reports)


def meeting_record(*, actor: Staff, meeting_id: int, minutes: str, presence: dict[int, tuple[str, str]]) -> Meeting:
    """Record the minutes and who attended; a planned meeting that has begun becomes held."""
    with transaction.atomic():
        meeting = _lock_meeting(actor, meeting_id)
        if meeting.status == Meeting.Status.CLOSED:
            raise ValidationError(_("The minutes have been approved and can no longer change."))
        if meeting.starts_at > timezone.now():
            raise ValidationError(_("The meeting has not begun yet; record it once it has been held."))
        allowed = set(Attendee.Presence.values) - {Attendee.Presence.EXPECTED}
        attendees = list(meeting.attendees.select_for_update())
        changed = 0
        for attendee in attendees:
            if attendee.staff_id not in presence:
                continue
            mark, note = presence[attendee.staff_id]
            if mark not in allowed:
                raise ValidationError(_("Mark each attendee present, absent or on leave."))
            note = (note or "").strip()[:100]
            if (attendee.presence, attendee.note) != (mark, note):
                attendee.presence, attendee.note = mark, note
                attendee.save(update_fields=["presence", "note"])
                changed += 1
        was = meeting.status
        meeting.minutes = (minutes or "").strip()
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["minutes", "status"])
        audit_record(
            actor=actor.user,
            action="reports.meeting_record",
            target=meeting,
            unit=meeting.unit,
            summary=f"记录会议纪要与出席情况：{meeting.title}",
            changes={"from": was, "attendance_changed": changed, "minutes_chars": len(meeting.minutes)},
        )
    return meeting


def meeting_close(*, actor: Staff, meeting_id: int) -> Meeting:
    with transaction.atomic():
        meeting = _lock_meeting(actor, meeting_id)
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError(_("Only a held meeting's minutes can be approved."))
        if not meeting.minutes.strip():
            raise ValidationError(_("Write the minutes before approving them."))
        meeting.status = Meeting.Status.CLOSED
        meeting.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="reports.meeting_close",
            target=meeting,
            unit=meeting.unit,
            summary=f"会议纪要定稿：{meeting.title}",
        )
    return meeting


def decision_add(
    *,
    actor: Staff,
    meeting_id: int,
    text: str,
    lead_section: Section,
    deadline: datetime.date,
    agenda_item_id: int | None = None,
) -> Decision:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write what was decided."))
    with transaction.atomic():
        meeting = _lock_meeting(actor, meeting_id)
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError(_("Decisions are recorded for a held meeting whose minutes are not yet approved."))
        if lead_section.unit_id != meeting.unit_id:
            raise ValidationError(_("Choose a lead section of this unit."))
        if deadline < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        item = None
        if agenda_item_id:
            item = meeting.agenda_items.filter(pk=agenda_item_id).first()
            if item is None:
                raise ValidationError(_("Choose an agenda item of this meeting."))
        decision = Decision.objects.create(
            meeting=meeting, agenda_item=item, text=text, lead_section=lead_section, deadline=deadline, created_by=actor
        )
        audit_record(
            actor=actor.user,
            action="reports.decision_add",
            target=decision,
            unit=meeting.unit,
            summary=f"记录会议决定：{text[:80]}（{meeting.title}）",
            changes={"lead_section": lead_section.name, "deadline": deadline},
        )
    return decision


def decision_make_task(*, actor: Staff, decision_id: int):
    """Turn a decision into a task led by its lead section, in one step; at most once."""
    if not integration.tasks_available():
        raise ValidationError(_("Task supervision is not available yet."))
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update()
            .select_related("meeting", "lead_section")
            .filter(pk=decision_id)
            .first()
        )
        if decision is None:
            raise ValidationError(_("This decision cannot be found."))
        meeting = decision.meeting
        _check_keeper(actor, meeting.unit_id)
        if decision.task_made_at is not None:
            raise ValidationError(_("This decision has already become a task."))
        first_line = decision.text.strip().splitlines()[0]
        title = first_line if len(first_line) <= 100 else first_line[:99] + "…"
        try:
            task = integration.task_create(
                actor=actor,
                title=title,
                source="MEETING_DECISION",
                lead_section=decision.lead_section,
                deadline=decision.deadline,
                description=f"{meeting.title}（{timezone.localtime(meeting.starts_at):%Y年%m月%d日}）决定：\n{decision.text}",
                origin=decision,
            )
        except ValidationError as exc:
            raise ValidationError(_("The decision cannot become a task: %(why)s") % {"why": " ".join(exc.messages)})
        decision.task_made_at = timezone.now()
        decision.save(update_fields=["task_made_at"])
        audit_record(
            actor=actor.user,
            action="reports.decision_task",
            target=decision,
            unit=meeting.unit,
            summary=f"会议决定转为督办任务：{title}",
            changes={"task": getattr(task, "pk", None), "lead_section": decision.lead_section.name},
        )
    return task


def quarter_period_text(year: int, quarter: int) -> str:
    start, end = quarter_bounds(year, quarter)
    return f"{start:%Y年%m月%d日}—{end:%Y年%m月%d日}"
