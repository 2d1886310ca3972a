"""Format and writing check of a 公文 (issue 5 part 4; REFERENCE.md §3, GB/T 9704-2012).

Each rule is a pure function over a `DocumentContent` (or a part of it) that returns `Finding`s;
`RULES` is the table `check_document` runs, so a unit can switch a rule off by its code later
(`check_document(content, disabled={"punctuation"})`). Errors block an approval, warnings are
shown for the drafter to judge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.layout import DocumentContent

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    rule: str  # code of the rule in RULES
    severity: Severity
    message: str  # translated
    paragraph: int | None = None  # index into DocumentContent.paragraphs(), None: another field
    excerpt: str = ""


# ---------------------------------------------------------------------------------------------
# 发文字号: "示组发〔2026〕7号" — year in 六角括号, no leading zeros, no 第.

NUMBER_FORM = re.compile(r"^\S+〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
WRONG_BRACKETS = re.compile(r"[\[\]【】()（）{}［］〈〉<>]\s*\d{2,4}\s*[\[\]【】()（）{}［］〈〉<>]")


def check_number(number: str) -> list[Finding]:
    number = number.strip()
    if not number:
        return []  # not issued yet: the number is assigned at 登记
    rule = "number"
    found: list[Finding] = []
    if WRONG_BRACKETS.search(number):
        found.append(
            Finding(rule, ERROR, _("Put the year of the document number in 〔〕, not [] or 【】."), excerpt=number)
        )
    if "第" in number:
        found.append(Finding(rule, ERROR, _("The document number takes no 第."), excerpt=number))
    if re.search(r"[〕\]】)）]\s*第?0\d*号", number):
        found.append(Finding(rule, ERROR, _("The document number has no leading zeros."), excerpt=number))
    if re.search(r"[〔\[【(（]\d{2}[〕\]】)）]", number):
        found.append(Finding(rule, ERROR, _("Write the year of the document number in full."), excerpt=number))
    if not found and not NUMBER_FORM.match(number):
        found.append(
            Finding(
                rule,
                ERROR,
                _("Write the document number as 代字〔year〕serial号, e.g. 示组发〔2026〕7号."),
                excerpt=number,
            )
        )
    return found


# ---------------------------------------------------------------------------------------------
# Heading sequence: 一、 → （一） → 1. → （1）, numbers continuous, no child before its parent.

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
HEADING_FORMS = [
    re.compile(r"^(?P<n>[一二三四五六七八九十]+)、"),
    re.compile(r"^（(?P<n>[一二三四五六七八九十]+)）"),
    re.compile(r"^(?P<n>\d{1,2})[.．](?!\d)"),
    re.compile(r"^[（(](?P<n>\d{1,2})[）)]"),
]
HEADING_SHAPES = ["一、", "（一）", "1.", "（1）"]


def chinese_number(text: str) -> int:
    """一 … 九十九 as an int (heading numbers never go higher)."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _sep, units = text.partition("十")
        return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(units, 0) if units else 0)
    return CN_DIGITS.get(text, 0)


def heading_level(paragraph: str) -> tuple[int, int] | None:
    """(level 0–3, number) when the paragraph starts with a heading number."""
    for level, form in enumerate(HEADING_FORMS):
        match = form.match(paragraph)
        if match:
            raw = match.group("n")
            return level, int(raw) if raw.isdigit() else chinese_number(raw)
    return None


