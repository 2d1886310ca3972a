"""End to end in headless Chromium: a help request filled from another section shows on both boards."""

import pytest

from core.tests.browser_fixtures import browser_login, browser_logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_help_request_filled_from_another_section_shows_on_both_boards(live_cast, page, phone_page):
    # The head of 组织科 asks for one person.
    browser_login(page, "zzkz")
    page.goto("/coordination/requests/new/")
    page.fill("input[name=headcount]", "1")
    page.fill("input[name=skills]", "熟悉党建业务")
    page.fill("input[name=work]", "全县党支部标准化建设检查")
    page.fill("textarea[name=reason]", "检查任务集中，科内人员不足")
    shot(page, "coordination-ask")
    page.click("button:has-text('提交')")
    page.wait_for_selector("text=已提交，等待 赵红梅 协调")
    assert "待分管领导协调" in page.locator("h1").inner_text()

    # The supervising leader picks someone from 干部科, another section in her charge.
    browser_logout(page)
    browser_login(page, "fubuzhang")
    page.goto("/coordination/requests/waiting/")
    page.click("table a:has-text('协调')")
    candidates = page.locator("[data-testid=candidates]").inner_text()
    assert "吴晓琳" in candidates and "干部科" in candidates and "张三丰" not in candidates
    shot(page, "coordination-pick")
    page.check("label:has-text('吴晓琳') >> xpath=../../td[1]/input")
    page.click("button:has-text('确定选派')")
    page.wait_for_selector("text=已选派：吴晓琳借调至组织科")
    assert "已协调" in page.locator("h1").inner_text()
    assert "吴晓琳" in page.locator("[data-testid=borrowings]").inner_text()
    shot(page, "coordination-filled")

    # The unit board shows it on both rows.
    page.goto("/coordination/")
    assert "吴晓琳 ← 干部科" in page.locator("tr[data-section=组织科]").inner_text()
    assert "吴晓琳 → 组织科" in page.locator("tr[data-section=干部科]").inner_text()
    shot(page, "coordination-unit-board")

    # The borrowing section's board lists her as a member for the period.
    browser_logout(page)
    browser_login(page, "zzkz")
    page.goto("/coordination/my-section/")
    assert "借自干部科" in page.locator("[data-testid=section-people] tr[data-state=borrowed]").inner_text()
    shot(page, "coordination-board-borrowing-section")

    # The lending section's board shows her lent out.
    browser_logout(page)
    browser_login(page, "gbkz")
    page.goto("/coordination/my-section/")
    assert "借调至组织科" in page.locator("[data-testid=section-people] tr[data-state=lent]").inner_text()
    shot(page, "coordination-board-lending-section")

    # On a phone, the person lent sees the borrowing section's board; the leader the unit board.
    browser_login(phone_page, "wuxl")
    phone_page.goto(f"/coordination/sections/{live_cast.org_section.pk}/")
    assert "吴晓琳" in phone_page.locator("[data-testid=section-people]").inner_text()
    shot(phone_page, "phone-coordination-section-board")
    browser_logout(phone_page)
    browser_login(phone_page, "fubuzhang")
    phone_page.goto("/coordination/")
    assert phone_page.locator("[data-testid=unit-board]").is_visible()
    shot(phone_page, "phone-coordination-unit-board")
