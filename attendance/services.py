"""State changes of attendance; each is one transaction with exactly one audit event.

Corrections (补卡, kind "attendance_correction") and overtime (加班, kind "overtime")
are decided through approvals.services.approval_decide, which calls the callbacks
at the bottom of this module inside its own transaction and writes the audit
event; a callback that cannot apply the decision raises ApprovalError and the
decision is rolled back with that message.

Lock order: the approval, then the correction / overtime, then the month sheets —
the order approval_decide uses, so two flows never deadlock.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Duty
from approvals.registry import set_status
from approvals.services import (
    ApprovalError,
    approval_lock_with_target,
    approval_open,
    approval_reopen,
    approval_withdraw,
)
from attendance import derivation as d
from attendance import monthly, selectors
from attendance.models import AttendanceSettings, Correction, DayRecord, FatigueFlag, MonthSheet, Overtime, Punch
from audit.services import audit_event, audit_record
from core.access import has_duty
from core.text import cn_month_day as _md
from core.text import error_text
from core.text import hm as _hm
from notify.services import notify_after_commit
from org.models import Section, Staff, Unit
from worktime.calendar import CalendarMissing, add_workdays, day_kind

KIND_CORRECTION = "attendance_correction"
KIND_OVERTIME = "overtime"
ACTIVE = (Correction.Status.PENDING, Correction.Status.APPROVED, Correction.Status.RETURNED)
WAITING = (Correction.Status.PENDING, Correction.Status.RETURNED)


class AttendanceError(ValidationError):
    """Refused; the message says why in the user's language. A dict names the form field at fault."""


def _today() -> datetime.date:
    return timezone.localdate()


def _month_text(year: int, month: int) -> str:
    return f"{year}年{month}月"


# ---------------------------------------------------------------------------
# Punching


def punch_record(*, actor: Staff, ip: str | None, source: str = Punch.Source.WEB) -> Punch:
    """Record a punch now. Refused outside the unit's allowed networks. Punches are never edited.

    The busiest write of the application (a whole unit within minutes of 9:00), so it reads only the
    allowed networks, never loads the unit (the audit log needs only its id) and writes the punch with
    its audit event through PendingEvent.insert_with: statements built once (core.rows; Punch has no
    save() logic beyond "insert only" and no signals), on PostgreSQL usually a single statement.
    """
    if source not in (Punch.Source.WEB, Punch.Source.PHONE):
        raise AttendanceError(_("Unknown punch source."))
    if not selectors.ip_in_networks(ip, selectors.allowed_networks(actor.unit_id)):
        raise AttendanceError(
            _(
                "Punching is only allowed from the unit's network, and your address %(ip)s is outside it. "
                "Connect to the office network (or its Wi-Fi) and try again; if you are away on business, "
                "ask the office."
            )
            % {"ip": ip or "?"}
        )
    # Everything but the two INSERTs is worked out before the transaction: on SQLite the write lock
    # is held from BEGIN to COMMIT, and at 9:00 every punch of the server queues behind it.
    punch = Punch(unit_id=actor.unit_id, staff=actor, at=timezone.now(), ip=ip, source=source)
    event = audit_event(
        actor=actor.user,
        action="attendance.punch",
        unit=Unit(pk=actor.unit_id),
        summary=f"打卡 {_hm(punch.at)}（{Punch.Source(source).label}）",
        changes={"source": source},
        ip=ip,
    )
    event.insert_with(punch)  # one transaction (on PostgreSQL usually one statement)
    return punch


# ---------------------------------------------------------------------------
# Settings


SETTINGS_FIELDS = (
    "allowed_networks",
    "correction_monthly_limit",
    "correction_deadline_workdays",
    "overtime_mode",
    "overtime_after_workdays",
    "comp_time_hours_per_day",
    "fatigue_week_hours",
    "fatigue_month_hours",
    "fatigue_max_consecutive_days",
)


