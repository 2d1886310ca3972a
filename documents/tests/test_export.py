"""GB/T 9704-2012 export: layout values in the .docx XML, page size and text of the PDF."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents import export_style as S
from documents.export import export_docx, export_pdf, render_pdf_html
from documents.samples import sample_notice, sample_request

WATERMARK = "刘明 liuming 2026-11-25 14:03"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return export_docx(sample_notice(), watermark=WATERMARK)


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return export_pdf(sample_notice(), watermark=WATERMARK)


def east_asia(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def paragraph_starting(doc, prefix: str):
    return next(p for p in doc.paragraphs if p.text.startswith(prefix))


def border(paragraph, side: str):
    borders = paragraph._p.pPr.find(qn("w:pBdr"))
    return None if borders is None else borders.find(qn(f"w:{side}"))


def test_page_is_a4_with_the_gb_margins(doc):
    section = doc.sections[0]

    def mm(length) -> float:  # stored in twips: within 0.05 mm
        return round(int(length) / 36000, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == 37
    assert mm(section.left_margin) == 28
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_document_grid_gives_22_lines_of_28_characters(doc):
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch = int(grid.get(qn("w:linePitch")))
    assert line_pitch == 579  # twips
    assert 22 * line_pitch <= Mm(225).twips < 23 * line_pitch
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * char_pitch_pt == pytest.approx(156 / S.MM_PER_PT, abs=0.5)
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    spacing = normal.element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")


def test_issuer_mark_is_red_xiaobiaosong_centred(doc):
    mark = paragraph_starting(doc, "中共示例县委组织部文件")
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (run,) = mark.runs
    assert east_asia(run) == "方正小标宋简体"
    assert str(run.font.color.rgb) == "FF0000"
    assert run.font.size >= Pt(30)


def test_number_centred_with_red_separator_line_4mm_below(doc):
    number = paragraph_starting(doc, "示组发〔2026〕7号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    line = border(number, "bottom")
    assert line.get(qn("w:color")) == "FF0000"
    assert line.get(qn("w:space")) == "11"  # points: 4 mm


def test_copy_number_sensitivity_and_urgency_top_left(doc):
    assert [p.text for p in doc.paragraphs[:3]] == ["000123", "内部", "加急"]
    assert east_asia(doc.paragraphs[1].runs[0]) == "黑体"


def test_title_recipients_and_heading_fonts(doc):
    title = paragraph_starting(doc, "中共示例县委组织部关于")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert east_asia(title.runs[0]) == "方正小标宋简体"
    recipients = paragraph_starting(doc, "各乡镇党委")
    assert recipients.text.endswith("：")
    assert recipients.paragraph_format.first_line_indent is None
    expected = {"一、": "黑体", "（一）": "楷体_GB2312", "1.": "仿宋_GB2312", "（1）": "仿宋_GB2312"}
    for prefix, font in expected.items():
        heading = paragraph_starting(doc, prefix)
        assert east_asia(heading.runs[0]) == font, prefix
    # Body paragraphs: first line indented two characters.
    body = paragraph_starting(doc, "为深入贯彻")
    ind = body._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"


def test_heading_font_covers_only_the_heading_sentence(doc):
    heading = paragraph_starting(doc, "（一）强化政治理论教育。")
    assert [east_asia(r) for r in heading.runs] == ["楷体_GB2312", "仿宋_GB2312"]
    assert heading.runs[0].text == "（一）强化政治理论教育。"


def test_attachment_note_signature_date_and_note(doc):
    texts = [p.text for p in doc.paragraphs]
    first = texts.index("附件：1.2026年度干部教育培训计划模板")
    assert texts[first + 1] == "2.2026年度参训人员名单汇总表"
    date = paragraph_starting(doc, "2026年11月25日")
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"
    assert "（此件发至乡镇党委、县直单位）" in texts


def test_imprint_has_thick_outer_and_thin_middle_rules_at_the_foot(doc):
    cc = paragraph_starting(doc, "抄送：")
    printer = paragraph_starting(doc, "中共示例县委组织部办公室")
    assert printer.text.endswith("2026年11月25日印发")
    assert cc.runs[0].font.size == Pt(14)
    assert border(cc, "top").get(qn("w:sz")) == "8"  # 1 pt ≈ 0.35 mm
    assert border(cc, "bottom").get(qn("w:sz")) == "6"  # 0.75 pt ≈ 0.25 mm
    assert border(printer, "bottom").get(qn("w:sz")) == "8"
    for para in (cc, printer):
        frame = para._p.pPr.find(qn("w:framePr"))
        assert (frame.get(qn("w:vAnchor")), frame.get(qn("w:yAlign"))) == ("margin", "bottom")


def test_page_numbers_alternate_sides_with_a_page_field(doc, docx_bytes):
    section = doc.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
        assert footer.runs[0].font.size == Pt(14)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        assert "<w:evenAndOddHeaders" in package.read("word/settings.xml").decode()


def test_watermark_in_the_header_of_odd_and_even_pages(doc):
    section = doc.sections[0]
    for header in (section.header, section.even_page_header):
        assert header.paragraphs[0].text == WATERMARK
    assert doc.core_properties.comments == WATERMARK


def test_upward_document_prints_the_signer_in_kaiti(tmp_path):
    doc = Document(io.BytesIO(export_docx(sample_request(), watermark=WATERMARK)))
    number = next(p for p in doc.paragraphs if "签发人" in p.text)
    assert "示组报〔2026〕3号" in number.text
    assert east_asia(number.runs[-1]) == "楷体_GB2312"
    assert number.runs[-1].text.strip("\u3000") == "李建国"
    assert border(number, "bottom").get(qn("w:color")) == "FF0000"


def test_a_draft_without_number_or_imprint_still_exports():
    content = dataclasses.replace(
        sample_notice(), number="", copy_number="", sensitivity_label="", urgency="", cc="", printer="", print_date=None
    )
    doc = Document(io.BytesIO(export_docx(content, watermark=WATERMARK)))
    assert not any(p.text.startswith("抄送") for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "中共示例县委组织部文件"


# -- PDF ----------------------------------------------------------------------------------------


def test_pdf_pages_are_a4(pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF")
    from weasyprint import HTML

    rendered = HTML(string=render_pdf_html(sample_notice(), watermark=WATERMARK)).render()
    assert len(rendered.pages) == 3
    for page in rendered.pages:  # CSS px → pt
        assert (page.width * 0.75, page.height * 0.75) == (
            pytest.approx(595.28, abs=0.5),
            pytest.approx(841.89, abs=0.5),
        )


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pdf_mediabox_is_595_by_842_points(pdf_bytes, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf_bytes)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "3", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+3$", info.stdout, re.M)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert len(sizes) == 3
    for width, height in sizes:
        assert (round(float(width)), round(float(height))) == (595, 842)


def test_pdf_html_maps_the_official_fonts_to_installed_ones():
    html = render_pdf_html(sample_notice(), watermark=WATERMARK)
    assert '"仿宋_GB2312", "FangSong", "Noto Serif CJK SC"' in html
    assert '"黑体", "SimHei", "Noto Sans CJK SC"' in html
    assert '"楷体_GB2312", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"' in html
    assert 'content: "— " counter(page) " —"' in html
    assert "@page :left" in html and "@page :right" in html


def test_pdf_html_escapes_the_content():
    content = dataclasses.replace(sample_notice(), title="关于<script>的通知")
    html = render_pdf_html(content, watermark='x" } body { color: red')
    assert "<script>" not in html
    assert 'content: "x\\" } body { color: red"' in html


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_a_kaiti_font_for_second_level_headings(pdf_bytes, tmp_path):
    """（一） headings are 楷体: AR PL UKai (installed by the set-up) stands in for 楷体_GB2312, not 宋体."""
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf_bytes)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "UKai" in fonts and "Noto-Serif-CJK" in fonts and "Noto-Sans-CJK" in fonts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_pages_numbers_and_watermark(pdf_bytes, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf_bytes)
    pages = []
    for number in (1, 2, 3):
        out = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pages.append(out)
    assert "中共示例县委组织部文件" in pages[0]
    assert "示组发〔2026〕7号" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert "liuming 2026-11-25 14:03" in text  # traceable on every page
        assert re.search(rf"—\s*{number}\s*—", text)
    assert "抄送：" in pages[2] and "2026年11月25日印发" in pages[2]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_pages_render_for_a_look(pdf_bytes):
    """Leaves test-artifacts/document-export-N.png to look at (title centred, red mark, page numbers)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "document-export.pdf"
    pdf.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "document-export")], check=True)
    assert sorted(p.name for p in ARTIFACTS.glob("document-export-*.png")) == [
        "document-export-1.png",
        "document-export-2.png",
        "document-export-3.png",
    ]


def test_paragraph_and_run_properties_keep_the_schema_order(docx_bytes):
    """Word refuses ("unreadable content") a w:pPr or w:rPr whose children are out of schema order."""
    from lxml import etree

    from documents.export import PPR_ORDER, RPR_ORDER

    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        parts = [name for name in package.namelist() if name.startswith("word/") and name.endswith(".xml")]
        checked = 0
        for name in parts:
            root = etree.fromstring(package.read(name))
            for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER)):
                for props in root.iter(qn(f"w:{tag}")):
                    seen = [c.tag.rpartition("}")[2] for c in props if c.tag.rpartition("}")[2] in order]
                    assert seen == sorted(seen, key=order.index), f"{name}: {tag} {seen}"
                    checked += 1
    assert checked > 100
