"""State changes of accounts: login events, passwords, two-factor devices and the administrators' actions.

Each function is one transaction that writes exactly one audit event.
"""

from __future__ import annotations

import secrets
from enum import StrEnum

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy
from accounts.guards import SeparationOfDutiesError
from accounts.models import AdminRole, Duty, DutyGrant, User
from audit.models import AuditEvent
from audit.services import audit_record
from notify.services import notify_after_commit

FAILURE = AuditEvent.Outcome.FAILURE

# No look-alike characters: an initial password is read off a screen and typed in.
_PASSWORD_CLASSES = ("abcdefghjkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "!@#$%*-_=+?")


def generate_initial_password(length: int = 14) -> str:
    """A random password with every character class, so it passes any configured validator."""
    alphabet = "".join(_PASSWORD_CLASSES)
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if all(any(ch in chars for ch in password) for chars in _PASSWORD_CLASSES):
            return password


def _unit_of(user):
    staff = getattr(user, "staff", None) if not user.admin_role else None
    return staff.unit if staff is not None else None


# --- Login, logout, second factor ----------------------------------------------------------------------------


class LoginFailure(StrEnum):
    PASSWORD = "password"  # wrong username or password
    LOCKOUT = "lockout"  # this failure reached the limit and locked the account
    LOCKED = "locked"  # refused because the account was already locked


def login_record(*, user: User, second_factor_pending: bool) -> None:
    summary = "口令验证通过，待动态口令验证" if second_factor_pending else "登录成功"
    with transaction.atomic():
        audit_record(actor=user, action="accounts.login", target=user, summary=summary)


def login_failure_record(*, username: str, kind: LoginFailure) -> None:
    """A failed login. The actor is the account tried, or None when no account has that username."""
    user = User.objects.filter(username=username).select_related("staff__unit").first()
    tried = username[:150]
    if kind == LoginFailure.LOCKOUT:
        action = "accounts.lockout"
        summary = (
            f"用户名 {tried} 连续登录失败 {settings.AXES_FAILURE_LIMIT} 次，"
            f"锁定 {round(settings.AXES_COOLOFF_TIME * 60)} 分钟"
        )
    elif kind == LoginFailure.LOCKED:
        action = "accounts.login_failure"
        summary = f"用户名 {tried} 登录被拒绝：账号已锁定"
    else:
        action = "accounts.login_failure"
        summary = f"用户名 {tried} 登录失败：用户名或密码错误"
    with transaction.atomic():
        audit_record(actor=user, action=action, target=user, outcome=FAILURE, summary=summary)


def otp_check_record(*, user: User, ok: bool) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="accounts.otp_verify",
            target=user,
            outcome=AuditEvent.Outcome.SUCCESS if ok else FAILURE,
            summary="动态口令验证通过，登录成功" if ok else "动态口令错误",
        )


def logout_record(*, user: User, idle: bool = False, ip: str | None = None) -> None:
    if idle:
        summary = f"超过 {settings.SESSION_IDLE_TIMEOUT_MINUTES} 分钟未操作，会话超时退出"
    else:
        summary = "退出登录"
    with transaction.atomic():
        audit_record(actor=user, action="accounts.logout", target=user, summary=summary, ip=ip)


# --- Own password and two-factor device ----------------------------------------------------------------------


def password_change(*, actor: User, new_password: str) -> User:
    """The user sets their own password; clears a forced change and restarts the password's age."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        password_validation.validate_password(new_password, user)
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(actor=user, action="accounts.password_change", target=user, summary="修改本人密码")
    return user


def totp_enrol(*, actor: User, key_hex: str, last_t: int) -> TOTPDevice:
    """Bind an authenticator app, after the user proved it works with a code (`last_t` is that code's step)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("Two-factor login is already enabled for this account."), code="totp_exists")
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="default", key=key_hex, confirmed=True, last_t=last_t)
        user.totp_enabled = True
        user.save(update_fields=["totp_enabled"])
        audit_record(actor=user, action="accounts.totp_enable", target=user, summary="绑定动态口令（双因素登录）")
    return device


def totp_disable(*, actor: User) -> None:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if policy.totp_mandatory(user):
            raise ValidationError(
                _("Two-factor login is required for this account and cannot be turned off."), code="totp_mandatory"
            )
        if not user.totp_enabled and not TOTPDevice.objects.filter(user=user).exists():
            raise ValidationError(_("Two-factor login is not enabled."), code="totp_absent")
        TOTPDevice.objects.filter(user=user).delete()
        user.totp_enabled = False
        user.save(update_fields=["totp_enabled"])
        audit_record(actor=user, action="accounts.totp_disable", target=user, summary="解除动态口令（关闭双因素登录）")


# --- System administrator ------------------------------------------------------------------------------------


def _lock_managed_account(actor: User, user: User, *, allow_admin: bool = False) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.pk == actor.pk:
        raise ValidationError(_("You cannot do this to your own account."), code="self")
    if locked.admin_role and not allow_admin:
        # Otherwise one administrator could take over another's account and powers.
        raise ValidationError(_("Administrator accounts cannot be changed here."), code="admin_account")
    return locked


def account_disable(*, actor: User, user: User) -> User:
    with transaction.atomic():
        user = _lock_managed_account(actor, user)
        if not user.is_active:
            raise ValidationError(_("This account is already disabled."), code="already_disabled")
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="accounts.account_disable", target=user, unit=_unit_of(user), summary="停用账号"
        )
    return user


def account_enable(*, actor: User, user: User) -> User:
    with transaction.atomic():
        user = _lock_managed_account(actor, user)
        if user.is_active:
            raise ValidationError(_("This account is already enabled."), code="already_enabled")
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="accounts.account_enable", target=user, unit=_unit_of(user), summary="启用账号"
        )
    return user


