"""End to end in headless Chromium: the 督办 loop, and a red task urged from the overdue board."""

import datetime

import pytest

from core.tests.browser_fixtures import browser_login, browser_logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_assigns_section_signs_reports_completes_and_leader_closes(live_cast, page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence\n")

    # The supervising leader assigns a task to 组织科 with 张三丰 responsible.
    browser_login(page, "fubuzhang")
    page.goto("/tasks/new/")
    page.fill("input[name=title]", "开展软弱涣散村党组织整顿")
    page.select_option("select[name=source]", "leader_instruction")
    page.select_option("select[name=lead_section]", label="组织科")
    page.select_option("select[name=responsible]", label="组织科 · 张三丰")
    page.check("input[name=deadline_mode][value=workdays]")
    page.fill("input[name=workdays]", "10")
    page.select_option("select[name=report_cycle]", "weekly")
    shot(page, "tasks-assign-form")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=已交办给组织科，等待签收")
    task_url = page.url
    assert "待签收" in page.locator("h1").inner_text()

    # The responsible person signs for it and reports progress.
    browser_logout(page)
    browser_login(page, "zhangsf")
    page.goto(task_url)
    page.click("[data-testid=sign-for]")
    page.wait_for_selector("text=已签收，任务进入办理")
    page.fill("#report textarea[name=text]", "已完成5个村的摸排")
    page.fill("#report input[name=progress]", "40")
    page.click("button:has-text('提交反馈')")
    page.wait_for_selector("text=进展已反馈")

    # ... and applies for completion with evidence.
    page.fill("#complete textarea[name=text]", "整顿完成，验收合格")
    page.set_input_files("#complete input[name=files]", str(evidence))
    page.click("#complete button:has-text('申请办结')")
    page.wait_for_selector("text=已申请办结，等待交办人审核")
    timeline = page.locator("[data-testid=task-timeline]").inner_text()
    assert "签收" in timeline and "进展反馈" in timeline and "验收报告.pdf" in timeline

    # The leader reviews and closes it off with an evaluation.
    browser_logout(page)
    browser_login(page, "fubuzhang")
    page.goto(task_url)
    page.check("#review input[name=rating][value=excellent]")
    page.fill("#review textarea[name=comment]", "按时高质量完成")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#review button:has-text('办结销号')")
    page.wait_for_selector("text=任务已办结销号")
    assert "已办结" in page.locator("h1").inner_text()
    assert "优秀" in page.locator(".desc-list").inner_text()
    shot(page, "tasks-closed-detail")
    page.goto("/tasks/figures/")
    assert "100%" in page.locator("[data-testid=figures]").inner_text()
    shot(page, "tasks-figures")


def test_red_task_on_the_overdue_board_is_urged(live_cast, page, phone_page):
    from django.utils import timezone

    from tasks.models import Task
    from tasks.services import task_create, task_sign_for

    cast = live_cast
    today = timezone.localdate()
    task = task_create(
        actor=cast.deputy,
        title="报送年轻干部储备库更新情况",
        source="from_above",
        lead_section=cast.org_section,
        deadline=today + datetime.timedelta(days=5),
        responsible=[cast.staff],
    )
    task_sign_for(actor=cast.staff, task_id=task.pk)
    # It has run past its deadline (the service would not accept a past deadline as input).
    Task.objects.filter(pk=task.pk).update(deadline=today - datetime.timedelta(days=4))

    browser_login(page, "fubuzhang")
    page.goto("/tasks/overdue/")
    row = page.locator("[data-testid=task-table] tbody tr").first
    assert row.get_attribute("data-light") == "red"
    assert "超期 4 天" in row.inner_text()
    shot(page, "tasks-overdue-board")
    row.locator("a:has-text('催办')").click()
    page.fill("#urge input[name=text]", "请说明未按期完成原因")
    page.click("#urge button:has-text('催办')")
    page.wait_for_selector("text=已催办")
    assert "催办" in page.locator("[data-testid=task-timeline]").inner_text()

    # The responsible person sees the urging on a phone.
    browser_login(phone_page, "zhangsf")
    phone_page.goto("/notify/")
    assert "请说明未按期完成原因" in phone_page.content()
    phone_page.goto(f"/tasks/{task.pk}/")
    assert "超期" in phone_page.locator("[data-testid=light]").inner_text()
    shot(phone_page, "tasks-red-phone")
    phone_page.goto("/tasks/")
    assert phone_page.locator("[data-testid=task-table] tbody tr").count() == 1
    shot(phone_page, "tasks-mine-phone")
