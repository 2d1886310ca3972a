"""End to end in headless Chromium: a going-out report through its whole approval."""

import pytest

from core.tests.browser_fixtures import browser_login, browser_logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_going_out_report_submitted_and_approved_by_head_and_supervisor(live_cast, page):
    # The staff member files a report.
    browser_login(page, "zhangsf")
    page.click("text=新建外出报备")
    page.check("input[name=purpose][value=work]")
    page.fill("input[name=destination]", "市委组织部")
    page.fill("textarea[name=reason]", "参加全市组织工作业务培训")
    page.click("button:has-text('提交')")
    page.wait_for_selector("text=已提交，等待 周明 审批")
    shot(page, "goingout-submitted")
    assert page.locator("[data-testid=timeline] li.current").inner_text().count("周明") == 1

    # The section head sees it in 待办 and approves.
    browser_logout(page)
    browser_login(page, "zzkz")
    page.goto("/approvals/")
    assert page.locator("[data-testid=todo-count]").inner_text() == "1"
    page.click("table a:has-text('审批')")
    page.fill("textarea[name=opinion]", "情况属实，同意外出")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector("text=已同意，转 赵红梅 审批")
    page.goto("/approvals/done/")
    assert page.locator("table tbody tr").count() == 1
    assert "已通过" in page.locator("table tbody tr").inner_text()

    # The supervising leader approves; the request is complete.
    browser_logout(page)
    browser_login(page, "fubuzhang")
    page.goto("/approvals/")
    page.click("table a:has-text('审批')")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector("text=审批完成")
    page.goto("/approvals/done/")
    assert page.locator("table tbody tr").count() == 1
    shot(page, "goingout-leader-done")

    # The applicant sees it approved, with the whole timeline.
    browser_logout(page)
    browser_login(page, "zhangsf")
    page.goto("/approvals/mine/")
    assert "已通过" in page.locator("table tbody tr").first.inner_text()
    page.click("text=查看")
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert "情况属实，同意外出" in timeline and "赵红梅" in timeline
    shot(page, "goingout-approved-detail")


def test_reject_without_reason_is_refused_in_the_page(live_cast, page):
    from django.utils import timezone

    from goingout.services import goingout_report_submit

    today = timezone.localdate()
    goingout_report_submit(
        actor=live_cast.staff, purpose="private", destination="省城", reason="家事", starts_on=today, ends_on=today
    )
    browser_login(page, "zzkz")
    page.goto("/approvals/")
    page.click("table a:has-text('审批')")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=decision][value=reject]")
    page.wait_for_selector("text=驳回或退回时请填写理由")
    assert page.locator("span.tag:has-text('审批中')").count() == 1


def test_phone_workbench_and_new_report(live_cast, phone_page):
    browser_login(phone_page, "zhangsf")
    shot(phone_page, "phone-workbench")
    phone_page.goto("/going-out/new/")
    assert phone_page.locator("input[name=destination]").is_visible()
    shot(phone_page, "phone-goingout-form")
