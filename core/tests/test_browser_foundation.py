"""End to end in headless Chromium: login (and TOTP for an administrator), the org chart,
staff search by pinyin initials, and a tour of every foundation page at desktop and phone width."""

import pytest

from accounts.testing import totp_code_for_secret
from core.tests.browser_fixtures import browser_login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_wrong_password_then_right(live_cast, page):
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert "涉密" in page.content()  # the notice that classified material never belongs here
    page.fill("input[name=username]", "zhangsf")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator("input[name=username]").input_value() == "zhangsf"  # kept what was typed
    assert "用户名或密码" in page.content()
    shot(page, "login-error")
    page.fill("input[name=password]", "Zugong@2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/workbench/")
    assert "您好，张三丰" in page.content()
    shot(page, "workbench")


def test_administrator_enrols_totp_at_first_login_and_lands_on_own_screen(live_cast, page):
    browser_login(page, "sysadmin")
    assert "/accounts/otp/setup/" in page.url
    assert page.locator("[data-testid=totp-qr] svg").count() == 1
    shot(page, "admin-totp-setup")
    page.fill("input[name=token]", "000000")
    page.click("button:has-text('确认')")
    assert "/accounts/otp/setup/" in page.url  # a wrong code is refused
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.fill("input[name=token]", totp_code_for_secret(secret))
    page.click("button:has-text('确认')")
    page.wait_for_url("**/accounts/admin/users/")
    sidebar = page.locator("#sidebar").inner_text()
    assert "我的待办" not in sidebar and "干部名册" not in sidebar  # no business screens
    shot(page, "sysadmin-users")


def test_administrator_with_device_must_enter_code(live_cast, page):
    import base64
    import secrets

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = secrets.token_bytes(20)
    TOTPDevice.objects.create(user=live_cast.auditadmin, name="phone", confirmed=True, key=key.hex())
    browser_login(page, "auditadmin")
    assert "/accounts/otp/" in page.url
    page.fill("input[name=token]", totp_code_for_secret(base64.b32encode(key).decode()))
    page.click("button[type=submit]:has-text('验证')")
    page.wait_for_url("**/audit/")
    assert "审计" in page.content()
    shot(page, "auditadmin-events")


def test_org_chart_and_pinyin_search(live_cast, page):
    browser_login(page, "zhangsf")
    page.goto("/org/")
    chart = page.content()
    for name in ("李建国", "王志海", "赵红梅", "组织科", "干部科", "周明"):
        assert name in chart
    shot(page, "org-chart")
    page.goto("/org/staff/")
    page.fill("main input[name=q]", "zsf")
    page.wait_for_function("document.querySelectorAll('tbody tr').length === 1")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "张三丰" in rows.first.inner_text()
    assert "****" in page.locator("tbody").inner_text() or "—" in page.locator("tbody").inner_text()
    shot(page, "staff-search-zsf")


PAGES = {
    "zhangsf": [
        "/workbench/",
        "/approvals/",
        "/approvals/mine/",
        "/going-out/",
        "/going-out/new/",
        "/org/",
        "/org/staff/",
        "/notify/",
        "/accounts/security/",
    ],
    "fubuzhang": ["/going-out/overview/", "/approvals/done/", "/org/delegation/"],
}


@pytest.mark.parametrize("username", sorted(PAGES))
def test_tour_of_pages_desktop_and_phone(live_cast, page, phone_page, username):
    from accounts.models import Duty
    from org.tests.cast import grant_duty

    grant_duty(live_cast.office_head, Duty.BUSINESS_SETTINGS)
    for pg, suffix in ((page, "desktop"), (phone_page, "phone")):
        browser_login(pg, username)
        for path in PAGES[username]:
            response = pg.goto(path)
            assert response.status == 200, path
            assert pg.locator("h1").count() >= 1, path
            shot(pg, f"tour-{username}-{suffix}-{path.strip('/').replace('/', '-') or 'home'}")
