"""Load the demo city (示例市委组织部) with its four county departments. Does nothing if it exists."""

from __future__ import annotations

import os
import time
import unicodedata

from django.core.management.base import BaseCommand

from core.demo import run_demo_builders
from org.demo import DEMO_CITY, build_demo

DEFAULT_PASSWORD = "Zugong@2026"


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Create the demo units, staff and the three administrators (idempotent). Password from $DEMO_PASSWORD."

    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = time.monotonic()
        result = build_demo(password=password)
        if not result["created"]:
            self.stdout.write(f"{DEMO_CITY} 已存在，未做任何改动。")
            return
        run_demo_builders(result)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示数据：{len(result['units'])} 个单位，{result['staff_count']} 名干部（{seconds:.1f} 秒）。"
            )
        )
        self.stdout.write(f"演示账号（密码均为 {password}）：")
        rows = [("用户名", "姓名", "角色"), *((username, name, role) for username, role, name in result["logins"])]
        widths = [max(_width(row[column]) for row in rows) for column in range(2)]
        for username, name, role in rows:
            self.stdout.write(f"  {_pad(username, widths[0])}  {_pad(name, widths[1])}  {role}")
        self.stdout.write("三名管理员首次登录时须绑定身份验证器（TOTP 双因素认证）。")
