"""The organization: units, sections, staff and who leads whom.

Every business role is read from here: a section's head, the leader who
supervises it (分管), the unit's principal leader and executive deputy, and the
members of the affairs meeting (部务会).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Unit(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("City department")
        COUNTY = "county", _("County department")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    principal_leader = models.ForeignKey(
        "Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("principal leader")
    )
    executive_deputy = models.ForeignKey(
        "Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("executive deputy")
    )
    require_totp = models.BooleanField(_("require two-factor login for everyone"), default=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sections", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_office = models.BooleanField(_("is the office (办公室)"), default=False)
    head = models.ForeignKey(
        "Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("section head")
    )
    supervisor = models.ForeignKey(
        "Staff",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_sections",
        verbose_name=_("supervising leader"),
    )

    class Meta:
        ordering = ["unit", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="org_section_unique_name")]

    def __str__(self) -> str:
        return self.name


class Position(models.IntegerChoices):
    """职务, ordered by level; approval routing reads it."""

    STAFF = 10, pgettext_lazy("position", "Staff member")
    SECTION_DEPUTY = 20, pgettext_lazy("position", "Deputy section head")
    SECTION_HEAD = 30, pgettext_lazy("position", "Section head")
    DEPUTY = 40, pgettext_lazy("position", "Deputy head of department")
    EXECUTIVE_DEPUTY = 50, pgettext_lazy("position", "Executive deputy head")
    PRINCIPAL = 60, pgettext_lazy("position", "Head of department")


class Grade(models.TextChoices):
    """职级 of civil servants (公务员职务与职级并行规定)."""

    NONE = "", _("—")
    LEVEL1_RESEARCHER = "一级调研员", _("Level-1 researcher")
    LEVEL2_RESEARCHER = "二级调研员", _("Level-2 researcher")
    LEVEL3_RESEARCHER = "三级调研员", _("Level-3 researcher")
    LEVEL4_RESEARCHER = "四级调研员", _("Level-4 researcher")
    LEVEL1_CLERK = "一级主任科员", _("Level-1 principal clerk")
    LEVEL2_CLERK = "二级主任科员", _("Level-2 principal clerk")
    LEVEL3_CLERK = "三级主任科员", _("Level-3 principal clerk")
    LEVEL4_CLERK = "四级主任科员", _("Level-4 principal clerk")
    LEVEL1_MEMBER = "一级科员", _("Level-1 clerk")
    LEVEL2_MEMBER = "二级科员", _("Level-2 clerk")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Staff(models.Model):
    """A cadre's profile. Phone and ID number are stored SM4-encrypted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff", verbose_name=_("account")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff", verbose_name=_("unit"))
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"), choices=Position.choices, default=Position.STAFF)
    title = models.CharField(pgettext_lazy("staff", "title"), max_length=50, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    started_work_on = models.DateField(_("date started work"))
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    name_pinyin = models.CharField(max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(max_length=20, blank=True, db_index=True)
    is_affairs_member = models.BooleanField(_("member of the affairs meeting"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["unit", "-position", "order", "id"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.user.full_name

    @property
    def name(self) -> str:
        return self.user.full_name


class Delegation(models.Model):
    """A leader names someone to act for them (代) over a period."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("leader"))
    delegate = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+", verbose_name=_("delegate"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="org_delegation_dates"),
            models.CheckConstraint(condition=~models.Q(staff=models.F("delegate")), name="org_delegation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} → {self.delegate}（{self.starts_on}–{self.ends_on}）"