def attendance_settings_update(*, actor: Staff, values: dict) -> AttendanceSettings:
    """Change the actor's unit's attendance rules (business settings duty). Values come from the checked form."""
    if not has_duty(actor.user, Duty.BUSINESS_SETTINGS):
        raise AttendanceError(_("Only the office staff in charge of business settings can change these rules."))
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=actor.unit_id).first()
        settings = AttendanceSettings.objects.filter(unit_id=actor.unit_id).first()
        created = settings is None
        if created:
            settings = AttendanceSettings(unit_id=actor.unit_id)
        changes = {}
        for name in SETTINGS_FIELDS:
            if name not in values:
                continue
            before, after = getattr(settings, name), values[name]
            if created or before != after:
                changes[name] = {"before": before if not created else None, "after": after}
            setattr(settings, name, after)
        settings.updated_by = actor.user
        transaction.on_commit(selectors.forget_networks)
        if created:
            settings.save()
        else:
            settings.save(update_fields=[*SETTINGS_FIELDS, "updated_by", "updated_at"])
        audit_record(
            actor=actor.user,
            action="attendance.settings_update",
            target=actor.unit,
            unit=actor.unit,
            summary="修改考勤规则：" + ("、".join(changes) if changes else "无变化"),
            changes=changes,
        )
    return settings


# ---------------------------------------------------------------------------
# Corrections (补卡)


def _sheet_state_check(staff: Staff, day: datetime.date) -> None:
    state = selectors.section_state(staff.unit_id, staff.section_id, day.year, day.month)
    if state == MonthSheet.Status.LOCKED:
        raise AttendanceError(
            _("The attendance of %(month)s is locked; punches can no longer be corrected.")
            % {"month": _month_text(day.year, day.month)}
        )
    if state == MonthSheet.Status.CONFIRMED:
        raise AttendanceError(
            _(
                "Your section head has already confirmed the attendance of %(month)s; ask them to reopen the sheet "
                "before correcting a punch."
            )
            % {"month": _month_text(day.year, day.month)}
        )


def _check_correction(
    *, staff: Staff, day: datetime.date, at: datetime.datetime, reason: str, exclude_id: int | None = None
) -> None:
    today = _today()
    if not reason.strip():
        raise AttendanceError({"reason": _("Say why the punch is missing.")})
    if day > today:
        raise AttendanceError({"day": _("A punch can only be corrected for a day that has come.")})
    if timezone.localtime(at).date() != day:
        raise AttendanceError({"time": _("The punch time must be on the day being corrected.")})
    if at > timezone.now():
        raise AttendanceError({"time": _("The punch time cannot be in the future.")})
    try:
        kind = day_kind(day)
        deadline = add_workdays(day, selectors.settings_for(staff.unit_id).correction_deadline_workdays)
    except CalendarMissing as exc:
        raise AttendanceError({"day": str(exc)})
    if kind not in d.WORKDAY_KINDS:
        raise AttendanceError(
            {"day": _("%(day)s is not a working day; there is nothing to correct.") % {"day": _md(day)}}
        )
    settings = selectors.settings_for(staff.unit_id)
    if today > deadline:
        raise AttendanceError(
            {
                "day": _(
                    "A punch must be corrected within %(n)s working days; the deadline for %(day)s was %(deadline)s."
                )
                % {"n": settings.correction_deadline_workdays, "day": _md(day), "deadline": _md(deadline)}
            }
        )
    _sheet_state_check(staff, day)
    used = selectors.corrections_in_month(staff, day.year, day.month, exclude_id=exclude_id)
    if used >= settings.correction_monthly_limit:
        raise AttendanceError(
            _("You have used all %(n)s corrections allowed in %(month)s.")
            % {"n": settings.correction_monthly_limit, "month": _month_text(day.year, day.month)}
        )
    duplicate = Correction.objects.filter(staff=staff, day=day, at=at, status__in=ACTIVE).exclude(pk=exclude_id)
    if duplicate.exists():
        raise AttendanceError({"time": _("You have already asked for a punch at this time.")})


def _correction_title(correction: Correction) -> str:
    return f"补卡：{_md(correction.day)} {_hm(correction.at)}"


