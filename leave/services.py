"""State changes of leave; each is one transaction with exactly one audit event.

Approval decisions are made by approvals.services.approval_decide, which calls the
callbacks at the bottom of this module inside its own transaction (and writes the
audit event); a callback that cannot apply the decision raises ApprovalError and the
whole decision is rolled back with that message.

Lock order everywhere: the approval, then the change (extension / cancellation), then
the leave request — the order approval_decide uses, so two flows never deadlock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Approval
from approvals.registry import set_status
from approvals.services import (
    ApprovalError,
    approval_lock_with_target,
    approval_open,
    approval_reopen,
    approval_withdraw,
)
from audit.services import audit_record
from core.text import cn_date as _cn
from core.text import cn_month_day as _md
from core.text import error_text
from leave import defaults, ledger
from leave.counting import DayCount, count_days, fmt_days, report_back_due
from leave.models import (
    LeaveBalanceEntry,
    LeaveCancellation,
    LeaveChange,
    LeaveExtension,
    LeavePolicy,
    LeaveRequest,
    LeaveType,
)
from leave.selectors import ACTIVE, WAITING, attendance_keepers, leave_types_for, policy_for
from leave.validators import validate_certificate
from notify.services import notify_after_commit
from org.models import Staff, Unit
from worktime.calendar import CalendarMissing

KIND = "leave"
KIND_EXTENSION = "leave_extension"
KIND_CANCELLATION = "leave_cancellation"


class LeaveError(ValidationError):
    """Refused; the message says why in the user's language. A dict names the form field at fault."""


def _today() -> datetime.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------
# Seeding


def install_default_leave_types(unit: Unit) -> list[LeaveType]:
    """Give a unit the REFERENCE.md §1 leave types (idempotent).

    Seeding, like the data migration that does the same for units that existed then: it
    creates configuration, not a business event, so it writes no audit event. Later edits
    go through leave_type_update, which is audited.
    """
    LeaveType.objects.bulk_create(
        [LeaveType(unit=unit, **row) for row in defaults.DEFAULT_TYPES], ignore_conflicts=True
    )
    return list(LeaveType.objects.filter(unit=unit).order_by("order", "id"))


# ---------------------------------------------------------------------------
# Checking a request


@dataclass
class Checked:
    leave_type: LeaveType
    count: DayCount


def _type_for(actor: Staff, leave_type_id: int, types: list[LeaveType]) -> LeaveType:
    leave_type = next((t for t in types if t.pk == leave_type_id and t.is_active), None)
    if leave_type is None:
        raise LeaveError({"leave_type": _("Choose a leave type.")})
    if leave_type.gender and leave_type.gender != actor.gender:
        raise LeaveError({"leave_type": _("%(type)s does not apply to you.") % {"type": leave_type.name}})
    return leave_type


def _count(
    leave_type: LeaveType, starts_on: datetime.date, ends_on: datetime.date, start_half: bool, end_half: bool
) -> DayCount:
    try:
        return count_days(leave_type, starts_on, ends_on, start_half=start_half, end_half=end_half)
    except CalendarMissing as exc:
        raise LeaveError({"starts_on": str(exc)})


def _halves(starts_on, ends_on, start_half: bool, end_half: bool, day: datetime.date) -> set[str]:
    """The halves of `day` a leave takes: the first day may be afternoon only, the last morning only."""
    halves = {"am", "pm"}
    if day == starts_on and start_half:
        halves.discard("am")
    if day == ends_on and end_half:
        halves.discard("pm")
    return halves


def _overlap_q(staff: Staff, starts_on, ends_on, start_half, end_half, exclude_id):
    """Other leave of the person that shares a half day with [starts_on, ends_on] (a morning off and an
    afternoon off on the same day do not clash); an extension waiting for approval counts as granted."""
    candidates = (
        LeaveRequest.objects.filter(staff=staff, starts_on__lte=ends_on)
        .filter(status__in=ACTIVE + (LeaveRequest.Status.REPORTED_BACK,))
        .exclude(pk=exclude_id)
        .select_related("leave_type")
        .prefetch_related("extensions")
    )
    for other in candidates:
        if other.actual_last_day:
            other_end, other_end_half = other.actual_last_day, False
        else:
            other_end, other_end_half = other.ends_on, other.end_half
        if other.status == LeaveRequest.Status.APPROVED:
            for ext in other.extensions.all():
                if ext.status in WAITING and ext.new_ends_on >= other_end:
                    other_end, other_end_half = ext.new_ends_on, ext.new_end_half
        first, last = max(starts_on, other.starts_on), min(ends_on, other_end)
        day = first
        while day <= last:
            mine = _halves(starts_on, ends_on, start_half, end_half, day)
            theirs = _halves(other.starts_on, other_end, other.start_half, other_end_half, day)
            if mine & theirs:
                return other
            day += datetime.timedelta(days=1)
    return None


