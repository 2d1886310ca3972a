"""Create the three administrators (三员) of a new installation.

Idempotent: an administrator role that already has an account is left as it
is. Passwords come from environment variables, or are generated and printed
once. Every new administrator must change the password and bind an
authenticator app at the first login.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import AdminRole, User
from accounts.services import admin_account_create, generate_initial_password

ROLES = [
    # role, option, default username, default name, environment variable with the password
    (AdminRole.SYSTEM, "system_username", "sysadmin", "系统管理员", "ZUGONG_SYSADMIN_PASSWORD"),
    (AdminRole.SECURITY, "security_username", "secadmin", "安全管理员", "ZUGONG_SECADMIN_PASSWORD"),
    (AdminRole.AUDIT, "audit_username", "auditadmin", "审计管理员", "ZUGONG_AUDITADMIN_PASSWORD"),
]


class Command(BaseCommand):
    help = "Create the system, security and audit administrators if they do not exist yet."

    def add_arguments(self, parser) -> None:
        for _role, option, default, _name, env in ROLES:
            parser.add_argument(
                f"--{option.replace('_', '-')}",
                dest=option,
                default=default,
                help=f"Username (default {default}); password from ${env}, or generated and printed once.",
            )

    def handle(self, *args, **options) -> None:
        failed = []
        for role, option, _default, full_name, env in ROLES:
            username = options[option].strip()
            existing = User.objects.filter(admin_role=role).first()
            if existing is not None:
                self.stdout.write(f"{role.label}: exists already as {existing.username}, left unchanged.")
                continue
            password = os.environ.get(env, "")
            generated = not password
            if generated:
                password = generate_initial_password(16)
            try:
                admin_account_create(actor=None, role=role, username=username, full_name=full_name, password=password)
            except ValidationError as exc:
                failed.append(role.label)
                self.stderr.write(f"{role.label} ({username}): not created: {' '.join(exc.messages)}")
                continue
            if generated:
                self.stdout.write(
                    self.style.SUCCESS(f"{role.label}: created {username} with password {password}")
                    + "  (shown only now; must be changed at first login)"
                )
            else:
                self.stdout.write(self.style.SUCCESS(f"{role.label}: created {username} with the password from ${env}"))
        if failed:
            raise CommandError(f"Not created: {', '.join(str(label) for label in failed)}")