def check_headings(paragraphs: list[str]) -> list[Finding]:
    rule = "headings"
    found: list[Finding] = []
    headings = [(i, *hl) for i, p in enumerate(paragraphs) if (hl := heading_level(p))]
    levels_used = {level for _i, level, _n in headings}
    counters = [0, 0, 0, 0]
    open_levels: set[int] = set()  # levels seen since their parent last changed
    for index, level, number in headings:
        excerpt = paragraphs[index][:20]
        missing_parents = sorted(lv for lv in levels_used if lv < level and counters[lv] == 0)
        if missing_parents:
            found.append(
                Finding(
                    rule,
                    ERROR,
                    _("Heading %(this)s comes before any heading of its parent level %(parent)s.")
                    % {"this": HEADING_SHAPES[level], "parent": HEADING_SHAPES[missing_parents[0]]},
                    index,
                    excerpt,
                )
            )
        elif open_levels and max(open_levels) < level - 1:
            found.append(
                Finding(
                    rule,
                    WARNING,
                    _("Heading level %(level)s follows %(parent)s directly; the level in between is skipped.")
                    % {"level": HEADING_SHAPES[level], "parent": HEADING_SHAPES[max(open_levels)]},
                    index,
                    excerpt,
                )
            )
        expected = counters[level] + 1
        if number != expected:
            found.append(
                Finding(
                    rule,
                    ERROR,
                    _("Heading number skips: expected %(expected)s here.")
                    % {"expected": _heading_label(level, expected)},
                    index,
                    excerpt,
                )
            )
        counters[level] = number
        for lower in range(level + 1, 4):
            counters[lower] = 0
        open_levels = {lv for lv in open_levels if lv < level} | {level}
    return found


def _heading_label(level: int, number: int) -> str:
    if level < 2:
        cn = _chinese_numeral(number)
        return f"{cn}、" if level == 0 else f"（{cn}）"
    return f"{number}." if level == 2 else f"（{number}）"


