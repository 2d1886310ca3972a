"""Format and writing check: one table per rule, passing and failing examples (REFERENCE.md §3)."""

from __future__ import annotations

import dataclasses

import pytest

from documents import checks
from documents.checks import ERROR, WARNING, check_document
from documents.samples import sample_notice, sample_request


def severities(findings: list[checks.Finding]) -> list[str]:
    return [f.severity for f in findings]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("示组发〔2026〕7号", []),
        ("示组报〔2026〕12号", []),
        ("", []),  # not issued yet
        ("示组发[2026]7号", [ERROR]),
        ("示组发【2026】7号", [ERROR]),
        ("示组发〔2026〕07号", [ERROR]),
        ("示组发〔2026〕第7号", [ERROR]),
        ("示组发〔26〕7号", [ERROR]),
        ("示组发2026年7号", [ERROR]),
    ],
)
def test_document_number_form(number, expected):
    found = checks.check_number(number)
    assert severities(found) == expected
    assert all(f.rule == "number" for f in found)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["一、总体要求", "正文", "二、主要内容", "（一）学习", "1.轮训", "（1）进修班", "（2）培训班", "2.辅导"], []),
        (["（一）只有二级标题", "（二）第二项"], []),  # a short text may start lower
        (["1.第一项", "2.第二项", "3.第三项"], []),
        (["一、总体要求", "三、工作要求"], [ERROR]),  # 一 → 三 skips 二
        (["一、甲", "（一）乙", "（三）丙"], [ERROR]),
        (["（一）乙", "一、甲"], [ERROR]),  # child before its parent level
        (["一、甲", "1.乙", "二、丙", "（一）丁"], [ERROR]),  # 1. used before （一） ever appears
        (["一、甲", "（一）乙", "（1）丙"], [WARNING]),  # level 1. skipped
        (["一、甲", "（一）乙", "二、丙", "（一）丁", "（二）戊"], []),  # numbering restarts under a new parent
        (["十、甲", "十一、乙"], [ERROR]),  # must start at 一
    ],
)
def test_heading_sequence(paragraphs, expected):
    found = checks.check_headings(paragraphs)
    assert severities(found) == expected


def test_heading_finding_names_the_paragraph():
    (finding,) = checks.check_headings(["一、总体要求", "正文", "三、工作要求"])
    assert finding.paragraph == 2
    assert "二、" in finding.message


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["干部教育培训计划模板", "参训人员名单汇总表"], []),
        (["干部教育培训计划模板"], []),
        (["干部教育培训计划模板。"], [ERROR]),
        (["1.干部教育培训计划模板", "2.参训人员名单汇总表"], [ERROR, ERROR]),
    ],
)
def test_attachment_items(items, expected):
    assert severities(checks.check_attachments(items)) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["附件：1.培训计划模板", "2.参训人员名单"], []),
        (["附件：培训计划模板"], []),
        (["附件:培训计划模板"], [ERROR]),  # half-width colon
        (["附件：1.培训计划模板"], [ERROR]),  # one attachment is not numbered
        (["附件：培训计划模板", "2.参训人员名单"], [ERROR]),  # several must be numbered
        (["附件：1.培训计划模板", "2.参训人员名单。"], [ERROR]),  # final punctuation
    ],
)
def test_attachment_note_typed_in_body(lines, expected):
    assert severities(checks.check_attachment_note(lines, 0)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议定于2026年1月5日召开。", []),
        ("于2026年12月10日前报送，2027年3月完成。", []),
        ("会议定于2026年01月05日召开。", [ERROR]),
        ("会议定于26年1月5日召开。", [ERROR]),
        ("二〇二六年十一月二十五日", [ERROR]),
        ("工作满20年以上的同志", []),  # not a date
    ],
)
def test_dates(text, expected):
    assert severities(checks.check_dates([text])) == expected


@pytest.mark.parametrize(
    ("title", "label", "expected"),
    [
        ("中共示例县委组织部关于做好干部教育培训工作的通知", "通知", []),
        ("关于举办中青年干部培训班的请示", "请示", []),
        ("关于做好干部教育培训工作的通知。", "通知", [ERROR]),
        ("关于做好干部教育培训工作", "通知", [ERROR]),
        ("关于做好干部教育培训工作的意见", "通知", [ERROR]),
        ("", "通知", [ERROR]),
        ("在全县组织工作会议上的讲话", "讲话稿", [WARNING]),  # everyday texts are lenient
        ("全县组织工作会议讲话稿", "讲话稿", []),
    ],
)
def test_title(title, label, expected):
    assert severities(checks.check_title(title, label)) == expected


@pytest.mark.parametrize(
    ("recipients", "required", "expected"),
    [
        ("各乡镇党委，县直各单位党组（党委）：", False, []),
        ("", False, []),
        ("各乡镇党委:", False, [ERROR]),
        ("各乡镇党委", False, [ERROR]),
        ("", True, [ERROR]),
    ],
)
def test_recipients(recipients, required, expected):
    assert severities(checks.check_recipients(recipients, required=required)) == expected


@pytest.mark.parametrize(
    ("recipients", "body", "expected"),
    [
        ("中共示例市委组织部：", "拟举办培训班。\n妥否，请批示。", []),
        ("中共示例市委组织部、市人社局：", "拟举办培训班。\n妥否，请批示。", [ERROR]),
        ("中共示例市委组织部：", "拟举办培训班。另外，拟增加编制2名。\n妥否，请批示。", [WARNING]),
        ("中共示例市委组织部：", "现请示如下。同时请示培训经费事宜。\n以上请示，请批示。", [WARNING, WARNING]),
    ],
)
def test_request_one_recipient_one_matter(recipients, body, expected):
    content = dataclasses.replace(sample_request(), recipients=recipients, body=body)
    assert severities(checks.check_request(content)) == expected


def test_request_rules_do_not_apply_to_a_notice():
    content = dataclasses.replace(sample_notice(), body="另外，请各单位同时请示上级。")
    assert checks.check_request(content) == []


@pytest.mark.parametrize(
    ("text", "expected_chars"),
    [
        ("各单位要高度重视，确保落到实处。", []),
        ("联系电话：0571-88886601", []),
        ("Python 3.11, Django 5.2", []),  # no Chinese next to it
        ("各单位要高度重视,确保落到实处。", [","]),
        ("请于月底前报送(含电子版)。", ["("]),
        ("联系人:刘明", [":"]),
        ("是否同意?请批示!", ["?", "!"]),
    ],
)
def test_half_width_punctuation(text, expected_chars):
    found = checks.check_punctuation([(0, text)])
    assert severities(found) == [WARNING] * len(expected_chars)
    for finding, char in zip(found, expected_chars, strict=True):
        assert char in finding.excerpt


def test_the_sample_documents_pass():
    assert check_document(sample_notice()) == []
    assert check_document(sample_request()) == []


def test_check_document_orders_errors_first_and_rules_can_be_switched_off():
    content = dataclasses.replace(
        sample_notice(), number="示组发[2026]07号", recipients="各乡镇党委:", body="一、甲,乙\n三、丙"
    )
    found = check_document(content)
    assert {f.rule for f in found} == {"number", "recipients", "headings", "punctuation"}
    assert severities(found) == sorted(severities(found), key=lambda s: s != ERROR)
    assert checks.has_errors(found)
    fewer = check_document(content, disabled={"number", "punctuation"})
    assert {f.rule for f in fewer} == {"recipients", "headings"}


def test_every_rule_is_in_the_table():
    assert set(checks.RULES) == {
        "number",
        "title",
        "recipients",
        "headings",
        "attachments",
        "dates",
        "request",
        "punctuation",
    }
