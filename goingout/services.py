"""State changes of going-out reports; each is one transaction with one audit event."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
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
from goingout.models import GoingOutReport
from org.models import Staff

KIND = "goingout"
ACTIVE = (GoingOutReport.Status.PENDING, GoingOutReport.Status.APPROVED, GoingOutReport.Status.RETURNED)


class GoingOutError(Exception):
    """Refused; the message says why in the user's language."""


def _lock(*, actor: Staff, report_id: int) -> tuple[GoingOutReport, Approval]:
    report, approval = approval_lock_with_target(GoingOutReport.objects.filter(staff=actor), report_id)
    if report is None:
        raise GoingOutError(_("This going-out report cannot be found."))
    return report, approval


def _check(*, staff: Staff, starts_on: datetime.date, ends_on: datetime.date, exclude_id: int | None = None) -> None:
    if ends_on < starts_on:
        raise GoingOutError(_("The end date cannot be before the start date."))
    if starts_on < timezone.localdate():
        raise GoingOutError(_("A going-out report must be filed before leaving; the start date cannot be in the past."))
    if (ends_on - starts_on).days + 1 > 60:
        raise GoingOutError(_("A going-out report covers at most 60 days."))
    overlapping = GoingOutReport.objects.filter(
        staff=staff, status__in=ACTIVE, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(pk=exclude_id)
    if overlapping.exists():
        raise GoingOutError(_("You already have a going-out report for these dates."))


def _title(report: GoingOutReport) -> str:
    return f"外出报备：{report.destination}（{report.starts_on:%m月%d日}—{report.ends_on:%m月%d日}）"


def goingout_report_submit(
    *,
    actor: Staff,
    purpose: str,
    destination: str,
    reason: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    contact: str = "",
) -> GoingOutReport:
    with transaction.atomic():
        _check(staff=actor, starts_on=starts_on, ends_on=ends_on)
        report = GoingOutReport.objects.create(
            unit=actor.unit,
            staff=actor,
            purpose=purpose,
            destination=destination.strip(),
            reason=reason.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            contact=contact.strip(),
        )
        try:
            approval_open(applicant=actor, kind=KIND, target=report, title=_title(report), days=Decimal(report.days))
        except ApprovalError as exc:
            raise GoingOutError(str(exc))
        audit_record(
            actor=actor.user,
            action="goingout.submit",
            target=report,
            unit=actor.unit,
            summary=f"提交外出报备：{report.destination}，{report.starts_on}至{report.ends_on}",
            changes={"purpose": purpose, "days": report.days},
        )
    return report


def goingout_report_resubmit(
    *,
    actor: Staff,
    report_id: int,
    purpose: str,
    destination: str,
    reason: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    contact: str = "",
) -> GoingOutReport:
    """Revise a returned report and send it back to the step that returned it."""
    with transaction.atomic():
        report, approval = _lock(actor=actor, report_id=report_id)
        if report.status != GoingOutReport.Status.RETURNED:
            raise GoingOutError(_("Only a report returned for revision can be edited and resubmitted."))
        _check(staff=actor, starts_on=starts_on, ends_on=ends_on, exclude_id=report.pk)
        before = {"destination": report.destination, "starts_on": report.starts_on, "ends_on": report.ends_on}
        report.purpose = purpose
        report.destination = destination.strip()
        report.reason = reason.strip()
        report.starts_on = starts_on
        report.ends_on = ends_on
        report.contact = contact.strip()
        report.status = GoingOutReport.Status.PENDING
        report.save(update_fields=["purpose", "destination", "reason", "starts_on", "ends_on", "contact", "status"])
        approval.title = _title(report)
        approval.days = Decimal(report.days)
        approval.save(update_fields=["title", "days"])
        try:
            approval_reopen(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise GoingOutError(str(exc))
        audit_record(
            actor=actor.user,
            action="goingout.resubmit",
            target=report,
            unit=actor.unit,
            summary=f"修改后重新提交外出报备：{report.destination}",
            changes={
                "before": before,
                "after": {"destination": report.destination, "starts_on": starts_on, "ends_on": ends_on},
            },
        )
    return report


def goingout_report_withdraw(*, actor: Staff, report_id: int) -> GoingOutReport:
    with transaction.atomic():
        report, approval = _lock(actor=actor, report_id=report_id)
        if report.status not in (GoingOutReport.Status.PENDING, GoingOutReport.Status.RETURNED):
            raise GoingOutError(_("This report has already been decided and cannot be withdrawn."))
        try:
            approval_withdraw(approval=approval, applicant=actor)
        except ApprovalError as exc:
            raise GoingOutError(str(exc))
        report.status = GoingOutReport.Status.WITHDRAWN
        report.save(update_fields=["status"])
        audit_record(
            actor=actor.user, action="goingout.withdraw", target=report, unit=actor.unit, summary="撤回外出报备"
        )
    return report


# Callbacks from the approval mechanism, inside its deciding transaction (it writes the audit event).
def on_approved(report: GoingOutReport, approval, actor) -> None:
    report.status = GoingOutReport.Status.APPROVED
    report.save(update_fields=["status"])


on_rejected = set_status(GoingOutReport.Status.REJECTED)
on_returned = set_status(GoingOutReport.Status.RETURNED)
