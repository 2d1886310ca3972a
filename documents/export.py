"""Export of a 公文 per GB/T 9704-2012 (issue 5 part 5): .docx with python-docx, PDF with WeasyPrint.

Both read the same `DocumentContent` and the same layout values (documents/export_style.py). The
.docx names the official fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) on the East-Asian
runs, so it prints right wherever they are installed; the PDF maps them to the installed Noto CJK
fonts when the licensed ones are absent. Every page of both carries the watermark (viewer + time).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from documents import export_style as S
from documents.checks import heading_level
from documents.layout import DocumentContent

TWIPS_PER_PT = 20
CHAR_TWIPS = round(S.CHAR_PITCH_PT * TWIPS_PER_PT)  # one character of the 28-per-line grid
LINE_TWIPS = int(S.LINE_PITCH_PT * TWIPS_PER_PT)  # 579: 22 lines in the 225 mm block
TEXT_WIDTH_TWIPS = round(S.TEXT_WIDTH_MM / S.MM_PER_PT * TWIPS_PER_PT)


# =============================================================================================
# .docx


def export_docx(content: DocumentContent, *, watermark: str) -> bytes:
    doc = Document()
    _setup_styles(doc)
    _setup_section(doc, watermark)
    doc.core_properties.title = content.title
    doc.core_properties.comments = watermark  # also in the file's properties: traceable when copied
    writer = _DocxWriter(doc)
    writer.write(content)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _setup_styles(doc) -> None:
    # Document defaults and Normal: 3号 仿宋, exact line pitch of the 22-line grid, no spacing.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, S.FONT_FANGSONG)
    _set_size(rpr_default, S.SIZE_3)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(S.SIZE_3)
    _set_fonts(normal.element.get_or_add_rPr(), S.FONT_FANGSONG)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    _set_exact_line(normal.element.get_or_add_pPr(), LINE_TWIPS)
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr(), S.FONT_SONGTI)


def _setup_section(doc, watermark: str) -> None:
    section = doc.sections[0]
    section.page_width = Mm(S.PAGE_WIDTH_MM)
    section.page_height = Mm(S.PAGE_HEIGHT_MM)
    section.top_margin = Mm(S.MARGIN_TOP_MM)
    section.bottom_margin = Mm(S.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(S.MARGIN_LEFT_MM)
    section.right_margin = Mm(S.MARGIN_RIGHT_MM)
    section.header_distance = Mm(S.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(S.FOOTER_DISTANCE_MM)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    # charSpace: 1/4096 pt added to the 3号 default so that 28 characters fill 156 mm.
    grid.set(qn("w:charSpace"), str(round((S.CHAR_PITCH_PT - S.SIZE_3) * 4096)))

    doc.settings.odd_and_even_pages_header_footer = True
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        para = header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(para, watermark, S.FONT_FANGSONG, S.WATERMARK_PT, color=S.WATERMARK_GREY)
    # 页码: 4号 "— 1 —", odd pages right and even pages left, one character in from the edge.
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(S.SIZE_4)
    _page_number(odd)
    section.even_page_footer.is_linked_to_previous = False
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(S.SIZE_4)
    _page_number(even)


def _page_number(para: Paragraph) -> None:
    _set_exact_line(para._p.get_or_add_pPr(), round(S.SIZE_4 * 1.2 * TWIPS_PER_PT))
    _run(para, "— ", S.FONT_SONGTI, S.SIZE_4)
    begin = _run(para, "", S.FONT_SONGTI, S.SIZE_4)
    _field_char(begin, "begin")
    instr = _run(para, "", S.FONT_SONGTI, S.SIZE_4)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instr._r.append(text)
    _field_char(_run(para, "", S.FONT_SONGTI, S.SIZE_4), "separate")
    _run(para, "1", S.FONT_SONGTI, S.SIZE_4)
    _field_char(_run(para, "", S.FONT_SONGTI, S.SIZE_4), "end")
    _run(para, " —", S.FONT_SONGTI, S.SIZE_4)


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


class _DocxWriter:
    def __init__(self, doc) -> None:
        self.doc = doc

    def write(self, c: DocumentContent) -> None:
        self.head(c)
        self.title(c)
        if c.recipients:
            self.para([(c.recipients, S.FONT_FANGSONG)])
        for text in c.paragraphs():
            self.body_paragraph(text)
        if c.attachments:
            self.blank()
            self.attachments(c.attachments)
        self.signature(c)
        if c.note:
            self.para([(f"（{c.note}）", S.FONT_FANGSONG)], first_line_chars=2)
        self.imprint(c)

    # -- 版头 ---------------------------------------------------------------------------------
    def head(self, c: DocumentContent) -> None:
        top = [
            (c.copy_number, S.FONT_FANGSONG),
            (c.sensitivity_label, S.FONT_HEITI),
            (c.urgency, S.FONT_HEITI),
        ]
        top = [item for item in top if item[0]]
        for text, font in top:
            self.para([(text, font)], align=WD_ALIGN_PARAGRAPH.LEFT)
        mark = c.issuer_mark or c.signature
        size = S.issuer_mark_size_pt(mark)
        # The mark's top edge 35 mm below the top of the text block.
        before = max(35 / S.MM_PER_PT - len(top) * S.LINE_PITCH_PT, 0)
        para = self.para(
            [(mark, S.FONT_XIAOBIAOSONG)],
            align=WD_ALIGN_PARAGRAPH.CENTER,
            size=size,
            color=S.RED,
            line_twips=round(size * 1.25 * TWIPS_PER_PT),
            grid=False,
        )
        para.paragraph_format.space_before = Pt(before)
        self.blank()
        self.blank()
        if c.is_upward and c.signer:
            para = self.para(
                [
                    ("\u3000" + c.number, S.FONT_FANGSONG),
                    ("\t签发人：", S.FONT_FANGSONG),
                    (c.signer + "\u3000", S.FONT_KAITI),
                ],
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
            para.paragraph_format.tab_stops.add_tab_stop(Pt(S.TEXT_WIDTH_MM / S.MM_PER_PT), WD_TAB_ALIGNMENT.RIGHT)
        else:
            para = self.para([(c.number, S.FONT_FANGSONG)], align=WD_ALIGN_PARAGRAPH.CENTER)
        # Red separator line, full block width, 4 mm below the number.
        _border(
            para,
            "bottom",
            size_pt=S.SEPARATOR_PT,
            color=S.RED,
            space_pt=round(S.SEPARATOR_BELOW_NUMBER_MM / S.MM_PER_PT),
        )

    def title(self, c: DocumentContent) -> None:
        self.blank()
        self.blank()
        self.para([(c.title, S.FONT_XIAOBIAOSONG)], align=WD_ALIGN_PARAGRAPH.CENTER, size=S.SIZE_2)
        self.blank()

    # -- 主体 ---------------------------------------------------------------------------------
    def body_paragraph(self, text: str) -> None:
        heading = heading_level(text)
        if heading is None or heading[0] >= 2:
            self.para([(text, S.FONT_FANGSONG)], first_line_chars=2)
            return
        font = S.HEADING_FONTS[heading[0]]
        # Only the heading sentence takes the heading font; text after it stays 仿宋.
        head, stop, rest = text.partition("。")
        runs = [(head + stop, font)]
        if rest:
            runs.append((rest, S.FONT_FANGSONG))
        self.para(runs, first_line_chars=2)

    def attachments(self, items: list[str]) -> None:
        lines = S.attachment_lines(items)
        several = len(lines) > 1
        for index, line in enumerate(lines):
            # "附件：1.×××": further items under "1.", wrapped lines under the name's first character.
            number_width = 1 if several else 0
            left = 2 + 3 + number_width
            hanging = left - 2 if index == 0 else number_width
            para = self.para([(line, S.FONT_FANGSONG)])
            _indent(para, left_chars=left, hanging_chars=hanging)

    def signature(self, c: DocumentContent) -> None:
        if not (c.signature or c.date):
            return
        date_text = S.cn_date(c.date) if c.date else ""
        sig_indent, date_indent = S.signature_indents_chars(c.signature, date_text)
        self.blank()
        self.blank()  # room for the seal
        if c.signature:
            para = self.para([(c.signature, S.FONT_FANGSONG)], align=WD_ALIGN_PARAGRAPH.RIGHT)
            _indent(para, right_chars=sig_indent)
        if date_text:
            para = self.para([(date_text, S.FONT_FANGSONG)], align=WD_ALIGN_PARAGRAPH.RIGHT)
            _indent(para, right_chars=date_indent)

    # -- 版记 ---------------------------------------------------------------------------------
    def imprint(self, c: DocumentContent) -> None:
        """抄送 and 印发机关/印发日期 at the foot of the last page, between the rules."""
        rows: list[Paragraph] = []
        if c.cc:
            para = self.para([("抄送：" + c.cc, S.FONT_FANGSONG)], size=S.SIZE_4, grid=False)
            _indent(para, left_chars=1 + 3 * S.SIZE_4 / S.SIZE_3, right_chars=1, hanging_chars=3 * S.SIZE_4 / S.SIZE_3)
            rows.append(para)
        if c.printer or c.print_date:
            printed = f"{S.cn_date(c.print_date)}印发" if c.print_date else ""
            runs = [(c.printer, S.FONT_FANGSONG), ("\t" + printed, S.FONT_FANGSONG)]
            para = self.para(runs, size=S.SIZE_4, grid=False)
            _indent(para, left_chars=1, right_chars=1)
            para.paragraph_format.tab_stops.add_tab_stop(
                Pt(S.TEXT_WIDTH_MM / S.MM_PER_PT - S.CHAR_PITCH_PT * 2), WD_TAB_ALIGNMENT.RIGHT
            )
            rows.append(para)
        if not rows:
            return
        _border(rows[0], "top", size_pt=S.RULE_THICK_PT)
        for upper in rows[:-1]:
            _border(upper, "bottom", size_pt=S.RULE_THIN_PT)
        _border(rows[-1], "bottom", size_pt=S.RULE_THICK_PT)
        for para in rows:
            _frame_at_foot(para)

    # -- helpers ------------------------------------------------------------------------------
    def blank(self) -> Paragraph:
        return self.doc.add_paragraph()

    def para(
        self,
        runs: Iterable[tuple[str, str]],
        *,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        size: float = S.SIZE_3,
        color: str | None = None,
        first_line_chars: float = 0,
        line_twips: int | None = None,
        grid: bool = True,
    ) -> Paragraph:
        para = self.doc.add_paragraph()
        para.alignment = align
        ppr = para._p.get_or_add_pPr()
        if line_twips is not None:
            _set_exact_line(ppr, line_twips)
        if not grid:
            _child(ppr, "snapToGrid", PPR_ORDER).set(qn("w:val"), "0")
        if first_line_chars:
            _indent(para, first_line_chars=first_line_chars)
        for text, font in runs:
            _run(para, text, font, size, color=color)
        return para


# Child order of w:pPr and w:rPr in the WordprocessingML schema: Word refuses a file that breaks it.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _child(parent, tag: str, order: list[str]):
    """The parent's w:<tag> child, created in its schema position if missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = set(order[order.index(tag) + 1 :])
    for sibling in parent:
        if sibling.tag.rpartition("}")[2] in later:
            sibling.addprevious(element)
            return element
    parent.append(element)
    return element


