"""End to end in headless Chromium: a 3-day leave through the approval chain, a late report-back
flagged, and a leader on leave whose step goes to the delegate marked 代."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core.tests.browser_fixtures import browser_login, browser_logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: str, hour: int = 9):
    """Move the whole process (the live server thread too) to that day and let the clock run."""
    return time_machine.travel(datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=True)


def test_three_day_leave_approved_through_the_chain(live_cast, page):
    with at("2026-11-25"):
        browser_login(page, "zhangsf")
        page.goto("/leave/new/")
        page.select_option("select[name=leave_type]", label="年休假")
        page.fill("input[name=starts_on]", "2026-12-01")
        page.fill("input[name=ends_on]", "2026-12-03")
        page.locator("input[name=ends_on]").dispatch_event("change")
        page.wait_for_selector("text=3 个工作日")
        page.fill("textarea[name=reason]", "回乡探望父母")
        shot(page, "leave-form")
        page.click("button:has-text('提交')")
        page.wait_for_selector("text=周明")
        timeline = page.locator("[data-testid=timeline]").inner_text()
        assert "周明" in timeline and "赵红梅" in timeline  # 3 days: section head, then supervising leader
        assert "李建国" not in timeline  # more than 3 days would add the head of department

        for approver, next_text in (("zzkz", "赵红梅"), ("fubuzhang", "审批完成")):
            browser_logout(page)
            browser_login(page, approver)
            page.goto("/approvals/")
            page.click("table a:has-text('审批')")
            page.click("button[name=decision][value=approve]")
            page.wait_for_selector(f"text={next_text}")

        browser_logout(page)
        browser_login(page, "zhangsf")
        page.goto("/leave/")
        assert "已通过" in page.locator("main").inner_text()
        shot(page, "leave-mine-approved")


def test_late_report_back_is_flagged(live_cast, page):
    from approvals.models import Approval
    from approvals.services import approval_decide
    from leave.selectors import leave_types_for
    from leave.services import leave_request_submit

    with at("2026-11-25"):
        annual = next(t for t in leave_types_for(live_cast.unit) if t.code == "annual")
        leave = leave_request_submit(
            actor=live_cast.staff,
            leave_type_id=annual.pk,
            starts_on=datetime.date(2026, 12, 1),
            ends_on=datetime.date(2026, 12, 1),
            reason="办理私事",
        )
        approval = Approval.objects.get(target_id=leave.pk, target_type="leave.leaverequest")
        approval_decide(actor=live_cast.head, approval_id=approval.pk, decision="approve")
    # Due back on 12月2日; it is now 12月4日.
    with at("2026-12-04"):
        browser_login(page, "zhangsf")
        page.goto(f"/leave/{leave.pk}/")
        assert "逾期未销假" in page.locator("h1").inner_text()
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#report-back button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "逾期销假" in page.locator("h1").inner_text()
        shot(page, "leave-reported-back-late")
    leave.refresh_from_db()
    assert leave.report_back_overdue and leave.reported_back_on == datetime.date(2026, 12, 4)


def test_leader_on_leave_step_goes_to_delegate_marked_on_behalf(live_cast, page):
    from approvals.models import Approval
    from approvals.services import approval_decide
    from leave.selectors import leave_types_for
    from leave.services import leave_request_submit
    from org.models import Delegation

    with at("2026-11-25"):
        annual = next(t for t in leave_types_for(live_cast.unit) if t.code == "annual")
        # The section head goes on leave next week and names 刘思远 to act for them.
        head_leave = leave_request_submit(
            actor=live_cast.head,
            leave_type_id=annual.pk,
            starts_on=datetime.date(2026, 11, 30),
            ends_on=datetime.date(2026, 12, 2),
            reason="年休",
        )
        approval = Approval.objects.get(target_id=head_leave.pk, target_type="leave.leaverequest")
        approval_decide(actor=live_cast.deputy, approval_id=approval.pk, decision="approve")
        Delegation.objects.create(
            staff=live_cast.head,
            delegate=live_cast.colleague,
            starts_on=datetime.date(2026, 11, 30),
            ends_on=datetime.date(2026, 12, 2),
        )
    with at("2026-12-01"):
        browser_login(page, "zhangsf")
        page.goto("/going-out/new/")
        page.fill("input[name=destination]", "市委党校")
        page.fill("input[name=starts_on]", "2026-12-01")
        page.fill("input[name=ends_on]", "2026-12-01")
        page.fill("textarea[name=reason]", "参加培训")
        page.click("button:has-text('提交')")
        page.wait_for_selector("text=刘思远")
        current = page.locator("[data-testid=timeline] li.current").inner_text()
        assert "刘思远" in current and "代 周明" in current
        shot(page, "delegate-on-behalf")

        browser_logout(page)
        browser_login(page, "liusy")
        page.goto("/approvals/")
        assert "代 周明" in page.locator("table").inner_text()
        page.click("table a:has-text('审批')")
        page.click("button[name=decision][value=approve]")
        page.wait_for_selector("text=赵红梅")
    assert timezone.now()  # the clock was restored