def _check_request(
    *,
    actor: Staff,
    leave_type_id: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    start_half: bool,
    end_half: bool,
    late_reason: str,
    has_certificate: bool,
    exclude_id: int | None = None,
) -> Checked:
    types = leave_types_for(actor.unit)
    leave_type = _type_for(actor, leave_type_id, types)
    today = _today()
    if ends_on < starts_on:
        raise LeaveError({"ends_on": _("The end date cannot be before the start date.")})
    if (start_half or end_half) and not leave_type.allows_half_days:
        raise LeaveError({"start_half": _("%(type)s is taken in whole days.") % {"type": leave_type.name}})
    if start_half and end_half and starts_on == ends_on:
        raise LeaveError({"end_half": _("For half a day, tick either the afternoon or the morning, not both.")})
    if starts_on < today:
        if not leave_type.allows_backdating:
            raise LeaveError(
                {
                    "starts_on": _("%(type)s must be requested before it starts; the start date cannot be in the past.")
                    % {"type": leave_type.name}
                }
            )
        if (today - starts_on).days > leave_type.backdating_max_days:
            raise LeaveError(
                {
                    "starts_on": _("%(type)s can be requested afterwards within %(n)s days only.")
                    % {"type": leave_type.name, "n": leave_type.backdating_max_days}
                }
            )
        if not late_reason.strip():
            raise LeaveError({"late_reason": _("Say why the leave is requested afterwards.")})
    count = _count(leave_type, starts_on, ends_on, start_half, end_half)
    if count.days <= 0:
        raise LeaveError({"ends_on": _("There is no working day to take off between these dates.")})
    if leave_type.max_days_per_request and count.days > leave_type.max_days_per_request:
        raise LeaveError(
            {
                "ends_on": _("%(type)s is at most %(max)s days per request; this is %(days)s days.")
                % {
                    "type": leave_type.name,
                    "max": fmt_days(leave_type.max_days_per_request),
                    "days": fmt_days(count.days),
                }
            }
        )
    limit = leave_type.needs_certificate_over_days
    if limit is not None and count.days > limit and not has_certificate:
        raise LeaveError(
            {
                "certificate": _("%(type)s over %(n)s days needs a certificate (PDF, JPG or PNG).")
                % {"type": leave_type.name, "n": fmt_days(limit)}
            }
        )
    clash = _overlap_q(actor, starts_on, ends_on, start_half, end_half, exclude_id)
    if clash is not None:
        raise LeaveError(
            {
                "starts_on": _("These dates overlap your %(type)s from %(start)s to %(end)s.")
                % {"type": clash.leave_type.name, "start": _cn(clash.starts_on), "end": _cn(clash.last_day_away)}
            }
        )
    _check_balance(actor, leave_type, starts_on, ends_on, count.days, types, exclude_id=exclude_id)
    return Checked(leave_type=leave_type, count=count)


def _check_balance(
    staff: Staff,
    leave_type: LeaveType,
    starts_on: datetime.date,
    ends_on: datetime.date,
    days: Decimal,
    types: list[LeaveType],
    *,
    exclude_id: int | None = None,
    field: str = "ends_on",
    pending_included: bool = True,
) -> None:
    if leave_type.code == LeaveType.Code.ANNUAL or leave_type.has_balance:
        balance = ledger.balance_of(staff, leave_type, starts_on, types, exclude_request_id=exclude_id)
        if balance.excluded_reason:
            raise LeaveError({field: balance.excluded_reason})
        if not leave_type.has_balance:
            return
        if starts_on.year != ends_on.year:
            raise LeaveError(
                {
                    field: _("%(type)s is counted per year; request the days of each year separately.")
                    % {"type": leave_type.name}
                }
            )
        free = balance.free if pending_included else balance.available
        if days > free:
            raise LeaveError(
                {
                    field: _("Not enough %(type)s left: %(free)s days available, %(days)s days asked.")
                    % {"type": leave_type.name, "free": fmt_days(max(free, Decimal(0))), "days": fmt_days(days)}
                }
            )


def _title(request: LeaveRequest) -> str:
    return (
        f"请假：{request.leave_type.name} {fmt_days(request.days)}天（{_md(request.starts_on)}—{_md(request.ends_on)}）"
    )


def _detail_url(request: LeaveRequest) -> str:
    return reverse("leave:detail", args=[request.pk])


def _first_approvers(approval: Approval) -> str:
    step = approval.steps.filter(order=approval.current_order).first()
    if step is None:
        return ""
    return "、".join(a.assignee.name for a in step.assignments.filter(is_open=True).select_related("assignee__user"))


# ---------------------------------------------------------------------------
# Requests


