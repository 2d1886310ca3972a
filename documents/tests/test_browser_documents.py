"""End to end in headless Chromium: a document drafted in the editor, checked, countersigned, reviewed with
an edit and an opinion, an empty "同意" refused, signed off, numbered and exported; a restricted document
invisible to an outsider and watermarked for an insider."""

import pytest

from core.tests.browser_fixtures import browser_login, browser_logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_document(page, title: str) -> None:
    page.goto("/documents/")
    page.click(f"table a:has-text('{title}')")


def _decide(page, opinion: str) -> None:
    page.fill("textarea[name=opinion]", opinion)
    page.click("button[name=decision][value=approve]")
    page.wait_for_load_state("networkidle")


def test_document_from_draft_to_issued_and_exported(live_cast, page):
    title = "关于开展年终基层党建工作检查的通知"
    # The drafter writes in the editor: heading buttons insert the numbers, the outline follows.
    browser_login(page, "zhangsf")
    page.goto("/documents/new/")
    assert page.locator("text=涉密").count() >= 1
    page.fill("input[name=title]", title)
    page.fill("input[name=recipients]", "各乡镇党委：")
    body = page.locator("textarea[name=body]")
    body.fill("为全面掌握基层党建工作情况，现就年终检查有关事项通知如下。\n")
    body.press("Control+End")
    page.click("button[data-heading='1']")
    page.keyboard.type("检查内容")
    page.keyboard.press("Enter")
    page.click("button[data-heading='2']")
    page.keyboard.type("组织建设情况。")
    page.keyboard.press("Enter")
    page.click("button[data-heading='2']")
    page.keyboard.type("制度落实情况。")
    page.keyboard.press("Enter")
    page.click("button[data-heading='1']")
    page.keyboard.type("时间安排")
    page.keyboard.press("Enter")
    page.keyboard.type("12月20日前完成。")
    value = body.input_value()
    assert "\n一、检查内容\n（一）组织建设情况。\n（二）制度落实情况。\n二、时间安排" in value
    assert page.locator("[data-testid=outline] li").count() == 4
    page.check(f"input[name=countersign_sections][value='{live_cast.cadre_section.pk}']")
    shot(page, "documents-editor")
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交审核")
    assert "周明" in page.locator("[data-testid=timeline] li.current").inner_text()

    # The section head (核稿) edits in place; with an edit a short opinion is enough.
    browser_logout(page)
    browser_login(page, "zzkz")
    _open_document(page, title)
    page.click("text=直接修改")
    edited = (
        page.locator("textarea[name=body]")
        .input_value()
        .replace("12月20日前完成。", "12月20日前完成，结果报县委组织部。")
    )
    page.fill("textarea[name=body]", edited)
    page.click("button[name=save]")
    page.wait_for_selector("text=已保存为第2稿")
    _decide(page, "同意")
    page.wait_for_selector("text=已同意，进入下一环节")

    # The countersigning section head: an empty "同意" is refused, a real opinion passes.
    browser_logout(page)
    browser_login(page, "gbkz")
    _open_document(page, title)
    _decide(page, "同意")
    page.wait_for_selector(".alert:has-text('同意前须直接修改文稿，或写出实质性审核意见')")
    shot(page, "documents-empty-opinion-refused")
    assert "陈刚" in page.locator("[data-testid=timeline] li.current").inner_text()
    _decide(page, "已会签，检查内容与干部科年终考核不冲突，建议时间安排与考核统筹。")
    page.wait_for_selector("text=已同意，进入下一环节")

    # The office: the art. 20 checklist with the opinion.
    browser_logout(page)
    browser_login(page, "bgszr")
    _open_document(page, title)
    for name in ("basis", "policy", "consultation", "form"):
        page.check(f"input[name={name}]")
    _decide(page, "已按第二十条审核，文种格式、时间数字无误，同意送分管领导签发。")
    page.wait_for_selector("text=已同意，进入下一环节")

    # The supervising leader signs off.
    browser_logout(page)
    browser_login(page, "fubuzhang")
    _open_document(page, title)
    _decide(page, "同意印发。检查要注重发现问题，形成问题清单后逐一整改。")
    page.wait_for_selector("text=已签发，办公室可以编号印发")

    # The office numbers and issues it, then exports it.
    browser_logout(page)
    browser_login(page, "bgszr")
    _open_document(page, title)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('编号印发')")
    page.wait_for_selector("text=已印发，文号示组发〔2026〕1号")
    assert "示组发〔2026〕1号" in page.locator("[data-testid=paper]").inner_text()
    shot(page, "documents-issued")
    with page.expect_download() as download:
        page.click("a:has-text('.docx')")
    assert download.value.suggested_filename.endswith(".docx")
    page.goto("/documents/register/")
    assert "示组发〔2026〕1号" in page.locator("[data-testid=register]").inner_text()
    page.goto(f"/documents/{_doc_id(title)}/versions/?a=1&b=2")
    assert page.locator("[data-testid=diff] ins").count() >= 1
    shot(page, "documents-diff")
    page.goto("/documents/figures/")
    assert "周明" in page.locator("[data-testid=figures]").inner_text()
    shot(page, "documents-figures")


def _doc_id(title: str) -> int:
    from documents.models import Document

    return Document.objects.get(title=title).pk


def test_restricted_document_invisible_to_outsider_watermarked_for_insider(live_cast, page, phone_page):
    from documents.services import document_create

    document = document_create(
        actor=live_cast.cadre_head,
        fields={
            "doc_type": "plan",
            "title": "干部调整方案",
            "body": "一、调整原则\n坚持好干部标准。",
            "sensitivity": "restricted",
        },
        need_to_know=[live_cast.principal],
    )
    browser_login(page, "wuxl")
    page.goto("/documents/")
    assert "干部调整方案" not in page.locator("main").inner_text()
    response = page.goto(f"/documents/{document.pk}/")
    assert response.status == 404
    missing = page.goto("/documents/999999/")
    assert missing.status == 404

    browser_login(phone_page, "buzhang")
    phone_page.goto(f"/documents/{document.pk}/")
    mark = phone_page.locator(".zg-watermark").get_attribute("data-watermark")
    assert mark.startswith("李建国 buzhang ")
    assert phone_page.locator("text=涉密").count() >= 1
    shot(phone_page, "documents-restricted-phone")
    phone_page.goto("/documents/new/")
    assert phone_page.locator("textarea[name=body]").is_visible()
    shot(phone_page, "documents-editor-phone")
    phone_page.goto("/documents/")
    shot(phone_page, "documents-list-phone")
    from audit.models import AccessLog

    assert AccessLog.objects.filter(object_id=str(document.pk), kind="view").count() == 1