def _run(para: Paragraph, text: str, font: str, size: float, *, color: str | None = None):
    run = para.add_run(text)
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, font)
    run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def _set_fonts(rpr, east_asia: str) -> None:
    fonts = _child(rpr, "rFonts", RPR_ORDER)
    fonts.set(qn("w:ascii"), S.FONT_LATIN)
    fonts.set(qn("w:hAnsi"), S.FONT_LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]


def _set_size(rpr, size_pt: float) -> None:
    for tag in ("sz", "szCs"):
        _child(rpr, tag, RPR_ORDER).set(qn("w:val"), str(round(size_pt * 2)))


def _set_exact_line(ppr, twips: int) -> None:
    spacing = _child(ppr, "spacing", PPR_ORDER)
    spacing.set(qn("w:line"), str(twips))
    spacing.set(qn("w:lineRule"), "exact")


def _indent(
    para: Paragraph,
    *,
    left_chars: float = 0,
    right_chars: float = 0,
    first_line_chars: float = 0,
    hanging_chars: float = 0,
) -> None:
    """Indents in characters of the grid (w:*Chars, hundredths) with twips for other readers."""
    ppr = para._p.get_or_add_pPr()
    ind = _child(ppr, "ind", PPR_ORDER)
    values = {
        "left": left_chars,
        "right": right_chars,
        "firstLine": first_line_chars,
        "hanging": hanging_chars,
    }
    for name, chars in values.items():
        if chars:
            ind.set(qn(f"w:{name}Chars"), str(round(chars * 100)))
            ind.set(qn(f"w:{name}"), str(round(chars * CHAR_TWIPS)))