def _correction_url(correction: Correction) -> str:
    return reverse("attendance:correction", args=[correction.pk])


def correction_submit(*, actor: Staff, day: datetime.date, time: datetime.time, reason: str) -> Correction:
    """Ask for a missing punch on `day` at `time` (Beijing time); it is added when approved."""
    at = datetime.datetime.combine(day, time, tzinfo=d.SHANGHAI)
    with transaction.atomic():
        # One request at a time per person: two tabs cannot both pass the monthly limit.
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        _check_correction(staff=actor, day=day, at=at, reason=reason)
        correction = Correction.objects.create(
            unit_id=actor.unit_id, staff=actor, day=day, at=at, reason=reason.strip()
        )
        try:
            approval_open(applicant=actor, kind=KIND_CORRECTION, target=correction, title=_correction_title(correction))
        except ApprovalError as exc:
            raise AttendanceError(str(exc))
        audit_record(
            actor=actor.user,
            action="attendance.correction_submit",
            target=correction,
            unit=actor.unit,
            summary=f"申请补卡：{day} {_hm(at)}",
            changes={"day": day, "time": _hm(at)},
        )
    return correction


def _lock_request(model, *, actor: Staff, object_id: int):
    obj, approval = approval_lock_with_target(model.objects.filter(staff=actor), object_id)
    if obj is None:
        raise AttendanceError(_("This request cannot be found."))
    return obj, approval


