"""State changes of the organization. Each is one transaction with one audit event."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from pypinyin import Style, lazy_pinyin

from audit.services import audit_record
from core.crypto import blind_index, sm4_encrypt
from org.models import Position, Section, Staff, Unit

User = get_user_model()


def pinyin_fields(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a Chinese name: 张三丰 → ("zhangsanfeng", "zsf")."""
    full = lazy_pinyin(name)
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER)
    return "".join(full).lower(), "".join(initials).lower()


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
        full, initials = pinyin_fields(full_name)
        staff = Staff.objects.create(
            user=user,
            unit=unit,
            section=section,
            position=position,
            title=title,
            grade=grade,
            gender=gender,
            started_work_on=started_work_on,
            phone_encrypted=sm4_encrypt(phone) if phone else "",
            id_number_encrypted=sm4_encrypt(id_number) if id_number else "",
            id_number_index=blind_index(id_number) if id_number else "",
            name_pinyin=full,
            name_initials=initials,
            is_affairs_member=is_affairs_member,
            order=order,
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