def leave_request_submit(
    *,
    actor: Staff,
    leave_type_id: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
    start_half: bool = False,
    end_half: bool = False,
    late_reason: str = "",
    certificate=None,
) -> LeaveRequest:
    """Ask for leave: checked (dates, half days, backdating, certificate, overlap, balance), then routed to
    the approvers."""
    if certificate:
        try:
            validate_certificate(certificate)
        except ValidationError as exc:
            raise LeaveError({"certificate": exc.messages})
    if not reason.strip():
        raise LeaveError({"reason": _("Give the reason for the leave.")})
    with transaction.atomic():
        # One request at a time per person: two tabs cannot both pass the overlap and balance checks.
        Staff.objects.select_for_update().filter(pk=actor.pk).first()
        checked = _check_request(
            actor=actor,
            leave_type_id=leave_type_id,
            starts_on=starts_on,
            ends_on=ends_on,
            start_half=start_half,
            end_half=end_half,
            late_reason=late_reason,
            has_certificate=bool(certificate),
        )
        request = LeaveRequest.objects.create(
            unit=actor.unit,
            staff=actor,
            leave_type=checked.leave_type,
            starts_on=starts_on,
            ends_on=ends_on,
            start_half=start_half,
            end_half=end_half,
            days=checked.count.days,
            reason=reason.strip(),
            late_reason=late_reason.strip() if starts_on < _today() else "",
            certificate=certificate or "",
        )
        try:
            approval_open(applicant=actor, kind=KIND, target=request, title=_title(request), days=request.days)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        audit_record(
            actor=actor.user,
            action="leave.submit",
            target=request,
            unit=actor.unit,
            summary=f"提交请假：{checked.leave_type.name}，{starts_on}至{ends_on}，{checked.count.summary()}",
            changes={
                "type": checked.leave_type.code,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "days": request.days,
                "backdated": starts_on < _today(),
                "certificate": bool(certificate),
            },
        )
    return request


def _lock_request(*, actor: Staff, request_id: int) -> tuple[LeaveRequest, Approval]:
    request, approval = approval_lock_with_target(LeaveRequest.objects.filter(staff=actor), request_id)
    if request is None:
        raise LeaveError(_("This leave request cannot be found."))
    return request, approval


