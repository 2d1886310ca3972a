"""GB/T 9704-2012 layout values, shared by the .docx and the PDF export (REFERENCE.md §3).

Lengths in millimetres and points as the standard states them; the exporters convert.
"""

from __future__ import annotations

import datetime

# Page and text block (版心).
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # 天头
MARGIN_LEFT_MM = 28  # 订口
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
HEADER_DISTANCE_MM = 15  # the watermark line sits in the top margin
PAGE_NUMBER_BELOW_TEXT_MM = 7  # 页码一字线距版心下边缘 7 mm
FOOTER_DISTANCE_MM = 25  # from the page edge to the footer line: puts the number about 7 mm below the block

MM_PER_PT = 25.4 / 72
LINE_PITCH_PT = TEXT_HEIGHT_MM / MM_PER_PT / LINES_PER_PAGE  # 28.95 pt
CHAR_PITCH_PT = TEXT_WIDTH_MM / MM_PER_PT / CHARS_PER_LINE  # 15.79 pt

# Sizes (号 → pt).
SIZE_2 = 22  # 2号: title
SIZE_3 = 16  # 3号: body, number, 签发人
SIZE_4 = 14  # 4号: 版记, page numbers
ISSUER_MARK_MAX_PT = 42  # 发文机关标志: as large as fits the block, at most this
WATERMARK_PT = 9

# Official font names and the installed fallbacks (Debian fonts-noto-cjk, fonts-arphic-ukai for 楷体) for the PDF.
FONT_FANGSONG = "仿宋_GB2312"
FONT_XIAOBIAOSONG = "方正小标宋简体"
FONT_HEITI = "黑体"
FONT_KAITI = "楷体_GB2312"
FONT_SONGTI = "宋体"  # page numbers: 4号半角宋体阿拉伯数字
FONT_LATIN = "Times New Roman"
PDF_FONT_STACKS = {
    FONT_FANGSONG: ['"仿宋_GB2312"', '"FangSong"', '"Noto Serif CJK SC"', "serif"],
    FONT_XIAOBIAOSONG: ['"方正小标宋简体"', '"Noto Serif CJK SC"', "serif"],
    FONT_HEITI: ['"黑体"', '"SimHei"', '"Noto Sans CJK SC"', "sans-serif"],
    FONT_KAITI: ['"楷体_GB2312"', '"KaiTi"', '"AR PL UKai CN"', '"Noto Serif CJK SC"', "serif"],
    FONT_SONGTI: ['"宋体"', '"SimSun"', '"Noto Serif CJK SC"', "serif"],
}
BOLD_FALLBACK = {FONT_XIAOBIAOSONG, FONT_HEITI}  # Noto stands in for them in bold

# Fonts of the heading levels 一、 / （一） / 1. / （1）.
HEADING_FONTS = [FONT_HEITI, FONT_KAITI, FONT_FANGSONG, FONT_FANGSONG]

# Colours.
RED = "FF0000"  # 发文机关标志 and the separator line
WATERMARK_GREY = "A6A6A6"

# Rules.
SEPARATOR_BELOW_NUMBER_MM = 4
SEPARATOR_PT = 1.5  # red separator line
RULE_THICK_PT = 1.0  # 版记 first and last rule (0.35 mm)
RULE_THIN_PT = 0.75  # 版记 middle rule (0.25 mm)


def cn_date(day: datetime.date) -> str:
    """2026年11月25日 — Arabic numerals, full year, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def text_width_chars(text: str) -> float:
    """Width in 3号 characters: a CJK character is one, a half-width one half."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch != "—" else 1.0 for ch in text)


def issuer_mark_size_pt(mark: str) -> float:
    """The largest size (at most ISSUER_MARK_MAX_PT) at which the mark fits the block width."""
    width_pt = TEXT_WIDTH_MM / MM_PER_PT
    chars = max(text_width_chars(mark), 1)
    return min(ISSUER_MARK_MAX_PT, int(width_pt / chars / 1.05))


def attachment_lines(items: list[str]) -> list[str]:
    """附件说明 as printed: "附件：×××" for one item, "附件：1.×××" / "2.×××" for several."""
    items = [item.strip() for item in items if item.strip()]
    if len(items) == 1:
        return [f"附件：{items[0]}"]
    return [("附件：" if i == 0 else "") + f"{i + 1}.{item}" for i, item in enumerate(items)]


def signature_indents_chars(signature: str, date_text: str) -> tuple[float, float]:
    """Right indents (in characters) of the 署名 and the 成文日期: the date 右空四字, the
    署名 centred over the date (GB/T 9704-2012 7.3.5.1)."""
    date_indent = 4.0
    sig_indent = date_indent + (text_width_chars(date_text) - text_width_chars(signature)) / 2
    return max(sig_indent, 0.0), date_indent