def _border(para: Paragraph, side: str, *, size_pt: float, color: str = "000000", space_pt: int = 1) -> None:
    ppr = para._p.get_or_add_pPr()
    borders = _child(ppr, "pBdr", PPR_ORDER)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(round(size_pt * 8)))  # eighths of a point
    edge.set(qn("w:space"), str(space_pt))
    edge.set(qn("w:color"), color)
    # CT_PBdr order: top, left, bottom, right, between, bar.
    order = ["top", "left", "bottom", "right", "between", "bar"]
    later = [borders.find(qn(f"w:{name}")) for name in order[order.index(side) + 1 :]]
    later = [el for el in later if el is not None]
    if later:
        later[0].addprevious(edge)
    else:
        borders.append(edge)


def _frame_at_foot(para: Paragraph) -> None:
    """Anchor the paragraph in a frame at the bottom of the text block (the 版记's place)."""
    ppr = para._p.get_or_add_pPr()
    frame = _child(ppr, "framePr", PPR_ORDER)
    frame.set(qn("w:w"), str(TEXT_WIDTH_TWIPS))
    frame.set(qn("w:wrap"), "around")
    frame.set(qn("w:hAnchor"), "margin")
    frame.set(qn("w:vAnchor"), "margin")
    frame.set(qn("w:xAlign"), "center")
    frame.set(qn("w:yAlign"), "bottom")


