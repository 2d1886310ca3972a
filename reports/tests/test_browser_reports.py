"""End to end in headless Chromium: a quarterly report filed, approved by the supervising leader, its plan
item a task."""

import pytest

from core.tests.browser_fixtures import browser_login, browser_logout, shot
from reports import integration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(not integration.tasks_available(), reason="needs the tasks app")
def test_quarterly_report_filed_approved_and_plan_item_becomes_task(live_cast, page, phone_page):
    # The section head starts the report for the quarter just ended and writes it.
    browser_login(page, "zzkz")
    page.goto("/reports/")
    page.click("text=填报季度汇报")
    page.click("button:has-text('开始填报')")
    page.wait_for_selector("text=已带出本季度基本数据")
    page.fill("textarea[name=done_text]", "完成全县村党组织星级评定，发展党员42名。")
    page.fill("textarea[name=problems_text]", "后备力量不足。")
    page.fill("input[name=plan-0-title]", "开展新任村干部培训")
    page.fill("input[name=plan-0-deadline]", "2026-12-20")
    page.select_option("select[name=plan-0-responsible]", label="张三丰")
    shot(page, "reports-edit")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=action][value=submit]")
    page.wait_for_selector("text=已提交，等待 赵红梅")
    report_url = page.url
    assert "审核通过后转为督办任务" in page.locator("#plan").inner_text()

    # The supervising leader approves it in the inbox.
    browser_logout(page)
    browser_login(page, "fubuzhang")
    page.goto("/approvals/")
    page.click("table a:has-text('审批')")
    page.fill("textarea[name=opinion]", "同意，按计划抓好落实")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector("text=审批完成")
    page.goto(report_url)

    # The report shows its plan item as a task, with its light.
    plan = page.locator("#plan").inner_text()
    assert "开展新任村干部培训" in plan and "待签收" in plan
    assert page.locator("#plan a[href^='/tasks/']").count() == 1
    shot(page, "reports-approved-desktop")

    # The section head's report page on a phone.
    browser_login(phone_page, "zzkz")
    phone_page.goto(report_url)
    assert phone_page.locator("#plan").is_visible()
    shot(phone_page, "reports-approved-phone")


@pytest.mark.skipif(not integration.tasks_available(), reason="needs the tasks app")
def test_meeting_decision_becomes_a_task_in_one_click(live_cast, page, phone_page):
    import datetime

    from django.utils import timezone

    from reports.models import Meeting
    from reports.services import agenda_item_add, meeting_create, meeting_record

    agenda_item_add(actor=live_cast.exec_deputy, unit=live_cast.unit, title="研究换届督导人员抽调", kind="help_request")
    meeting = meeting_create(
        actor=live_cast.principal,
        kind=Meeting.Kind.AFFAIRS,
        title="第十二次部务会",
        starts_at=timezone.now() - datetime.timedelta(minutes=1),
        place="部长办公室",
    )
    meeting_record(actor=live_cast.principal, meeting_id=meeting.pk, minutes="研究了换届督导工作。", presence={})

    browser_login(page, "buzhang")
    page.goto(f"/reports/meetings/{meeting.pk}/")
    assert "研究换届督导人员抽调" in page.locator("#agenda").inner_text()
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    page.fill("textarea[name=text]", "从组织科、干部科抽调4人组成督导组")
    page.select_option("select[name=lead_section]", label="组织科")
    page.fill("input[name=deadline]", deadline)
    page.click("button[name=make_task]")
    page.wait_for_selector("text=会议决定已记录")
    decisions = page.locator("#decisions").inner_text()
    assert "从组织科、干部科抽调4人组成督导组" in decisions and "待签收" in decisions
    shot(page, "reports-meeting-desktop")

    browser_login(phone_page, "buzhang")
    phone_page.goto(f"/reports/meetings/{meeting.pk}/")
    assert phone_page.locator("#decisions").is_visible()
    shot(phone_page, "reports-meeting-phone")


def test_compile_page_meetings_list_and_phone_edit(live_cast, page, phone_page):
    import datetime

    from django.utils import timezone

    from reports.models import Meeting
    from reports.selectors import default_quarter
    from reports.services import agenda_item_add, meeting_create, report_create

    year, quarter = default_quarter(timezone.localdate())
    report = report_create(actor=live_cast.head, section=live_cast.org_section, year=year, quarter=quarter)
    agenda_item_add(actor=live_cast.exec_deputy, unit=live_cast.unit, title="研究借调事宜", kind="help_request")
    meeting_create(
        actor=live_cast.principal,
        kind=Meeting.Kind.ALL_STAFF,
        title="全体干部大会",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="三楼会议室",
    )

    browser_login(page, "buzhang")
    page.goto("/reports/compile/")
    assert "未报送" in page.locator("table").inner_text()
    shot(page, "reports-compile")
    page.goto("/reports/meetings/")
    assert "研究借调事宜" in page.inner_text("main") if page.locator("main").count() else True
    shot(page, "reports-meetings")

    browser_login(phone_page, "zzkz")
    phone_page.goto(f"/reports/{report.pk}/edit/")
    assert phone_page.locator("textarea[name=done_text]").is_visible()
    shot(phone_page, "reports-edit-phone")
