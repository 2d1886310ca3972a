"""The named cast every test uses: one county department with leaders, sections and staff,
plus the three administrators. Built through the services, as real data is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from accounts.models import AdminRole, User
from org.models import Gender, Position, Section, Staff, Unit
from org.services import staff_create

PASSWORD = "Zugong@2026"


@dataclass
class Cast:
    city: Unit
    unit: Unit
    other_unit: Unit
    office: Section
    org_section: Section
    cadre_section: Section
    principal: Staff
    exec_deputy: Staff
    deputy: Staff
    office_head: Staff
    head: Staff  # head of 组织科
    staff: Staff  # a staff member of 组织科
    colleague: Staff  # another staff member of 组织科
    cadre_head: Staff  # head of 干部科
    outsider: Staff  # a staff member of 干部科
    other_unit_staff: Staff
    sysadmin: User
    secadmin: User
    auditadmin: User


def _person(unit, section, username, name, position, title, gender=Gender.MALE, years=12, **kw) -> Staff:
    started = datetime.date(2026 - years, 7, 1)
    return staff_create(
        actor=None,
        unit=unit,
        section=section,
        username=username,
        full_name=name,
        gender=gender,
        started_work_on=started,
        position=position,
        title=title,
        password=PASSWORD,
        audit=False,
        **kw,
    )


def make_admin(username: str, name: str, role: str) -> User:
    user = User(username=username, full_name=name, admin_role=role, must_change_password=False)
    user.set_password(PASSWORD)
    user.save()
    return user


@transaction.atomic
def build_cast() -> Cast:
    city = Unit.objects.create(name="示例市委组织部", short_name="示例市", level=Unit.Level.CITY)
    unit = Unit.objects.create(name="示例县委组织部", short_name="示例县", parent=city, order=1)
    other_unit = Unit.objects.create(name="邻县委组织部", short_name="邻县", parent=city, order=2)
    office = Section.objects.create(unit=unit, name="办公室", order=1, is_office=True)
    org_section = Section.objects.create(unit=unit, name="组织科", order=2)
    cadre_section = Section.objects.create(unit=unit, name="干部科", order=3)

    principal = _person(unit, None, "buzhang", "李建国", Position.PRINCIPAL, "部长", is_affairs_member=True)
    exec_deputy = _person(
        unit, None, "changwu", "王志海", Position.EXECUTIVE_DEPUTY, "常务副部长", is_affairs_member=True
    )
    deputy = _person(
        unit, None, "fubuzhang", "赵红梅", Position.DEPUTY, "副部长", Gender.FEMALE, is_affairs_member=True
    )
    office_head = _person(unit, office, "bgszr", "孙立", Position.SECTION_HEAD, "办公室主任")
    head = _person(unit, org_section, "zzkz", "周明", Position.SECTION_HEAD, "组织科科长")
    staff = _person(unit, org_section, "zhangsf", "张三丰", Position.STAFF, "科员", years=9)
    colleague = _person(unit, org_section, "liusy", "刘思远", Position.STAFF, "科员", Gender.FEMALE, years=3)
    cadre_head = _person(unit, cadre_section, "gbkz", "陈刚", Position.SECTION_HEAD, "干部科科长")
    outsider = _person(unit, cadre_section, "wuxl", "吴晓琳", Position.STAFF, "科员", Gender.FEMALE)
    other_unit_staff = _person(other_unit, None, "linxian", "郑一", Position.STAFF, "科员")

    unit.principal_leader = principal
    unit.executive_deputy = exec_deputy
    unit.save(update_fields=["principal_leader", "executive_deputy"])
    office.head, office.supervisor = office_head, exec_deputy
    org_section.head, org_section.supervisor = head, deputy
    cadre_section.head, cadre_section.supervisor = cadre_head, deputy
    for section in (office, org_section, cadre_section):
        section.save(update_fields=["head", "supervisor"])
    for person in (principal, exec_deputy, deputy, office_head, head, staff, colleague, cadre_head, outsider):
        person.user.must_change_password = False
        person.user.save(update_fields=["must_change_password"])
    other_unit_staff.user.must_change_password = False
    other_unit_staff.user.save(update_fields=["must_change_password"])

    return Cast(
        city=city,
        unit=unit,
        other_unit=other_unit,
        office=office,
        org_section=org_section,
        cadre_section=cadre_section,
        principal=principal,
        exec_deputy=exec_deputy,
        deputy=deputy,
        office_head=office_head,
        head=head,
        staff=staff,
        colleague=colleague,
        cadre_head=cadre_head,
        outsider=outsider,
        other_unit_staff=other_unit_staff,
        sysadmin=make_admin("sysadmin", "系统管理员", AdminRole.SYSTEM),
        secadmin=make_admin("secadmin", "安全管理员", AdminRole.SECURITY),
        auditadmin=make_admin("auditadmin", "审计管理员", AdminRole.AUDIT),
    )


def grant_duty(person, duty: str) -> None:
    """Give a person a business duty (as the security administrator would), clearing the per-user cache."""
    from accounts.models import DutyGrant

    user = getattr(person, "user", person)
    DutyGrant.objects.get_or_create(user=user, duty=duty)
    if hasattr(user, "_duty_cache"):
        del user._duty_cache
