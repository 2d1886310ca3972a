"""Readable labels for audit action codes (`<app>.<verb>`), shown to the audit administrator.

An action missing here is shown as its code, so a new action is never hidden;
add its label here when the action is added.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    # accounts
    "accounts.login": _("Log in"),
    "accounts.logout": _("Log out"),
    "accounts.login_failed": _("Failed login"),
    "accounts.otp_verify": _("Two-factor verification"),
    "accounts.password_change": _("Change password"),
    "accounts.totp_enable": _("Enable two-factor login"),
    "accounts.totp_disable": _("Disable two-factor login"),
    "accounts.admin_create": _("Create administrator"),
    "accounts.account_disable": _("Disable account"),
    "accounts.account_enable": _("Enable account"),
    "accounts.account_reset_password": _("Reset password"),
    "accounts.account_totp_reset": _("Reset two-factor login"),
    "accounts.account_unlock": _("Unlock account"),
    "accounts.duty_grant": _("Grant duty"),
    "accounts.duty_revoke": _("Revoke duty"),
    "accounts.unit_require_totp": _("Require two-factor login for a unit"),
    # org
    "org.staff_create": _("Create staff member"),
    "org.staff_update": _("Edit staff member"),
    "org.staff_import": _("Import staff"),
    "org.staff_export": _("Export staff"),
    "org.staff_reveal": _("Reveal staff member's personal data"),
    "org.unit_assign_leaders": _("Assign unit leaders"),
    "org.section_assign_leaders": _("Assign section leaders"),
    "org.delegation_create": _("Set a delegate"),
    "org.delegation_cancel": _("Cancel a delegation"),
    "org.demo_seed": _("Create demo data"),
    # approvals
    "approvals.submit": _("Submit for approval"),
    "approvals.approve": _("Approve"),
    "approvals.reject": _("Reject"),
    "approvals.return": _("Return for revision"),
    "approvals.withdraw": _("Withdraw"),
    "approvals.comment": _("Comment"),
    "approvals.remind": _("Approval reminder"),
    "approvals.rules_replace": _("Change approval rules"),
    # going out
    "goingout.submit": _("Submit going-out report"),
    "goingout.resubmit": _("Resubmit going-out report"),
    "goingout.withdraw": _("Withdraw going-out report"),
    # audit
    "audit.verify": _("Verify audit chain"),
    "audit.export": _("Export audit log"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def action_codes_for(text: str) -> list[str]:
    """Codes whose label or code contains the text, for filtering by what the administrator typed."""
    needle = text.strip().lower()
    return [code for code, label in ACTION_LABELS.items() if needle in code or needle in str(label).lower()]
