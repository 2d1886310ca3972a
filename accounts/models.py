"""Accounts: the login identity, the three administrators and granted duties.

Business roles (section head, supervising leader, ...) come from the org chart
(`org`), never from flags here. The three administrators (三员) are accounts
with `admin_role` set; they hold no staff profile and no duty.
"""

import datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdminRole(models.TextChoices):
    SYSTEM = "system", _("System administrator")
    SECURITY = "security", _("Security administrator")
    AUDIT = "audit", _("Audit administrator")


class User(AbstractUser):
    full_name = models.CharField(_("name"), max_length=50)
    admin_role = models.CharField(_("administrator role"), max_length=16, choices=AdminRole.choices, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    totp_enabled = models.BooleanField(_("two-factor login enabled"), default=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            # No operating account is a Django superuser: powers are split (三员分立).
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="accounts_user_no_superuser"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_administrator(self) -> bool:
        return bool(self.admin_role)

    @property
    def staff_or_none(self):
        return getattr(self, "staff", None)

    @property
    def password_set_at(self) -> datetime.datetime:
        """When the current password was set; accounts never changed through the app count from creation."""
        return self.password_changed_at or self.date_joined

    def clean(self) -> None:
        super().clean()
        from accounts.guards import check_admin_role_allowed

        check_admin_role_allowed(self)


class Duty(models.TextChoices):
    """Business duties granted to office staff by the security administrator."""

    BUSINESS_SETTINGS = "settings", _("Business settings (approval routes, thresholds)")
    STAFF_RECORDS = "staff_records", _("Staff records (import, edit)")
    ATTENDANCE = "attendance", _("Attendance keeping")
    DOCUMENT_REGISTER = "documents", _("Document register")
    SUPERVISION = "supervision", _("Task supervision office")


class DutyGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="duty_grants", verbose_name=_("account"))
    duty = models.CharField(_("duty"), max_length=32, choices=Duty.choices)
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty grant")
        verbose_name_plural = _("duty grants")
        constraints = [models.UniqueConstraint(fields=["user", "duty"], name="accounts_dutygrant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_duty_display()}"

    def clean(self) -> None:
        super().clean()
        from accounts.guards import check_duty_allowed

        check_duty_allowed(self.user_id)


class Session(AbstractBaseSession):
    """A signed-in browser's session: Django's session row, plus whose it is.

    The account is a column (set from the session's data when it is saved), so every request reads
    its session, account and staff profile in one statement (`accounts.sessions`) instead of two.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore
