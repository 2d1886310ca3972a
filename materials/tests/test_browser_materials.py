"""End to end in headless Chromium: share a material, find it by a two-character word, read it."""

import pytest

from core.tests.browser_fixtures import browser_login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_material_shared_found_and_read(live_cast, page):
    from materials.services import material_create

    material_create(
        actor=live_cast.head,
        title="党员教育管理工作规定（摘要）",
        category="policy",
        body="党员教育管理工作必须坚持分类指导。",
        source="中共中央",
    )
    browser_login(page, "zhangsf")
    page.goto("/materials/new/")
    assert page.locator("[role=note]").count() == 1  # the secret notice
    page.fill("input[name=title]", "年度干部考核工作学习笔记")
    page.select_option("select[name=category]", "study")
    page.fill("input[name=source]", "组织科")
    page.fill("textarea[name=body]", "一、考核内容：德、能、勤、绩、廉。\n二、干部考核结果作为选拔任用的重要依据。")
    shot(page, "materials-form")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=资料已上传到资料库")
    assert page.locator(".zg-watermark").count() == 1
    shot(page, "materials-detail")

    page.goto("/materials/")
    assert page.locator("table tbody tr").count() == 2
    page.fill("#q", "干部")
    page.click(".filter-bar button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("mark").first.inner_text() == "干部"
    shot(page, "materials-search")


def test_library_on_a_phone(live_cast, phone_page):
    from materials.services import material_create

    for n in range(3):
        material_create(
            actor=live_cast.staff,
            title=f"在全县组织工作会议上的讲话（{n + 1}）",
            category="speech",
            body="今年以来，全县组织系统紧紧围绕中心工作，在干部队伍建设等方面取得了新成效。",
        )
    browser_login(phone_page, "zhangsf")
    phone_page.goto("/materials/?q=干部队伍")
    assert phone_page.locator("table tbody tr").count() == 3
    shot(phone_page, "phone-materials-search")