def _chinese_numeral(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, units = divmod(number, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")


# ---------------------------------------------------------------------------------------------
# 附件说明: "附件：1.×××" numbered when several, "附件：×××" for one, no final punctuation.

FINAL_PUNCTUATION = "。，、；：！？.,;:!?"
ITEM_NUMBER = re.compile(r"^\s*\d+\s*[.．、]")
NOTE_LINE = re.compile(r"^附\s*件\s*(?P<colon>[：:]?)\s*(?P<rest>.*)$")


def check_attachments(items: list[str]) -> list[Finding]:
    """The 附件说明 items as entered (the export adds "附件：" and the numbers)."""
    rule = "attachments"
    found: list[Finding] = []
    for item in items:
        name = item.strip()
        if not name:
            continue
        if ITEM_NUMBER.match(name):
            found.append(
                Finding(rule, ERROR, _("Enter the attachment name without its number; it is added."), excerpt=name)
            )
        if name[-1] in FINAL_PUNCTUATION:
            found.append(Finding(rule, ERROR, _("An attachment name takes no final punctuation."), excerpt=name))
    return found


def check_attachment_note(lines: list[str], first_paragraph: int | None = None) -> list[Finding]:
    """A 附件说明 typed into the body: "附件：1.×××" / "2.×××" … or "附件：×××" for a single one."""
    rule = "attachments"
    found: list[Finding] = []
    if not lines:
        return found
    first = NOTE_LINE.match(lines[0].strip())
    if first is None:
        return found
    at = first_paragraph
    if first.group("colon") != "：":
        found.append(Finding(rule, ERROR, _('Write 附件 followed by a full-width colon "：".'), at, lines[0][:20]))
    items = [first.group("rest")] + [line.strip() for line in lines[1:]]
    numbered = [bool(ITEM_NUMBER.match(item)) for item in items]
    if len(items) == 1 and numbered[0]:
        found.append(Finding(rule, ERROR, _("A single attachment is not numbered: 附件：×××."), at, lines[0][:20]))
    if len(items) > 1:
        for offset, (item, has_number) in enumerate(zip(items, numbered, strict=True)):
            expected = f"{offset + 1}."
            if not has_number or not item.replace("．", ".").startswith(expected):
                found.append(
                    Finding(
                        rule,
                        ERROR,
                        _("Number several attachments in order: 附件：1.××× / 2.×××."),
                        None if at is None else at + offset,
                        item[:20],
                    )
                )
                break
    for offset, item in enumerate(items):
        if item and item[-1] in FINAL_PUNCTUATION:
            found.append(
                Finding(
                    rule,
                    ERROR,
                    _("An attachment name takes no final punctuation."),
                    None if at is None else at + offset,
                    item[:20],
                )
            )
    return found


def _attachment_note_in_body(paragraphs: list[str]) -> tuple[int, list[str]] | None:
    for index, paragraph in enumerate(paragraphs):
        if NOTE_LINE.match(paragraph) and len(paragraph) < 80 and re.match(r"^附\s*件\s*[：:]", paragraph):
            lines = [paragraph]
            for following in paragraphs[index + 1 :]:
                if not ITEM_NUMBER.match(following):
                    break
                lines.append(following)
            return index, lines
    return None


# ---------------------------------------------------------------------------------------------
# Dates: Arabic numerals, full year, no leading zeros — 2026年1月5日.

ARABIC_DATE = re.compile(r"(?<![\d０-９])(?P<y>\d{2,4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?")
CHINESE_DATE = re.compile(r"[〇零○一二]{2}[〇零○一二三四五六七八九]{2}年[一二三四五六七八九十]{1,2}月")


def check_dates(paragraphs: list[str]) -> list[Finding]:
    rule = "dates"
    found: list[Finding] = []
    for index, paragraph in enumerate(paragraphs):
        for match in ARABIC_DATE.finditer(paragraph):
            text = match.group(0)
            year, month, day = match.group("y"), match.group("m"), match.group("d") or ""
            if len(year) != 4:
                found.append(Finding(rule, ERROR, _("Write the year in full, e.g. 2026年."), index, text))
            if month.startswith("0") or day.startswith("0"):
                found.append(Finding(rule, ERROR, _("Dates take no leading zeros: write 2026年1月5日."), index, text))
        for match in CHINESE_DATE.finditer(paragraph):
            found.append(
                Finding(rule, ERROR, _("Write dates in Arabic numerals, e.g. 2026年11月25日."), index, match.group(0))
            )
    return found


# ---------------------------------------------------------------------------------------------
# Title: no final punctuation, ends with its 文种.

# Everyday texts the department drafts (REFERENCE.md §3): their titles vary, so only a warning.
LENIENT_LABELS = {"讲话稿", "方案", "总结", "汇报材料", "讲话"}


def check_title(title: str, doc_type_label: str) -> list[Finding]:
    rule = "title"
    title = title.strip()
    if not title:
        return [Finding(rule, ERROR, _("The document has no title."))]
    found: list[Finding] = []
    if title[-1] in FINAL_PUNCTUATION:
        found.append(Finding(rule, ERROR, _("The title takes no final punctuation."), excerpt=title))
    label = doc_type_label.strip()
    if label and not title.rstrip(FINAL_PUNCTUATION).endswith(label):
        severity = WARNING if label in LENIENT_LABELS else ERROR
        found.append(
            Finding(
                rule,
                severity,
                _("The title should end with its document type: …%(label)s.") % {"label": label},
                excerpt=title,
            )
        )
    return found


# ---------------------------------------------------------------------------------------------
# 主送机关: flush left, ends with a full-width colon.


def check_recipients(recipients: str, *, required: bool = False) -> list[Finding]:
    rule = "recipients"
    recipients = recipients.strip()
    if not recipients:
        if required:
            return [Finding(rule, ERROR, _("Name the recipient (主送机关)."))]
        return []
    if recipients.endswith("："):
        return []
    if recipients.endswith(":"):
        return [
            Finding(rule, ERROR, _('End the recipients with a full-width colon "：", not ":".'), excerpt=recipients)
        ]
    return [Finding(rule, ERROR, _('End the recipients with a full-width colon "：".'), excerpt=recipients)]


# ---------------------------------------------------------------------------------------------
# 请示: one recipient, one matter (一文一事).

REQUEST_LABEL = "请示"
SEVERAL_MATTERS = re.compile(r"另外|同时请示|另请示|还请示|一并请示|另有一事")


def check_request(content: DocumentContent) -> list[Finding]:
    if content.doc_type_label.strip() != REQUEST_LABEL:
        return []
    rule = "request"
    found: list[Finding] = []
    recipients = content.recipients.strip().rstrip("：:")
    if not recipients:
        found.append(Finding(rule, ERROR, _("A 请示 is sent to exactly one recipient (主送机关).")))
    elif re.search(r"[、，,；;/]|\s和\s", recipients):
        found.append(
            Finding(
                rule,
                ERROR,
                _("A 请示 is sent to exactly one recipient; send copies through 抄送."),
                excerpt=content.recipients,
            )
        )
    paragraphs = content.paragraphs()
    for index, paragraph in enumerate(paragraphs):
        match = SEVERAL_MATTERS.search(paragraph)
        if match:
            found.append(
                Finding(
                    rule,
                    WARNING,
                    _("A 请示 asks about one matter only; this looks like a second one."),
                    index,
                    _excerpt(paragraph, match.start(), match.end()),
                )
            )
    mentions = sum(p.count("请示") for p in paragraphs)
    if mentions > 2:
        found.append(
            Finding(
                rule,
                WARNING,
                _("The body mentions 请示 %(count)s times; check it asks one matter.") % {"count": mentions},
            )
        )
    return found


# ---------------------------------------------------------------------------------------------
# Half-width punctuation next to Chinese characters.

CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]"
HALF_WIDTH = re.compile(rf"(?<={CJK})[,;:?!()]|[,;:?!()](?={CJK})")


def check_punctuation(texts: list[tuple[int | None, str]]) -> list[Finding]:
    """`texts`: (paragraph index or None, text) pairs in reading order."""
    rule = "punctuation"
    found: list[Finding] = []
    for index, text in texts:
        reported: set[str] = set()
        for match in HALF_WIDTH.finditer(text):
            char = match.group(0)
            if char in reported or (char == ")" and "(" in reported):
                continue  # one warning per mark and paragraph is enough
            reported.add(char)
            found.append(
                Finding(
                    rule,
                    WARNING,
                    _('Half-width "%(char)s" in Chinese text; use the full-width form.') % {"char": char},
                    index,
                    _excerpt(text, match.start(), match.end()),
                )
            )
    return found


def _excerpt(text: str, start: int, end: int, around: int = 8) -> str:
    head = "…" if start > around else ""
    tail = "…" if end + around < len(text) else ""
    return f"{head}{text[max(0, start - around) : end + around]}{tail}"


# ---------------------------------------------------------------------------------------------
# The table.


@dataclass(frozen=True)
class Rule:
    code: str
    label: str  # shown where a unit switches rules
    run: Callable[[DocumentContent], list[Finding]]


def _run_attachments(content: DocumentContent) -> list[Finding]:
    found = check_attachments(content.attachments)
    typed = _attachment_note_in_body(content.paragraphs())
    if typed is not None:
        found += check_attachment_note(typed[1], typed[0])
    return found


def _run_dates(content: DocumentContent) -> list[Finding]:
    found = check_dates(content.paragraphs())
    for text in (content.note, content.cc, content.signature):
        found += [Finding(f.rule, f.severity, f.message, None, f.excerpt) for f in check_dates([text]) if text]
    return found


def _run_punctuation(content: DocumentContent) -> list[Finding]:
    texts: list[tuple[int | None, str]] = [(None, content.title)]
    texts += list(enumerate(content.paragraphs()))
    texts += [(None, item) for item in content.attachments]
    texts += [(None, content.note), (None, content.cc)]
    return check_punctuation([(i, t) for i, t in texts if t])


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        Rule("number", gettext_lazy("Document number form"), lambda c: check_number(c.number)),
        Rule("title", gettext_lazy("Title and document type"), lambda c: check_title(c.title, c.doc_type_label)),
        Rule(
            "recipients",
            gettext_lazy("Recipients end with a full-width colon"),
            lambda c: check_recipients(c.recipients, required=c.doc_type_label.strip() == REQUEST_LABEL),
        ),
        Rule("headings", gettext_lazy("Heading sequence"), lambda c: check_headings(c.paragraphs())),
        Rule("attachments", gettext_lazy("Attachment note form"), _run_attachments),
        Rule("dates", gettext_lazy("Date form"), _run_dates),
        Rule("request", gettext_lazy("One recipient and one matter per request"), check_request),
        Rule("punctuation", gettext_lazy("Half-width punctuation in Chinese text"), _run_punctuation),
    ]
}


def check_document(content: DocumentContent, *, disabled: Collection[str] = ()) -> list[Finding]:
    """All findings, errors first, in document order within each severity."""
    found: list[Finding] = []
    for code, rule in RULES.items():
        if code not in disabled:
            found += rule.run(content)
    return sorted(found, key=lambda f: (f.severity != ERROR,))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
