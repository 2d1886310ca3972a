"""State changes of the organization. Each is one transaction with one audit event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from audit.services import audit_record
from core.crypto import blind_index, sm4_encrypt
from notify.services import notify_after_commit
from org.models import Delegation, Grade, Position, Section, Staff, Unit
from org.privacy import staff_id_number, staff_phone
from org.roles import can_delegate

User = get_user_model()

CHANGED = "已修改"  # what the audit log says about a changed phone/ID number: never the value


class OrgError(ValidationError):
    """A change to the organization that is not allowed; the message says why, in the user's language."""


def pinyin_fields(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a Chinese name: 张三丰 → ("zhangsanfeng", "zsf")."""
    full = lazy_pinyin(name)
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER)
    return "".join(full).lower(), "".join(initials).lower()


def name_fields(full_name: str) -> dict[str, str]:
    full, initials = pinyin_fields(full_name)
    return {"name_pinyin": full, "name_initials": initials}


def sensitive_fields(*, phone: str = "", id_number: str = "") -> dict[str, str]:
    """The stored (encrypted + blind-indexed) form of a phone number and an ID number."""
    return {
        "phone_encrypted": sm4_encrypt(phone) if phone else "",
        "id_number_encrypted": sm4_encrypt(id_number) if id_number else "",
        "id_number_index": blind_index(id_number) if id_number else "",
    }


def _name(staff: Staff | None) -> str:
    return staff.name if staff is not None else ""


def staff_create(
    *,
    actor,
    unit: Unit,
    username: str,
    full_name: str,
    gender: str,
    started_work_on: datetime.date,
    section: Section | None = None,
    position: int = Position.STAFF,
    title: str = "",
    grade: str = "",
    phone: str = "",
    id_number: str = "",
    is_affairs_member: bool = False,
    password: str | None = None,
    order: int = 0,
    audit: bool = True,
) -> Staff:
    """Create an account and its staff profile. Without a password the account cannot log in until one is set."""
    with transaction.atomic():
        user = User(username=username, full_name=full_name, must_change_password=True)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        staff = Staff.objects.create(
            user=user,
            unit=unit,
            section=section,
            position=position,
            title=title,
            grade=grade,
            gender=gender,
            started_work_on=started_work_on,
            is_affairs_member=is_affairs_member,
            order=order,
            **name_fields(full_name),
            **sensitive_fields(phone=phone, id_number=id_number),
        )
        if audit:
            audit_record(
                actor=actor,
                action="org.staff_create",
                target=staff,
                unit=unit,
                summary=f"新建人员 {full_name}（{username}）",
                changes={"section": section.name if section else "", "position": int(position)},
            )
    return staff


# ---------------------------------------------------------------------------
# Import


@dataclass
class StaffRow:
    """One checked row of an import file (see org.importing), ready to be created."""

    row_number: int
    full_name: str
    username: str
    gender: str
    section: Section | None
    position: int
    title: str
    grade: str
    started_work_on: datetime.date
    phone: str
    id_number: str
    is_affairs_member: bool


def staff_import(*, actor, unit: Unit, rows: Sequence[StaffRow]) -> list[Staff]:
    """Create every row's account and profile, or none of them.

    Rows come checked from org.importing; uniqueness is checked again here,
    under the unit lock, because another import may have committed since.
    Accounts get an unusable password: the system administrator sets the
    first one, and the person must change it at first login.
    """
    if not rows:
        raise OrgError(_("The file contains no staff."))
    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=unit.pk)
        usernames = [row.username for row in rows]
        taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if taken:
            raise OrgError(_("These usernames already exist: %(names)s.") % {"names": "、".join(sorted(taken))})
        indexes = {blind_index(row.id_number): row for row in rows if row.id_number}
        duplicates = Staff.objects.filter(id_number_index__in=list(indexes)).values_list("id_number_index", flat=True)
        if duplicates:
            names = "、".join(indexes[index].full_name for index in duplicates)
            raise OrgError(_("These people are already in the system (same ID number): %(names)s.") % {"names": names})
        for row in rows:
            if row.section is not None and row.section.unit_id != unit.pk:
                raise OrgError(_("Row %(row)s: the section is not in this unit.") % {"row": row.row_number})
        created = [
            staff_create(
                actor=actor,
                unit=unit,
                username=row.username,
                full_name=row.full_name,
                gender=row.gender,
                started_work_on=row.started_work_on,
                section=row.section,
                position=row.position,
                title=row.title,
                grade=row.grade,
                phone=row.phone,
                id_number=row.id_number,
                is_affairs_member=row.is_affairs_member,
                password=None,
                audit=False,
            )
            for row in rows
        ]
        audit_record(
            actor=actor,
            action="org.staff_import",
            target=unit,
            unit=unit,
            summary=f"从 Excel 导入人员 {len(created)} 人",
            changes={"count": len(created), "usernames": usernames},
        )
    return created


# ---------------------------------------------------------------------------
# Edit and reveal


def staff_update(
    *,
    actor,
    staff: Staff,
    section: Section | None,
    position: int,
    title: str,
    grade: str,
    phone: str | None = None,
    id_number: str | None = None,
) -> Staff:
    """Change a person's post and contact facts. `phone` / `id_number` None means "leave as is".

    The audit event names the changed fields; a changed phone or ID number is
    recorded only as "已修改", never with its value.
    """
    with transaction.atomic():
        staff = Staff.objects.select_for_update(of=("self",)).select_related("user", "section").get(pk=staff.pk)
        if section is not None and section.unit_id != staff.unit_id:
            raise OrgError(_("The section is not in this person's unit."))
        if position not in Position.values:
            raise OrgError(_("Unknown position."))
        if grade not in Grade.values:
            raise OrgError(_("Unknown grade."))
        changes: dict[str, object] = {}
        fields: list[str] = []
        if section != staff.section:
            headed_qs = Section.objects.filter(head=staff)
            if section is not None:
                headed_qs = headed_qs.exclude(pk=section.pk)
            headed = headed_qs.first()
            if headed is not None:
                raise OrgError(
                    _("%(name)s heads %(section)s. Name another head on the sections page before moving them.")
                    % {"name": staff.name, "section": headed.name}
                )
            changes["section"] = [staff.section.name if staff.section else "", section.name if section else ""]
            staff.section = section
            fields.append("section")
        for field, value in (("position", int(position)), ("title", title), ("grade", grade)):
            if getattr(staff, field) != value:
                changes[field] = [getattr(staff, field), value]
                setattr(staff, field, value)
                fields.append(field)
        if phone is not None and phone != staff_phone(staff):
            staff.phone_encrypted = sm4_encrypt(phone) if phone else ""
            changes["phone"] = CHANGED
            fields.append("phone_encrypted")
        if id_number is not None and id_number != staff_id_number(staff):
            if id_number and Staff.objects.filter(id_number_index=blind_index(id_number)).exclude(pk=staff.pk).exists():
                raise OrgError(_("Another person in the system has this ID number."))
            stored = sensitive_fields(id_number=id_number)
            staff.id_number_encrypted = stored["id_number_encrypted"]
            staff.id_number_index = stored["id_number_index"]
            changes["id_number"] = CHANGED
            fields += ["id_number_encrypted", "id_number_index"]
        if not fields:
            raise OrgError(_("Nothing was changed."))
        staff.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="org.staff_update",
            target=staff,
            unit=staff.unit,
            summary=f"修改人员信息 {staff.name}",
            changes=changes,
        )
    return staff


@dataclass
class Revealed:
    phone: str
    id_number: str


def staff_reveal(*, actor, staff: Staff) -> Revealed:
    """Decrypt a person's phone and ID number for display, and record who looked."""
    with transaction.atomic():
        revealed = Revealed(phone=staff_phone(staff), id_number=staff_id_number(staff))
        audit_record(
            actor=actor,
            action="org.staff_reveal",
            target=staff,
            unit=staff.unit,
            summary=f"查看 {staff.name} 的完整手机号和身份证号",
        )
    return revealed


def staff_export(*, actor, unit: Unit, staff: Sequence[Staff], masked: bool, filters: str = "") -> bytes:
    """The roster as an .xlsx file; exporting personal data is recorded, with whether phones were masked."""
    from org.excel import roster_workbook

    with transaction.atomic():
        content = roster_workbook(unit=unit, staff=staff, masked=masked)
        audit_record(
            actor=actor,
            action="org.staff_export",
            target=unit,
            unit=unit,
            summary=f"导出干部名册 {len(staff)} 人（手机号{'已脱敏' if masked else '完整'}）",
            changes={"count": len(staff), "masked": masked, "filters": filters},
        )
    return content


# ---------------------------------------------------------------------------
# Leaders


def _check_unit_leader(person: Staff | None, unit: Unit, label: str) -> None:
    if person is None:
        return
    if person.unit_id != unit.pk:
        raise OrgError(_("%(label)s must be a member of this unit.") % {"label": label})
    if person.position < Position.DEPUTY:
        raise OrgError(_("%(label)s must be a department leader (deputy head or above).") % {"label": label})


def section_assign_leaders(*, actor, section: Section, head: Staff | None, supervisor: Staff | None) -> Section:
    """Name a section's head (one of its members) and the leader who supervises it (分管)."""
    with transaction.atomic():
        section = (
            Section.objects.select_for_update(of=("self",))
            .select_related("head__user", "supervisor__user")
            .get(pk=section.pk)
        )
        if head is not None and head.section_id != section.pk:
            raise OrgError(
                _("%(name)s is not a member of %(section)s. Move them to the section first.")
                % {"name": head.name, "section": section.name}
            )
        _check_unit_leader(supervisor, section.unit, _("The supervising leader"))
        changes: dict[str, list[str]] = {}
        if head != section.head:
            changes["head"] = [_name(section.head), _name(head)]
        if supervisor != section.supervisor:
            changes["supervisor"] = [_name(section.supervisor), _name(supervisor)]
        if not changes:
            raise OrgError(_("Nothing was changed."))
        section.head = head
        section.supervisor = supervisor
        section.save(update_fields=["head", "supervisor"])
        audit_record(
            actor=actor,
            action="org.section_assign_leaders",
            target=section,
            unit=section.unit,
            summary=f"调整{section.name}负责人与分管领导",
            changes=changes,
        )
    return section


def unit_assign_leaders(
    *,
    actor,
    unit: Unit,
    principal_leader: Staff | None,
    executive_deputy: Staff | None,
    affairs_members: Iterable[Staff],
) -> Unit:
    """Name the unit's principal leader and executive deputy, and who sits on the affairs meeting (部务会)."""
    members = list(affairs_members)
    with transaction.atomic():
        unit = (
            Unit.objects.select_for_update(of=("self",))
            .select_related("principal_leader__user", "executive_deputy__user")
            .get(pk=unit.pk)
        )
        _check_unit_leader(principal_leader, unit, _("The principal leader"))
        _check_unit_leader(executive_deputy, unit, _("The executive deputy"))
        if principal_leader is not None and principal_leader == executive_deputy:
            raise OrgError(_("The principal leader and the executive deputy must be different people."))
        if any(member.unit_id != unit.pk for member in members):
            raise OrgError(_("Members of the affairs meeting must be members of this unit."))
        current = {s.pk: s.name for s in Staff.objects.filter(unit=unit, is_affairs_member=True).select_related("user")}
        wanted = {s.pk: s.name for s in members}
        changes: dict[str, object] = {}
        if principal_leader != unit.principal_leader:
            changes["principal_leader"] = [_name(unit.principal_leader), _name(principal_leader)]
        if executive_deputy != unit.executive_deputy:
            changes["executive_deputy"] = [_name(unit.executive_deputy), _name(executive_deputy)]
        added = [wanted[pk] for pk in wanted if pk not in current]
        removed = [current[pk] for pk in current if pk not in wanted]
        if added:
            changes["affairs_added"] = added
        if removed:
            changes["affairs_removed"] = removed
        if not changes:
            raise OrgError(_("Nothing was changed."))
        unit.principal_leader = principal_leader
        unit.executive_deputy = executive_deputy
        unit.save(update_fields=["principal_leader", "executive_deputy"])
        Staff.objects.filter(unit=unit, pk__in=list(wanted)).exclude(is_affairs_member=True).update(
            is_affairs_member=True
        )
        Staff.objects.filter(unit=unit, is_affairs_member=True).exclude(pk__in=list(wanted)).update(
            is_affairs_member=False
        )
        audit_record(
            actor=actor,
            action="org.unit_assign_leaders",
            target=unit,
            unit=unit,
            summary=f"调整{unit.name}主要领导、常务副部长和部务会成员",
            changes=changes,
        )
    return unit


# ---------------------------------------------------------------------------
# Delegation


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _period(starts_on: datetime.date, ends_on: datetime.date) -> str:
    return f"{cn_date(starts_on)}至{cn_date(ends_on)}"


def delegation_create(
    *, actor, leader: Staff, delegate: Staff, starts_on: datetime.date, ends_on: datetime.date
) -> Delegation:
    """A leader names a colleague of the same unit to decide for them (代) over a period.

    Periods of one leader do not overlap, so on any day there is at most one delegate.
    """
    today = timezone.localdate()
    with transaction.atomic():
        leader = Staff.objects.select_for_update(of=("self",)).select_related("user").get(pk=leader.pk)
        if leader.user_id != actor.pk:
            raise OrgError(_("You can only name a delegate for yourself."))
        if not can_delegate(leader):
            raise OrgError(_("Only section heads and department leaders can name a delegate."))
        if delegate.pk == leader.pk:
            raise OrgError(_("You cannot name yourself as your delegate."))
        if delegate.unit_id != leader.unit_id:
            raise OrgError(_("The delegate must be a member of your unit."))
        if ends_on < starts_on:
            raise OrgError(_("The end date must not be before the start date."))
        if starts_on < today:
            raise OrgError(_("The period cannot start in the past."))
        clash = (
            Delegation.objects.filter(staff=leader, starts_on__lte=ends_on, ends_on__gte=starts_on)
            .select_related("delegate__user")
            .first()
        )
        if clash is not None:
            raise OrgError(
                _("This period overlaps your delegation to %(name)s (%(period)s). Cancel that one first.")
                % {"name": clash.delegate.name, "period": _period(clash.starts_on, clash.ends_on)}
            )
        delegation = Delegation.objects.create(staff=leader, delegate=delegate, starts_on=starts_on, ends_on=ends_on)
        period = _period(starts_on, ends_on)
        audit_record(
            actor=actor,
            action="org.delegation_create",
            target=delegation,
            unit=leader.unit,
            summary=f"{leader.name} 委托 {delegate.name} 代为审批（{period}）",
            changes={"delegate": delegate.name, "starts_on": starts_on, "ends_on": ends_on},
        )
        notify_after_commit(
            recipients=[delegate.user],
            text=f"{leader.name} 委托您在 {period} 期间代为处理其审批事项",
            url=reverse("org:delegation"),
        )
    return delegation


def delegation_cancel(*, actor, delegation: Delegation) -> None:
    """End a delegation now. One not yet in force is removed; one in force ends yesterday.

    Routing reads only the period (see approvals.routing), so cutting the period is
    what makes the delegate stop receiving steps; the audit log keeps the history.
    """
    today = timezone.localdate()
    with transaction.atomic():
        delegation = (
            Delegation.objects.select_for_update(of=("self",))
            .select_related("staff__user", "staff__unit", "delegate__user")
            .get(pk=delegation.pk)
        )
        if delegation.staff.user_id != actor.pk:
            raise OrgError(_("You can only cancel your own delegation."))
        if delegation.ends_on < today:
            raise OrgError(_("This delegation has already ended."))
        period = _period(delegation.starts_on, delegation.ends_on)
        leader, delegate = delegation.staff, delegation.delegate
        audit_record(
            actor=actor,
            action="org.delegation_cancel",
            target=delegation,
            unit=leader.unit,
            summary=f"{leader.name} 取消委托 {delegate.name}（{period}）",
            changes={"delegate": delegate.name, "period": period},
        )
        if delegation.starts_on >= today:
            delegation.delete()
        else:
            delegation.ends_on = today - datetime.timedelta(days=1)
            delegation.save(update_fields=["ends_on"])
        notify_after_commit(
            recipients=[delegate.user],
            text=f"{leader.name} 已取消对您的委托（{period}）",
            url=reverse("org:delegation"),
        )