def leave_request_resubmit(
    *,
    actor: Staff,
    request_id: int,
    leave_type_id: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str,
    start_half: bool = False,
    end_half: bool = False,
    late_reason: str = "",
    certificate=None,
) -> LeaveRequest:
    """Revise a returned request and send it back to the step that returned it."""
    if certificate:
        try:
            validate_certificate(certificate)
        except ValidationError as exc:
            raise LeaveError({"certificate": exc.messages})
    if not reason.strip():
        raise LeaveError({"reason": _("Give the reason for the leave.")})
    with transaction.atomic():
        request, approval = _lock_request(actor=actor, request_id=request_id)
        if request.status != LeaveRequest.Status.RETURNED:
            raise LeaveError(_("Only a request returned for revision can be edited and resubmitted."))
        checked = _check_request(
            actor=actor,
            leave_type_id=leave_type_id,
            starts_on=starts_on,
            ends_on=ends_on,
            start_half=start_half,
            end_half=end_half,
            late_reason=late_reason,
            has_certificate=bool(certificate or request.certificate),
            exclude_id=request.pk,
        )
        before = {
            "type": request.leave_type.code,
            "starts_on": request.starts_on,
            "ends_on": request.ends_on,
            "days": request.days,
        }
        request.leave_type = checked.leave_type
        request.starts_on, request.ends_on = starts_on, ends_on
        request.start_half, request.end_half = start_half, end_half
        request.days = checked.count.days
        request.reason = reason.strip()
        request.late_reason = late_reason.strip() if starts_on < _today() else ""
        fields = [
            "leave_type",
            "starts_on",
            "ends_on",
            "start_half",
            "end_half",
            "days",
            "reason",
            "late_reason",
            "status",
        ]
        if certificate:
            request.certificate = certificate
            fields.append("certificate")
        request.status = LeaveRequest.Status.PENDING
        request.save(update_fields=fields)
        approval.title = _title(request)
        approval.days = request.days
        approval.save(update_fields=["title", "days"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        audit_record(
            actor=actor.user,
            action="leave.resubmit",
            target=request,
            unit=actor.unit,
            summary=f"修改后重新提交请假：{request.leave_type.name}，{starts_on}至{ends_on}",
            changes={
                "before": before,
                "after": {
                    "type": request.leave_type.code,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "days": request.days,
                },
            },
        )
    return request


def leave_request_withdraw(*, actor: Staff, request_id: int) -> LeaveRequest:
    """Cancel before approval: free, as long as no approver has decided yet."""
    with transaction.atomic():
        request, approval = _lock_request(actor=actor, request_id=request_id)
        if request.status not in (LeaveRequest.Status.PENDING, LeaveRequest.Status.RETURNED):
            raise LeaveError(_("This request has already been decided; ask for a cancellation instead."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        request.status = LeaveRequest.Status.WITHDRAWN
        request.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="leave.withdraw",
            target=request,
            unit=actor.unit,
            summary=f"撤回请假：{request.leave_type.name}，{request.starts_on}至{request.ends_on}",
        )
    return request


def leave_request_report_back(
    *, actor: Staff, request_id: int, actual_last_day: datetime.date | None = None
) -> LeaveRequest:
    """销假: the person reports back. Before the leave ends it is an early return — give the last day actually
    taken, and the unused days go back to the balance. After the deadline it is still accepted, counted as late."""
    today = _today()
    with transaction.atomic():
        request = LeaveRequest.objects.select_for_update().filter(pk=request_id, staff=actor).first()
        if request is None:
            raise LeaveError(_("This leave request cannot be found."))
        if request.status != LeaveRequest.Status.APPROVED:
            raise LeaveError(_("Only approved leave that has not been reported back can be reported back."))
        if today < request.starts_on:
            raise LeaveError(_("The leave has not started yet; if you no longer need it, ask for a cancellation."))
        if request.extensions.filter(status__in=WAITING).exists():
            raise LeaveError(_("An extension of this leave is waiting for approval; withdraw it first."))
        early = today <= request.ends_on
        if early:
            latest = min(today, request.ends_on)
            last = actual_last_day or max(request.starts_on, min(today - datetime.timedelta(days=1), latest))
            if not request.starts_on <= last <= latest:
                raise LeaveError(
                    {
                        "actual_last_day": _("The last day of leave must be between %(start)s and %(end)s.")
                        % {"start": _cn(request.starts_on), "end": _cn(latest)}
                    }
                )
            used = _count(request.leave_type, request.starts_on, last, request.start_half, False).days
            unused = max(request.days - used, Decimal(0))
        else:
            last, unused = request.ends_on, Decimal(0)
        late = bool(request.report_back_due and today > request.report_back_due)
        request.status = LeaveRequest.Status.REPORTED_BACK
        request.reported_back_on = today
        request.actual_last_day = last
        request.returned_days = unused
        request.report_back_overdue = request.report_back_overdue or late
        request.save(
            update_fields=["status", "reported_back_on", "actual_last_day", "returned_days", "report_back_overdue"]
        )
        if unused:
            ledger.post_return(
                request, unused, _("Early return: %(days)s days not taken") % {"days": fmt_days(unused)}, actor.user
            )
        summary = f"销假：{request.leave_type.name}，{request.starts_on}至{request.ends_on}"
        if last < request.ends_on:
            summary += f"，提前返岗，实际休至{last}，退回 {fmt_days(unused)} 天"
        if late:
            summary += f"（逾期，应于{request.report_back_due}前销假）"
        audit_record(
            actor=actor.user,
            action="leave.report_back",
            target=request,
            unit=actor.unit,
            summary=summary,
            changes={"actual_last_day": last, "returned_days": unused, "late": late},
        )
        head = actor.section.head if actor.section_id else None
        if head is not None and head.pk != actor.pk:
            notify_after_commit(
                recipients=[head.user],
                text=_("%(name)s has reported back from %(type)s")
                % {"name": actor.name, "type": request.leave_type.name},
                url=_detail_url(request),
            )
    return request


# ---------------------------------------------------------------------------
# Extensions (续假)


def _extension_title(extension: LeaveExtension) -> str:
    request = extension.request
    return (
        f"续假：{request.leave_type.name} 延至{_md(extension.new_ends_on)}"
        f"（增加 {fmt_days(extension.extra_days)} 天，共 {fmt_days(request.days + extension.extra_days)} 天）"
    )


def _check_extension(
    request: LeaveRequest, new_ends_on: datetime.date, new_end_half: bool, exclude_id: int | None = None
) -> Decimal:
    today = _today()
    if request.status != LeaveRequest.Status.APPROVED:
        raise LeaveError(_("Only approved leave that has not been reported back can be extended."))
    if today > request.ends_on:
        raise LeaveError(_("An extension must be asked before the leave ends."))
    if request.cancellations.filter(status__in=WAITING).exists():
        raise LeaveError(_("A cancellation of this leave is waiting for approval."))
    if request.extensions.filter(status__in=WAITING).exclude(pk=exclude_id).exists():
        raise LeaveError(_("An extension of this leave is already waiting for approval."))
    if new_ends_on <= request.ends_on and not (
        new_ends_on == request.ends_on and request.end_half and not new_end_half
    ):
        raise LeaveError(
            {"new_ends_on": _("The new end date must be after %(date)s.") % {"date": _cn(request.ends_on)}}
        )
    if new_end_half and not request.leave_type.allows_half_days:
        raise LeaveError({"new_end_half": _("%(type)s is taken in whole days.") % {"type": request.leave_type.name}})
    # No per-request maximum here: longer statutory cases (a difficult birth, twins) are what extensions are
    # for, and the approvers decide them.
    total = _count(request.leave_type, request.starts_on, new_ends_on, request.start_half, new_end_half).days
    extra = total - request.days
    if extra <= 0:
        raise LeaveError({"new_ends_on": _("There is no working day to add between these dates.")})
    leave_type = request.leave_type
    clash = _overlap_q(
        request.staff, request.ends_on + datetime.timedelta(days=1), new_ends_on, False, new_end_half, request.pk
    )
    if clash is not None:
        raise LeaveError(
            {
                "new_ends_on": _("These dates overlap your %(type)s from %(start)s to %(end)s.")
                % {"type": clash.leave_type.name, "start": _cn(clash.starts_on), "end": _cn(clash.last_day_away)}
            }
        )
    types = leave_types_for(request.unit)
    _check_balance(request.staff, leave_type, request.starts_on, new_ends_on, extra, types, field="new_ends_on")
    return extra


def leave_extension_submit(
    *, actor: Staff, request_id: int, new_ends_on: datetime.date, reason: str, new_end_half: bool = False
) -> LeaveExtension:
    """续假: asked before the leave ends, approved through the same chain (routed by the new total of days)."""
    if not reason.strip():
        raise LeaveError({"reason": _("Give the reason for the extension.")})
    with transaction.atomic():
        request = LeaveRequest.objects.select_for_update().filter(pk=request_id, staff=actor).first()
        if request is None:
            raise LeaveError(_("This leave request cannot be found."))
        extra = _check_extension(request, new_ends_on, new_end_half)
        extension = LeaveExtension.objects.create(
            request=request,
            previous_ends_on=request.ends_on,
            previous_end_half=request.end_half,
            new_ends_on=new_ends_on,
            new_end_half=new_end_half,
            extra_days=extra,
            reason=reason.strip(),
        )
        try:
            approval_open(
                applicant=actor,
                kind=KIND_EXTENSION,
                target=extension,
                title=_extension_title(extension),
                days=request.days + extra,
            )
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        audit_record(
            actor=actor.user,
            action="leave.extension_submit",
            target=extension,
            unit=actor.unit,
            summary=(
                f"申请续假：{request.leave_type.name}，由{request.ends_on}延至{new_ends_on}，增加 {fmt_days(extra)} 天"
            ),
            changes={"request": request.pk, "new_ends_on": new_ends_on, "extra_days": extra},
        )
    return extension


def _lock_change(model, *, actor: Staff, change_id: int):
    change, approval = approval_lock_with_target(model.objects.filter(request__staff=actor), change_id)
    if change is None:
        raise LeaveError(_("This request cannot be found."))
    request = LeaveRequest.objects.select_for_update().get(pk=change.request_id)
    return change, approval, request


def leave_extension_resubmit(
    *, actor: Staff, extension_id: int, new_ends_on: datetime.date, reason: str, new_end_half: bool = False
) -> LeaveExtension:
    if not reason.strip():
        raise LeaveError({"reason": _("Give the reason for the extension.")})
    with transaction.atomic():
        extension, approval, request = _lock_change(LeaveExtension, actor=actor, change_id=extension_id)
        if extension.status != LeaveChange.Status.RETURNED:
            raise LeaveError(_("Only a request returned for revision can be edited and resubmitted."))
        extra = _check_extension(request, new_ends_on, new_end_half, exclude_id=extension.pk)
        extension.previous_ends_on, extension.previous_end_half = request.ends_on, request.end_half
        extension.new_ends_on, extension.new_end_half, extension.extra_days = new_ends_on, new_end_half, extra
        extension.reason = reason.strip()
        extension.status = LeaveChange.Status.PENDING
        extension.save(
            update_fields=[
                "previous_ends_on",
                "previous_end_half",
                "new_ends_on",
                "new_end_half",
                "extra_days",
                "reason",
                "status",
            ]
        )
        approval.title = _extension_title(extension)
        approval.days = request.days + extra
        approval.save(update_fields=["title", "days"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        audit_record(
            actor=actor.user,
            action="leave.extension_resubmit",
            target=extension,
            unit=actor.unit,
            summary=f"修改后重新提交续假：延至{new_ends_on}",
            changes={"new_ends_on": new_ends_on, "extra_days": extra},
        )
    return extension


def leave_extension_withdraw(*, actor: Staff, extension_id: int) -> LeaveExtension:
    with transaction.atomic():
        extension, approval, _request = _lock_change(LeaveExtension, actor=actor, change_id=extension_id)
        if extension.status not in WAITING:
            raise LeaveError(_("This request has already been decided and cannot be withdrawn."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        extension.status = LeaveChange.Status.WITHDRAWN
        extension.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="leave.extension_withdraw",
            target=extension,
            unit=actor.unit,
            summary=f"撤回续假申请：延至{extension.new_ends_on}",
        )
    return extension


# ---------------------------------------------------------------------------
# Cancellation after approval


def _cancellation_title(request: LeaveRequest) -> str:
    period = f"{_md(request.starts_on)}—{_md(request.ends_on)}"
    return f"取消请假：{request.leave_type.name} {fmt_days(request.days)}天（{period}）"


def _check_cancellation(request: LeaveRequest, exclude_id: int | None = None) -> None:
    if request.status != LeaveRequest.Status.APPROVED:
        raise LeaveError(_("Only approved leave can be cancelled this way; a pending request can be withdrawn."))
    if _today() >= request.starts_on:
        raise LeaveError(_("The leave has already started and cannot be cancelled; report back instead."))
    if request.extensions.filter(status__in=WAITING).exists():
        raise LeaveError(_("An extension of this leave is waiting for approval; withdraw it first."))
    if request.cancellations.filter(status__in=WAITING).exclude(pk=exclude_id).exists():
        raise LeaveError(_("A cancellation of this leave is already waiting for approval."))


def leave_cancellation_submit(*, actor: Staff, request_id: int, reason: str) -> LeaveCancellation:
    """Cancel approved leave before it starts: by approval, through the same chain."""
    if not reason.strip():
        raise LeaveError({"reason": _("Give the reason for the cancellation.")})
    with transaction.atomic():
        request = LeaveRequest.objects.select_for_update().filter(pk=request_id, staff=actor).first()
        if request is None:
            raise LeaveError(_("This leave request cannot be found."))
        _check_cancellation(request)
        cancellation = LeaveCancellation.objects.create(request=request, reason=reason.strip())
        try:
            approval_open(
                applicant=actor,
                kind=KIND_CANCELLATION,
                target=cancellation,
                title=_cancellation_title(request),
                days=request.days,
            )
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        audit_record(
            actor=actor.user,
            action="leave.cancellation_submit",
            target=cancellation,
            unit=actor.unit,
            summary=f"申请取消请假：{request.leave_type.name}，{request.starts_on}至{request.ends_on}",
            changes={"request": request.pk},
        )
    return cancellation


def leave_cancellation_resubmit(*, actor: Staff, cancellation_id: int, reason: str) -> LeaveCancellation:
    if not reason.strip():
        raise LeaveError({"reason": _("Give the reason for the cancellation.")})
    with transaction.atomic():
        cancellation, approval, request = _lock_change(LeaveCancellation, actor=actor, change_id=cancellation_id)
        if cancellation.status != LeaveChange.Status.RETURNED:
            raise LeaveError(_("Only a request returned for revision can be edited and resubmitted."))
        _check_cancellation(request, exclude_id=cancellation.pk)
        cancellation.reason = reason.strip()
        cancellation.status = LeaveChange.Status.PENDING
        cancellation.save(update_fields=["reason", "status"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        audit_record(
            actor=actor.user,
            action="leave.cancellation_resubmit",
            target=cancellation,
            unit=actor.unit,
            summary="修改后重新提交取消请假申请",
        )
    return cancellation


def leave_cancellation_withdraw(*, actor: Staff, cancellation_id: int) -> LeaveCancellation:
    with transaction.atomic():
        cancellation, approval, _request = _lock_change(LeaveCancellation, actor=actor, change_id=cancellation_id)
        if cancellation.status not in WAITING:
            raise LeaveError(_("This request has already been decided and cannot be withdrawn."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise LeaveError(str(exc))
        cancellation.status = LeaveChange.Status.WITHDRAWN
        cancellation.save(update_fields=["status"])
        audit_record(
            actor=actor.user,
            action="leave.cancellation_withdraw",
            target=cancellation,
            unit=actor.unit,
            summary="撤回取消请假申请",
        )
    return cancellation


# ---------------------------------------------------------------------------
# Scheduled jobs


def leave_report_back_flag_overdue(*, today: datetime.date | None = None) -> int:
    """Flag approved leave not reported back by its deadline (daily job): the person, their section head and
    the unit's attendance keepers are told; one audit event per flagged request."""
    today = today or _today()
    ids = list(
        LeaveRequest.objects.filter(
            status=LeaveRequest.Status.APPROVED, report_back_due__lt=today, overdue_flagged_at__isnull=True
        ).values_list("pk", flat=True)
    )
    flagged = 0
    for request_id in ids:
        with transaction.atomic():
            request = LeaveRequest.objects.select_for_update().get(pk=request_id)
            if request.status != LeaveRequest.Status.APPROVED or request.overdue_flagged_at is not None:
                continue
            request.report_back_overdue = True
            request.overdue_flagged_at = timezone.now()
            request.save(update_fields=["report_back_overdue", "overdue_flagged_at"])
            staff = Staff.objects.select_related("user", "section__head__user", "unit").get(pk=request.staff_id)
            audit_record(
                actor=None,
                action="leave.report_back_overdue",
                target=request,
                unit=staff.unit,
                summary=f"逾期未销假：{staff.name}，{request.leave_type.name}，应于{request.report_back_due}前销假",
                changes={"report_back_due": request.report_back_due},
            )
            url = _detail_url(request)
            notify_after_commit(
                recipients=[staff.user],
                text=_("Your %(type)s ended on %(end)s; please report back (it was due by %(due)s).")
                % {"type": request.leave_type.name, "end": _cn(request.ends_on), "due": _cn(request.report_back_due)},
                url=url,
            )
            head = staff.section.head if staff.section_id else None
            others = [u for u in attendance_keepers(staff.unit) if u.pk != staff.user_id]
            if head is not None and head.pk != staff.pk:
                others.append(head.user)
            notify_after_commit(
                recipients=others,
                text=_("%(name)s has not reported back from %(type)s (due by %(due)s).")
                % {"name": staff.name, "type": request.leave_type.name, "due": _cn(request.report_back_due)},
                url=url,
            )
            flagged += 1
    return flagged


def leave_ledger_roll(*, today: datetime.date | None = None) -> int:
    """Post what is due in every ledger (daily job): January allocations, anniversary top-ups, carry-over and
    expiry of carried days. One audit event per unit in which anything was posted."""
    today = today or _today()
    posted_total = 0
    for unit in Unit.objects.order_by("id"):
        types = [t for t in leave_types_for(unit) if t.allocation != LeaveType.Allocation.NONE or t.carry_over_max_days]
        if not types:
            continue
        with transaction.atomic():
            posted: list[LeaveBalanceEntry] = []
            for staff in Staff.objects.filter(unit=unit).order_by("id"):
                for leave_type in types:
                    try:
                        with transaction.atomic():  # a savepoint, so a clash leaves the rest of the unit intact
                            posted += ledger.ensure_year(staff, leave_type, today.year, today, today)
                    except IntegrityError:  # a service posted the same carry-over a moment ago
                        continue
            if posted:
                audit_record(
                    actor=None,
                    action="leave.ledger_roll",
                    unit=unit,
                    summary=f"假期台账结转：记入 {len(posted)} 条（{today}）",
                    changes={"entries": len(posted), "day": today},
                )
        posted_total += len(posted)
    return posted_total


# ---------------------------------------------------------------------------
# Office and settings


def leave_balance_adjust(
    *, actor: Staff, staff_id: int, leave_type_id: int, year: int, days: Decimal, note: str
) -> LeaveBalanceEntry:
    """The office corrects a balance or grants a per-person entitlement (e.g. 探亲假 for those who qualify)."""
    if not note.strip():
        raise LeaveError({"note": _("Say why the balance is adjusted.")})
    if not days:
        raise LeaveError({"days": _("Enter a number of days other than 0.")})
    if days % Decimal("0.5"):
        raise LeaveError({"days": _("Days are counted in halves: enter e.g. 1 or 1.5.")})
    with transaction.atomic():
        staff = Staff.objects.select_related("user").filter(pk=staff_id, unit=actor.unit).first()
        leave_type = LeaveType.objects.filter(pk=leave_type_id, unit=actor.unit, has_balance=True).first()
        if staff is None or leave_type is None:
            raise LeaveError(_("Choose a person and a leave type with a balance."))
        entry = ledger.post_adjustment(
            staff,
            leave_type,
            year,
            days,
            max(datetime.date(year, 1, 1), min(_today(), datetime.date(year, 12, 31))),
            note.strip(),
            actor.user,
        )
        audit_record(
            actor=actor.user,
            action="leave.balance_adjust",
            target=entry,
            unit=actor.unit,
            summary=(
                f"调整假期余额：{staff.name}，{leave_type.name}，{year}年 "
                f"{'+' if days > 0 else ''}{fmt_days(days)} 天（{note.strip()}）"
            ),
            changes={"staff": staff.name, "type": leave_type.code, "year": year, "days": days},
        )
        notify_after_commit(
            recipients=[staff.user],
            text=_("Your %(type)s balance for %(year)s was adjusted by %(days)s days: %(note)s")
            % {"type": leave_type.name, "year": year, "days": fmt_days(days), "note": note.strip()},
            url=reverse("leave:mine"),
        )
    return entry


TYPE_FIELDS = (
    "name",
    "is_active",
    "counting",
    "has_balance",
    "allocation",
    "allocation_days",
    "entitlement_tiers",
    "exclusion_personal_days",
    "exclusion_sick_months",
    "carry_over_max_days",
    "carry_over_expires_month",
    "max_days_per_request",
    "needs_certificate_over_days",
    "allows_backdating",
    "backdating_max_days",
    "allows_half_days",
)


def leave_type_update(*, actor: Staff, leave_type_id: int, values: dict) -> LeaveType:
    """Edit a unit's rules for one leave type (business settings duty). Applies to requests from now on."""
    with transaction.atomic():
        leave_type = LeaveType.objects.select_for_update().filter(pk=leave_type_id, unit=actor.unit).first()
        if leave_type is None:
            raise LeaveError(_("This leave type cannot be found."))
        if values.get("allocation") == LeaveType.Allocation.FIXED and not values.get("allocation_days"):
            raise LeaveError({"allocation_days": _("Enter the days allocated each year.")})
        if values.get("allocation") == LeaveType.Allocation.YEARS_WORKED and not values.get("entitlement_tiers"):
            raise LeaveError({"entitlement_tiers": _("Enter the days by years worked.")})
        if values.get("allocation", LeaveType.Allocation.NONE) != LeaveType.Allocation.NONE and not values.get(
            "has_balance"
        ):
            raise LeaveError({"has_balance": _("A type with a yearly allocation is limited by its balance.")})
        changed = {}
        for name in TYPE_FIELDS:
            if name in values and getattr(leave_type, name) != values[name]:
                changed[name] = {"from": getattr(leave_type, name), "to": values[name]}
                setattr(leave_type, name, values[name])
        if changed:
            leave_type.save(update_fields=list(changed))
        audit_record(
            actor=actor.user,
            action="leave.type_update",
            target=leave_type,
            unit=actor.unit,
            summary=f"修改假期类型规则：{leave_type.name}（{len(changed)} 项）",
            changes=changed,
        )
    return leave_type


def leave_policy_update(*, actor: Staff, report_back_within_workdays: int) -> LeavePolicy:
    if not 1 <= report_back_within_workdays <= 10:
        raise LeaveError({"report_back_within_workdays": _("Enter a number of working days from 1 to 10.")})
    with transaction.atomic():
        policy, _created = LeavePolicy.objects.select_for_update().get_or_create(unit=actor.unit)
        before = policy.report_back_within_workdays
        policy.report_back_within_workdays = report_back_within_workdays
        policy.save(update_fields=["report_back_within_workdays"])
        audit_record(
            actor=actor.user,
            action="leave.policy_update",
            target=policy,
            unit=actor.unit,
            summary=f"修改销假期限：假期结束后第 {report_back_within_workdays} 个工作日内",
            changes={"report_back_within_workdays": {"from": before, "to": report_back_within_workdays}},
        )
    return policy


# ---------------------------------------------------------------------------
# Callbacks from the approval mechanism (inside approval_decide's transaction; it writes the audit event).


def _report_back_due(request: LeaveRequest) -> datetime.date:
    """The unit's deadline after the leave ends — or, for leave approved only after it ended (sick leave asked
    afterwards, a late decision), the same number of working days after the approval, so nobody is overdue
    before they could have reported back."""
    within = policy_for(request.unit).report_back_within_workdays
    return max(report_back_due(request.ends_on, within), report_back_due(_today(), within))


def on_approved(request: LeaveRequest, approval, actor) -> None:
    types = leave_types_for(request.unit)
    leave_type = next(t for t in types if t.pk == request.leave_type_id)
    staff = Staff.objects.select_related("unit").get(pk=request.staff_id)
    request.staff = staff
    request.leave_type = leave_type
    if leave_type.has_balance:
        ledger.ensure_year(staff, leave_type, request.year, request.starts_on, _today())
    try:
        _check_balance(
            staff,
            leave_type,
            request.starts_on,
            request.ends_on,
            request.days,
            types,
            exclude_id=request.pk,
            pending_included=False,
        )
    except LeaveError as exc:
        raise ApprovalError(_("It cannot be approved now: %(why)s") % {"why": error_text(exc)})
    ledger.post_use(request, request.days, _("Leave approved"), actor.user)
    request.status = LeaveRequest.Status.APPROVED
    request.report_back_due = _report_back_due(request)
    request.save(update_fields=["status", "report_back_due"])


on_rejected = set_status(LeaveRequest.Status.REJECTED)
on_returned = set_status(LeaveRequest.Status.RETURNED)


def on_extension_approved(extension: LeaveExtension, approval, actor) -> None:
    request = (
        LeaveRequest.objects.select_for_update()
        .select_related("leave_type", "staff__unit")
        .get(pk=extension.request_id)
    )
    if request.status != LeaveRequest.Status.APPROVED:
        raise ApprovalError(_("The leave has already been reported back or cancelled; the extension cannot apply."))
    if request.ends_on != extension.previous_ends_on:
        raise ApprovalError(_("The leave has changed since the extension was asked; ask again."))
    types = leave_types_for(request.unit)
    try:
        _check_balance(
            request.staff,
            request.leave_type,
            request.starts_on,
            extension.new_ends_on,
            extension.extra_days,
            types,
            pending_included=False,
        )
    except LeaveError as exc:
        raise ApprovalError(_("It cannot be approved now: %(why)s") % {"why": error_text(exc)})
    if request.original_ends_on is None:
        request.original_ends_on = request.ends_on
    request.ends_on = extension.new_ends_on
    request.end_half = extension.new_end_half
    request.days += extension.extra_days
    request.report_back_due = _report_back_due(request)
    # A new deadline lifts an overdue flag raised against the old one (it can only be raised after the end).
    request.save(update_fields=["original_ends_on", "ends_on", "end_half", "days", "report_back_due"])
    ledger.post_use(request, extension.extra_days, _("Extension approved"), actor.user)
    extension.status = LeaveChange.Status.APPROVED
    extension.save(update_fields=["status"])


on_change_rejected = set_status(LeaveChange.Status.REJECTED)
on_change_returned = set_status(LeaveChange.Status.RETURNED)


def on_cancellation_approved(cancellation: LeaveCancellation, approval, actor) -> None:
    request = (
        LeaveRequest.objects.select_for_update().select_related("leave_type", "staff").get(pk=cancellation.request_id)
    )
    if request.status != LeaveRequest.Status.APPROVED:
        raise ApprovalError(_("The leave is no longer approved; there is nothing to cancel."))
    if _today() >= request.starts_on:
        raise ApprovalError(
            _(
                "The leave has already started and cannot be cancelled; the applicant reports back "
                "instead. Reject this request."
            )
        )
    request.status = LeaveRequest.Status.CANCELLED
    request.returned_days = request.days
    request.save(update_fields=["status", "returned_days"])
    ledger.post_return(request, request.days, _("Leave cancelled"), actor.user)
    cancellation.status = LeaveChange.Status.APPROVED
    cancellation.save(update_fields=["status"])