def correction_resubmit(*, actor: Staff, correction_id: int, time: datetime.time, reason: str) -> Correction:
    """Revise a returned correction (time, reason) and send it back to the step that returned it."""
    with transaction.atomic():
        correction, approval = _lock_request(Correction, actor=actor, object_id=correction_id)
        if correction.status != Correction.Status.RETURNED:
            raise AttendanceError(_("Only a request returned for revision can be revised and resubmitted."))
        at = datetime.datetime.combine(correction.day, time, tzinfo=d.SHANGHAI)
        _check_correction(staff=actor, day=correction.day, at=at, reason=reason, exclude_id=correction.pk)
        before = _hm(correction.at)
        correction.at = at
        correction.reason = reason.strip()
        correction.status = Correction.Status.PENDING
        correction.save(update_fields=["at", "reason", "status"])
        approval.title = _correction_title(correction)
        approval.save(update_fields=["title"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise AttendanceError(str(exc))
        audit_record(
            actor=actor.user,
            action="attendance.correction_resubmit",
            target=correction,
            unit=actor.unit,
            summary=f"修改后重新提交补卡：{correction.day} {_hm(at)}",
            changes={"time": {"before": before, "after": _hm(at)}},
        )
    return correction


def correction_withdraw(*, actor: Staff, correction_id: int) -> Correction:
    with transaction.atomic():
        correction, approval = _lock_request(Correction, actor=actor, object_id=correction_id)
        if correction.status not in WAITING:
            raise AttendanceError(_("This request has already been decided and cannot be withdrawn."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise AttendanceError(str(exc))
        correction.status = Correction.Status.WITHDRAWN
        correction.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="attendance.correction_withdraw",
            target=correction,
            unit=actor.unit,
            summary=f"撤回补卡申请：{correction.day} {_hm(correction.at)}",
        )
    return correction


def on_correction_approved(correction: Correction, approval, actor) -> None:
    staff = Staff.objects.get(pk=correction.staff_id)
    try:
        _sheet_state_check(staff, correction.day)
    except AttendanceError as exc:
        raise ApprovalError(_("It cannot be approved now: %(why)s") % {"why": error_text(exc)})
    Punch.objects.create(
        unit_id=correction.unit_id,
        staff_id=correction.staff_id,
        at=correction.at,
        ip=None,
        source=Punch.Source.CORRECTION,
        correction=correction,
    )
    correction.status = Correction.Status.APPROVED
    correction.save(update_fields=["status"])


on_request_rejected = set_status(Correction.Status.REJECTED)
on_request_returned = set_status(Correction.Status.RETURNED)


# ---------------------------------------------------------------------------
# Overtime (加班) and comp time (调休)


def _check_overtime(
    *, staff: Staff, day: datetime.date, hours: Decimal, reason: str, exclude_id: int | None = None
) -> bool:
    """Check an overtime registration; returns whether it is registered afterwards."""
    today = _today()
    if not reason.strip():
        raise AttendanceError({"reason": _("Say what work the overtime was for.")})
    if hours <= 0 or hours > 24 or (hours * 2) % 1:
        raise AttendanceError({"hours": _("Hours must be between 0.5 and 24, in half hours.")})
    settings = selectors.settings_for(staff.unit_id)
    mode = settings.overtime_mode
    after = day < today
    if after and mode == AttendanceSettings.OvertimeMode.BEFORE:
        raise AttendanceError(
            {"day": _("Your unit registers overtime before it is worked; the date cannot be in the past.")}
        )
    if not after and day > today and mode == AttendanceSettings.OvertimeMode.AFTER:
        raise AttendanceError(
            {"day": _("Your unit registers overtime after it is worked; the date cannot be in the future.")}
        )
    if day > today + datetime.timedelta(days=31):
        raise AttendanceError({"day": _("Overtime can be registered at most a month ahead.")})
    if after:
        try:
            deadline = add_workdays(day, settings.overtime_after_workdays)
        except CalendarMissing as exc:
            raise AttendanceError({"day": str(exc)})
        if today > deadline:
            raise AttendanceError(
                {
                    "day": _(
                        "Overtime must be registered within %(n)s working days; for %(day)s that was %(deadline)s."
                    )
                    % {"n": settings.overtime_after_workdays, "day": _md(day), "deadline": _md(deadline)}
                }
            )
    duplicate = Overtime.objects.filter(staff=staff, day=day, status__in=ACTIVE).exclude(pk=exclude_id)
    if duplicate.exists():
        raise AttendanceError({"day": _("You have already registered overtime for %(day)s.") % {"day": _md(day)}})
    return after


def _overtime_title(overtime: Overtime) -> str:
    return f"加班：{_md(overtime.day)} {overtime.hours.normalize():f} 小时"


def overtime_submit(*, actor: Staff, day: datetime.date, hours: Decimal, reason: str) -> Overtime:
    with transaction.atomic():
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        after = _check_overtime(staff=actor, day=day, hours=hours, reason=reason)
        overtime = Overtime.objects.create(
            unit_id=actor.unit_id, staff=actor, day=day, hours=hours, reason=reason.strip(), registered_after=after
        )
        try:
            approval_open(applicant=actor, kind=KIND_OVERTIME, target=overtime, title=_overtime_title(overtime))
        except ApprovalError as exc:
            raise AttendanceError(str(exc))
        audit_record(
            actor=actor.user,
            action="attendance.overtime_submit",
            target=overtime,
            unit=actor.unit,
            summary=f"登记加班：{day}，{hours} 小时" + ("（事后登记）" if after else ""),
            changes={"day": day, "hours": hours, "registered_after": after},
        )
    return overtime


def overtime_resubmit(*, actor: Staff, overtime_id: int, day: datetime.date, hours: Decimal, reason: str) -> Overtime:
    with transaction.atomic():
        overtime, approval = _lock_request(Overtime, actor=actor, object_id=overtime_id)
        if overtime.status != Overtime.Status.RETURNED:
            raise AttendanceError(_("Only a request returned for revision can be revised and resubmitted."))
        after = _check_overtime(staff=actor, day=day, hours=hours, reason=reason, exclude_id=overtime.pk)
        before = {"day": overtime.day, "hours": overtime.hours}
        overtime.day, overtime.hours, overtime.reason = day, hours, reason.strip()
        overtime.registered_after = after
        overtime.status = Overtime.Status.PENDING
        overtime.save(update_fields=["day", "hours", "reason", "registered_after", "status"])
        approval.title = _overtime_title(overtime)
        approval.save(update_fields=["title"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise AttendanceError(str(exc))
        audit_record(
            actor=actor.user,
            action="attendance.overtime_resubmit",
            target=overtime,
            unit=actor.unit,
            summary=f"修改后重新提交加班：{day}，{hours} 小时",
            changes={"before": before, "after": {"day": day, "hours": hours}},
        )
    return overtime


def overtime_withdraw(*, actor: Staff, overtime_id: int) -> Overtime:
    with transaction.atomic():
        overtime, approval = _lock_request(Overtime, actor=actor, object_id=overtime_id)
        if overtime.status not in WAITING:
            raise AttendanceError(_("This request has already been decided and cannot be withdrawn."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise AttendanceError(str(exc))
        overtime.status = Overtime.Status.WITHDRAWN
        overtime.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="attendance.overtime_withdraw",
            target=overtime,
            unit=actor.unit,
            summary=f"撤回加班登记：{overtime.day}",
        )
    return overtime


def comp_days_for(hours: Decimal, hours_per_day: Decimal) -> Decimal:
    """Comp time earned by overtime hours, in days to one decimal (the leave ledger's precision)."""
    if not hours_per_day or hours_per_day <= 0:
        return Decimal(0)
    return (Decimal(hours) / Decimal(hours_per_day)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def on_overtime_approved(overtime: Overtime, approval, actor) -> None:
    """Approved overtime is credited as comp time (调休) in the leave ledger, which 调休 leave draws from."""
    from leave.ledger import comp_time_credit

    staff = Staff.objects.select_related("unit", "user").get(pk=overtime.staff_id)
    days = comp_days_for(overtime.hours, selectors.settings_for(staff.unit_id).comp_time_hours_per_day)
    if days > 0:
        comp_time_credit(
            staff=staff,
            days=days,
            day=overtime.day,
            note=f"加班 {_md(overtime.day)} {overtime.hours.normalize():f} 小时",
            user=actor.user,
        )
    overtime.comp_days = days
    overtime.status = Overtime.Status.APPROVED
    overtime.save(update_fields=["comp_days", "status"])


# ---------------------------------------------------------------------------
# Monthly sheets: confirm (section head), reopen, lock (office)


def _month_over(year: int, month: int) -> bool:
    return monthly.month_days(year, month)[-1] < _today()


def _sheet_for_update(unit_id: int, section_id: int | None, year: int, month: int) -> MonthSheet:
    qs = MonthSheet.objects.select_for_update().filter(unit_id=unit_id, year=year, month=month)
    qs = qs.filter(section__isnull=True) if section_id is None else qs.filter(section_id=section_id)
    sheet = qs.first()
    if sheet is None:
        try:
            with transaction.atomic():
                sheet = MonthSheet.objects.create(unit_id=unit_id, section_id=section_id, year=year, month=month)
        except IntegrityError:  # created by a concurrent request: lock theirs
            sheet = qs.get()
    return sheet


def month_sheet_confirm(*, actor: Staff, section_id: int, year: int, month: int) -> MonthSheet:
    """The section head confirms the section's month once it is over and no correction is waiting."""
    with transaction.atomic():
        section = Section.objects.select_for_update().filter(pk=section_id, unit_id=actor.unit_id).first()
        if section is None or section.head_id != actor.pk:
            raise AttendanceError(_("Only the head of the section can confirm its attendance."))
        if not _month_over(year, month):
            raise AttendanceError(
                _("%(month)s is not over yet; confirm it after its last day.") % {"month": _month_text(year, month)}
            )
        if selectors.is_locked(actor.unit_id, year, month):
            raise AttendanceError(
                _("The attendance of %(month)s is already locked.") % {"month": _month_text(year, month)}
            )
        staff_ids = list(Staff.objects.filter(section=section).values_list("pk", flat=True))
        waiting = selectors.pending_corrections(staff_ids, year, month)
        if waiting:
            raise AttendanceError(
                _(
                    "%(n)s punch corrections of the section for %(month)s are still waiting for a decision; "
                    "decide them first."
                )
                % {"n": waiting, "month": _month_text(year, month)}
            )
        sheet = _sheet_for_update(actor.unit_id, section.pk, year, month)
        if sheet.status != MonthSheet.Status.DRAFT:
            raise AttendanceError(_("This sheet has already been confirmed."))
        sheet.status = MonthSheet.Status.CONFIRMED
        sheet.confirmed_by = actor
        sheet.confirmed_at = timezone.now()
        sheet.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit_record(
            actor=actor.user,
            action="attendance.sheet_confirm",
            target=sheet,
            unit=actor.unit,
            summary=f"确认考勤：{section.name} {_month_text(year, month)}",
            changes={"section": section.name, "year": year, "month": month},
        )
        keepers = [u for u in _attendance_keepers(actor.unit_id) if u.pk != actor.user_id]
        notify_after_commit(
            recipients=keepers,
            text=_("%(section)s has confirmed its attendance for %(month)s")
            % {"section": section.name, "month": _month_text(year, month)},
            url=reverse("attendance:unit_sheet") + f"?month={year}-{month:02d}",
        )
    return sheet


def _attendance_keepers(unit_id: int):
    from accounts.models import User

    return list(User.objects.filter(duty_grants__duty=Duty.ATTENDANCE, staff__unit_id=unit_id).distinct())


def month_sheet_reopen(*, actor: Staff, section_id: int, year: int, month: int) -> MonthSheet:
    """Take back a confirmation (the section head, or the office) while the month is not locked."""
    with transaction.atomic():
        section = Section.objects.filter(pk=section_id, unit_id=actor.unit_id).first()
        if section is None or not (section.head_id == actor.pk or has_duty(actor.user, Duty.ATTENDANCE)):
            raise AttendanceError(_("Only the head of the section or the office can reopen its sheet."))
        if selectors.is_locked(actor.unit_id, year, month):
            raise AttendanceError(
                _("The attendance of %(month)s is locked and cannot be reopened.") % {"month": _month_text(year, month)}
            )
        sheet = _sheet_for_update(actor.unit_id, section.pk, year, month)
        if sheet.status != MonthSheet.Status.CONFIRMED:
            raise AttendanceError(_("This sheet has not been confirmed."))
        sheet.status = MonthSheet.Status.DRAFT
        sheet.confirmed_by = None
        sheet.confirmed_at = None
        sheet.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit_record(
            actor=actor.user,
            action="attendance.sheet_reopen",
            target=sheet,
            unit=actor.unit,
            summary=f"撤销考勤确认：{section.name} {_month_text(year, month)}",
            changes={"section": section.name, "year": year, "month": month},
        )
        if section.head_id and section.head_id != actor.pk:
            notify_after_commit(
                recipients=[section.head.user],
                text=_("The office reopened %(section)s's attendance sheet for %(month)s")
                % {"section": section.name, "month": _month_text(year, month)},
                url=reverse("attendance:section_sheet", args=[section.pk]) + f"?month={year}-{month:02d}",
            )
    return sheet


def month_sheet_lock(*, actor: Staff, year: int, month: int) -> MonthSheet:
    """The office locks the unit's month: every section confirmed; the derived days are stored for good."""
    if not has_duty(actor.user, Duty.ATTENDANCE):
        raise AttendanceError(_("Only the office staff who keep attendance can lock a month."))
    if not _month_over(year, month):
        raise AttendanceError(
            _("%(month)s is not over yet; lock it after its last day.") % {"month": _month_text(year, month)}
        )
    unit = actor.unit
    with transaction.atomic():
        unit_sheet = _sheet_for_update(unit.pk, None, year, month)
        if unit_sheet.status == MonthSheet.Status.LOCKED:
            raise AttendanceError(
                _("The attendance of %(month)s is already locked.") % {"month": _month_text(year, month)}
            )
        sections = list(Section.objects.filter(unit=unit, staff__isnull=False).distinct().order_by("order", "id"))
        states = {
            s.section_id: s
            for s in MonthSheet.objects.select_for_update().filter(
                unit=unit, year=year, month=month, section__isnull=False
            )
        }
        unconfirmed = [
            s.name for s in sections if getattr(states.get(s.pk), "status", "") != MonthSheet.Status.CONFIRMED
        ]
        if unconfirmed:
            raise AttendanceError(
                _("These sections have not confirmed %(month)s yet: %(names)s.")
                % {"month": _month_text(year, month), "names": "、".join(unconfirmed)}
            )
        people = list(selectors.unit_people(unit))
        try:
            statuses = monthly.derive_people([(p.pk, p.unit_id) for p in people], monthly.month_days(year, month))
        except CalendarMissing as exc:
            raise AttendanceError(str(exc))
        DayRecord.objects.bulk_create(
            [
                monthly.record_from_status(day, staff_id=p.pk, unit_id=unit.pk, section_id=p.section_id)
                for p in people
                for day in statuses[p.pk]
            ],
            batch_size=1000,
        )
        now = timezone.now()
        MonthSheet.objects.filter(pk__in=[s.pk for s in states.values()]).update(
            status=MonthSheet.Status.LOCKED, locked_by=actor, locked_at=now
        )
        unit_sheet.status = MonthSheet.Status.LOCKED
        unit_sheet.locked_by = actor
        unit_sheet.locked_at = now
        unit_sheet.save(update_fields=["status", "locked_by", "locked_at"])
        audit_record(
            actor=actor.user,
            action="attendance.sheet_lock",
            target=unit_sheet,
            unit=unit,
            summary=f"锁定考勤：{_month_text(year, month)}，{len(people)} 人",
            changes={"year": year, "month": month, "people": len(people)},
        )
        heads = [s.head.user for s in sections if s.head_id]
        notify_after_commit(
            recipients=heads,
            text=_("The attendance of %(month)s has been locked by the office") % {"month": _month_text(year, month)},
            url=reverse("attendance:sheets") + f"?month={year}-{month:02d}",
        )
    return unit_sheet


# ---------------------------------------------------------------------------
# Fatigue guard (不提倡打疲劳战)


def fatigue_flag_run(*, today: datetime.date | None = None) -> int:
    """Flag everyone over a fatigue limit (scheduled daily). Each new flag: one transaction, one audit
    event, and a notification to the person's section head and supervising leader. A person is flagged
    once per limit and period (the database keeps one)."""
    from attendance.fatigue import findings_for_unit

    today = today or _today()
    created = 0
    for unit in Unit.objects.all().order_by("pk"):
        try:
            findings = findings_for_unit(unit, today)
        except CalendarMissing:
            continue
        already = set(
            FatigueFlag.objects.filter(unit=unit, period__in={f.period for f in findings}).values_list(
                "staff_id", "kind", "period"
            )
        )
        for finding in findings:
            if (finding.staff.pk, finding.kind, finding.period) in already:
                continue
            if _flag_one(finding, unit):
                created += 1
    return created


def _flag_one(finding, unit: Unit) -> bool:
    staff = finding.staff
    try:
        with transaction.atomic():
            flag = FatigueFlag.objects.create(
                unit=unit,
                staff=staff,
                kind=finding.kind,
                period=finding.period,
                value=finding.value,
                limit=finding.limit,
                detail=finding.detail[:500],
                created_at=timezone.now(),
            )
            audit_record(
                actor=None,
                action="attendance.fatigue_flag",
                target=flag,
                unit=unit,
                summary=f"疲劳预警：{staff.name}，{finding.detail}"[:500],
                changes={
                    "kind": finding.kind,
                    "period": finding.period,
                    "value": finding.value,
                    "limit": finding.limit,
                },
            )
            section = staff.section
            leaders = []
            if section is not None:
                leaders = [p.user for p in (section.head, section.supervisor) if p is not None and p.pk != staff.pk]
            notify_after_commit(
                recipients=leaders,
                text=_("Fatigue warning: %(name)s — %(why)s") % {"name": staff.name, "why": finding.detail},
                url=reverse("attendance:fatigue"),
            )
    except IntegrityError:  # flagged by a concurrent run
        return False
    return True
