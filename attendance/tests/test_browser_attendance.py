"""End to end in headless Chromium: punch in and see the day's status (phone width), and the
section head's monthly sheet confirmed and exported to Excel."""

import datetime
import io

import openpyxl
import pytest
import time_machine

from core.tests.browser_fixtures import browser_login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(moment: str):
    return time_machine.travel(datetime.datetime.fromisoformat(moment).replace(tzinfo=SHANGHAI), tick=True)


def test_punch_in_on_a_phone_and_see_the_status(live_cast, phone_page):
    # 2026-11-25 is a Wednesday, a workday; the default winter schedule starts at 9:00 with 5 minutes' grace.
    with at("2026-11-25T09:20:00"):
        browser_login(phone_page, "zhangsf")
        phone_page.goto("/attendance/")
        assert phone_page.locator("[data-testid=punch-button]").is_enabled()
        phone_page.click("[data-testid=punch-button]")
        phone_page.wait_for_selector("[data-testid=punch-list]")
        punches = phone_page.locator("[data-testid=punch-list]").inner_text()
        assert "09:2" in punches and "手机" in punches  # recorded as a phone punch
        status = phone_page.locator("[data-testid=today-status]").inner_text()
        assert "迟到" in status
        shot(phone_page, "attendance-punch-phone")


def test_monthly_sheet_confirmed_and_exported(live_cast, page):
    from attendance.services import punch_record

    with at("2026-11-02T08:55:00"):
        punch_record(actor=live_cast.staff, ip="127.0.0.1")
    with at("2026-12-01T10:00:00"):
        browser_login(page, "zzkz")
        page.goto(f"/attendance/sheets/section/{live_cast.org_section.pk}/?month=2026-11")
        sheet = page.locator("[data-testid=sheet]").inner_text()
        assert "张三丰" in sheet and "刘思远" in sheet
        shot(page, "attendance-sheet")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("[data-testid=confirm-button]")
        page.wait_for_load_state("networkidle")
        assert "已确认" in page.locator("[data-testid=sheet-state]").inner_text()
        with page.expect_download() as download_info:
            page.click("a:has-text('导出')")
        download = download_info.value
        assert download.suggested_filename.endswith(".xlsx")
        with open(download.path(), "rb") as fh:  # the download has no .xlsx suffix, which openpyxl wants
            workbook = openpyxl.load_workbook(io.BytesIO(fh.read()))
        sheet = workbook.active
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        assert "2026年11月考勤表" in cells and "张三丰" in cells