def account_reset_password(*, actor: User, user: User) -> tuple[User, str]:
    """Set a one-time initial password (returned once, never stored in clear); the user must change it at login."""
    password = generate_initial_password()
    with transaction.atomic():
        user = _lock_managed_account(actor, user)
        if not user.is_active:
            raise ValidationError(_("Enable the account before resetting its password."), code="disabled")
        user.set_password(password)
        user.must_change_password = True
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(
            actor=actor,
            action="accounts.account_reset_password",
            target=user,
            unit=_unit_of(user),
            summary="重置密码为一次性初始密码，首次登录须修改",
        )
    return user, password


def account_unlock(*, actor: User, user: User) -> int:
    """Lift a login lock. Allowed on administrator accounts too: it grants no access by itself."""
    from accounts.selectors import locked_usernames

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.username not in locked_usernames([user.username]):
            raise ValidationError(_("This account is not locked."), code="not_locked")
        cleared = axes_reset(username=user.username)
        audit_record(
            actor=actor,
            action="accounts.account_unlock",
            target=user,
            unit=_unit_of(user),
            summary="解除登录锁定",
            changes={"cleared_attempts": cleared},
        )
    return cleared


def account_totp_reset(*, actor: User, user: User) -> None:
    """Unbind a lost or replaced phone; the person binds a new one at their next login.

    Allowed on administrator accounts too: without that account's password it opens nothing.
    """
    with transaction.atomic():
        user = _lock_managed_account(actor, user, allow_admin=True)
        if not TOTPDevice.objects.filter(user=user).exists():
            raise ValidationError(_("This account has no authenticator app bound."), code="totp_absent")
        TOTPDevice.objects.filter(user=user).delete()
        user.totp_enabled = False
        user.save(update_fields=["totp_enabled"])
        audit_record(
            actor=actor,
            action="accounts.account_totp_reset",
            target=user,
            unit=_unit_of(user),
            summary="解除动态口令绑定（手机丢失或更换），下次登录重新绑定",
        )


def admin_account_create(*, actor: User | None, role: str, username: str, full_name: str, password: str) -> User:
    """One of the three administrators, on a new installation. Must change the password and enrol TOTP at login."""
    with transaction.atomic():
        if User.objects.filter(admin_role=role).exists():
            raise ValidationError(_("This administrator already exists."), code="admin_exists")
        if User.objects.filter(username=username).exists():
            raise ValidationError(_("The username %(username)s is taken.") % {"username": username}, code="taken")
        user = User(username=username, full_name=full_name, admin_role=role, must_change_password=True)
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.save()
        audit_record(
            actor=actor,
            action="accounts.admin_create",
            target=user,
            summary=f"创建{AdminRole(role).label}账号 {username}",
            changes={"admin_role": role},
        )
    return user


# --- Security administrator ----------------------------------------------------------------------------------


def duty_grant(*, actor: User, user: User, duty: str) -> DutyGrant:
    """Grant a business duty. Only business users (a staff profile, no administrator role) can hold one."""
    with transaction.atomic():
        # Locking the account serialises this with any change of its administrator role.
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.admin_role:
            raise SeparationOfDutiesError(_("Administrators cannot be granted business duties."), code="duty_for_admin")
        if not hasattr(user, "staff"):
            raise ValidationError(_("Only staff members can be granted duties."), code="not_business")
        if not user.is_active:
            raise ValidationError(_("This account is disabled."), code="disabled")
        if duty not in Duty.values:
            raise ValidationError(_("Choose a valid duty."), code="bad_duty")
        if DutyGrant.objects.filter(user=user, duty=duty).exists():
            raise ValidationError(
                _("%(name)s already holds this duty.") % {"name": user.full_name}, code="already_granted"
            )
        grant = DutyGrant.objects.create(user=user, duty=duty, granted_by=actor)
        label = Duty(duty).label
        audit_record(
            actor=actor,
            action="accounts.duty_grant",
            target=grant,
            unit=user.staff.unit,
            summary=f"授予 {user.full_name} 职责：{label}",
            changes={"duty": duty},
        )
    notify_after_commit(recipients=[user], text=_("You were granted the duty: %(duty)s") % {"duty": label})
    return grant


def duty_revoke(*, actor: User, grant: DutyGrant) -> None:
    with transaction.atomic():
        # No select_related here: PostgreSQL cannot lock the nullable side of an outer join.
        locked = DutyGrant.objects.select_for_update().filter(pk=grant.pk).first()
        if locked is None:
            raise ValidationError(_("This duty was already revoked."), code="already_revoked")
        user = User.objects.select_related("staff__unit").get(pk=locked.user_id)
        label = locked.get_duty_display()
        audit_record(
            actor=actor,
            action="accounts.duty_revoke",
            target=locked,
            unit=_unit_of(user),
            summary=f"撤销 {user.full_name} 职责：{label}",
            changes={"duty": locked.duty},
        )
        locked.delete()
    notify_after_commit(recipients=[user], text=_("Your duty was revoked: %(duty)s") % {"duty": label})


def unit_require_totp_set(*, actor: User, unit, required: bool):
    """Require (or stop requiring) two-factor login for everyone in a unit; applies from each person's next login."""
    from org.models import Unit

    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.require_totp == required:
            raise ValidationError(_("The setting is already in force."), code="unchanged")
        unit.require_totp = required
        unit.save(update_fields=["require_totp"])
        audit_record(
            actor=actor,
            action="accounts.unit_require_totp",
            target=unit,
            unit=unit,
            summary=f"{unit.name}：{'要求' if required else '不再要求'}全员双因素登录",
            changes={"require_totp": required},
        )
    return unit