# =============================================================================================
# PDF


def export_pdf(content: DocumentContent, *, watermark: str) -> bytes:
    from weasyprint import HTML

    html = render_pdf_html(content, watermark=watermark)
    return HTML(string=html).write_pdf()


def render_pdf_html(content: DocumentContent, *, watermark: str) -> str:
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    date_text = S.cn_date(content.date) if content.date else ""
    sig_indent, date_indent = S.signature_indents_chars(content.signature, date_text)
    top = [
        (content.copy_number, "fangsong"),
        (content.sensitivity_label, "heiti"),
        (content.urgency, "heiti"),
    ]
    top = [item for item in top if item[0]]
    paragraphs = []
    for text in content.paragraphs():
        heading = heading_level(text)
        if heading is None or heading[0] >= 2:
            paragraphs.append({"head": "", "rest": text, "font": "fangsong"})
        else:
            head, stop, rest = text.partition("。")
            paragraphs.append({"head": head + stop, "rest": rest, "font": ["heiti", "kaiti"][heading[0]]})
    lines = S.attachment_lines(content.attachments)
    mark = content.issuer_mark or content.signature
    context = {
        "c": content,
        "css": mark_safe(_pdf_css(watermark)),
        "top": top,
        "mark": mark,
        "mark_size": S.issuer_mark_size_pt(mark),
        "mark_before_pt": max(35 / S.MM_PER_PT - len(top) * S.LINE_PITCH_PT, 0),
        "paragraphs": paragraphs,
        "attachments": [{"text": line, "first": i == 0} for i, line in enumerate(lines)],
        "several": len(lines) > 1,
        "date_text": date_text,
        "sig_indent": sig_indent,
        "date_indent": date_indent,
        "print_date": f"{S.cn_date(content.print_date)}印发" if content.print_date else "",
        "watermark": watermark,
        "watermark_rows": range(6),
    }
    return render_to_string("documents/pdf/document.html", context)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def _pdf_css(watermark: str) -> str:
    fonts = {key: ", ".join(S.PDF_FONT_STACKS[name]) for key, name in _PDF_FONT_KEYS.items()}
    pitch = S.LINE_PITCH_PT - 0.1  # mixed CJK fonts add a hair to each line box: keep 22 lines on the page
    letter = S.CHAR_PITCH_PT - S.SIZE_3 - 0.05  # 28 characters fill the line, with room for rounding
    number_pad_mm = S.PAGE_NUMBER_BELOW_TEXT_MM - S.SIZE_4 * 0.6 * S.MM_PER_PT
    page_number = f"""
        content: "— " counter(page) " —"; font-family: {fonts["songti"]}; font-size: {S.SIZE_4}pt;
        vertical-align: top; padding-top: {number_pad_mm:.2f}mm;"""
    wm = _css_string(watermark)
    return f"""
@page {{
  size: {S.PAGE_WIDTH_MM}mm {S.PAGE_HEIGHT_MM}mm;
  margin: {S.MARGIN_TOP_MM}mm {S.MARGIN_RIGHT_MM}mm {S.MARGIN_BOTTOM_MM}mm {S.MARGIN_LEFT_MM}mm;
  @top-center {{ content: {wm}; font-family: {fonts["fangsong"]}; font-size: {S.WATERMARK_PT}pt;
                 color: #{S.WATERMARK_GREY}; vertical-align: top; padding-top: {S.HEADER_DISTANCE_MM}mm; }}
  @footnote {{ margin: 0; padding: 0; }}
}}
@page :right {{ @bottom-right {{ {page_number} padding-right: {S.SIZE_4}pt; }} }}
@page :left {{ @bottom-left {{ {page_number} padding-left: {S.SIZE_4}pt; }} }}
html {{ font-family: {fonts["fangsong"]}; font-size: {S.SIZE_3}pt; color: #000; }}
body {{ margin: 0; orphans: 1; widows: 1; }}
p {{ margin: 0; line-height: {pitch:.3f}pt; letter-spacing: {letter:.3f}pt; text-align: justify;
      min-height: {pitch:.3f}pt; }}
.fangsong {{ font-family: {fonts["fangsong"]}; }}
.heiti {{ font-family: {fonts["heiti"]}; }}
.kaiti {{ font-family: {fonts["kaiti"]}; }}
.indent {{ text-indent: 2em; }}
.mark {{ font-family: {fonts["xiaobiaosong"]}; font-weight: bold; color: #{S.RED}; text-align: center;
         letter-spacing: 0; white-space: nowrap; }}
.number {{ text-align: center; border-bottom: {S.SEPARATOR_PT}pt solid #{S.RED};
           padding-bottom: {S.SEPARATOR_BELOW_NUMBER_MM}mm; }}
.number-upward span {{ white-space: nowrap; }}
.number-upward {{ display: flex; justify-content: space-between; padding-left: 1em; padding-right: 1em; }}
.title {{ font-family: {fonts["xiaobiaosong"]}; font-weight: bold; font-size: {S.SIZE_2}pt; text-align: center;
          margin-top: {2 * pitch:.3f}pt; margin-bottom: {pitch:.3f}pt; letter-spacing: 0; }}
.attachments {{ margin-top: {pitch:.3f}pt; }}
.attachment {{ padding-left: 6em; text-indent: -4em; }}
.attachment.more {{ text-indent: -1em; }}
.attachment.single {{ padding-left: 5em; text-indent: -3em; }}
.signature {{ margin-top: {2 * pitch:.3f}pt; break-inside: avoid; }}
.right {{ text-align: right; }}
.imprint {{ float: footnote; font-size: {S.SIZE_4}pt; }}
.imprint p {{ line-height: {S.SIZE_4 * 1.9:.1f}pt; min-height: 0; letter-spacing: 0; padding: 0 1em; }}
.imprint .cc {{ border-top: {S.RULE_THICK_PT}pt solid #000; border-bottom: {S.RULE_THIN_PT}pt solid #000;
                padding-left: 4em; text-indent: -3em; }}
.imprint .printer {{ border-bottom: {S.RULE_THICK_PT}pt solid #000; display: flex; justify-content: space-between; }}
.imprint .printer.only {{ border-top: {S.RULE_THICK_PT}pt solid #000; }}
::footnote-call {{ content: none; }}
::footnote-marker {{ content: none; }}
.watermark {{ position: fixed; top: -20mm; left: -20mm; width: 200mm; height: 270mm; z-index: -1;
              color: rgba(0, 0, 0, 0.07); font-size: 15pt; letter-spacing: 0; }}
.watermark div {{ transform: rotate(-24deg); margin: 18mm 0 28mm 0; white-space: nowrap; }}
"""


_PDF_FONT_KEYS = {
    "fangsong": S.FONT_FANGSONG,
    "xiaobiaosong": S.FONT_XIAOBIAOSONG,
    "heiti": S.FONT_HEITI,
    "kaiti": S.FONT_KAITI,
    "songti": S.FONT_SONGTI,
}
