"""The .docx of an official document follows GB/T 9704-2012 (docs/documents.md): the page,
the fonts and sizes of each element, the order of the parts, the tables, the page numbers."""

import datetime

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from qiangshi.documents import docx_bytes
from qiangshi.engine.document import Attachment, Section, Table

from .reading import east_asia_font, latin_font, paragraphs_of, parts, read, size_pt
from .sample import ATTACHMENT, RANKING, bulletin


@pytest.fixture(scope="module")
def written():
    return read(docx_bytes(bulletin()))


def test_the_page_is_a4_with_the_standards_margins(written):
    for section in written.sections:
        assert section.page_width.mm == pytest.approx(210, abs=1)
        assert section.page_height.mm == pytest.approx(297, abs=1)
        assert section.top_margin.mm == pytest.approx(37, abs=1)
        assert section.bottom_margin.mm == pytest.approx(35, abs=1)
        assert section.left_margin.mm == pytest.approx(28, abs=1)
        assert section.right_margin.mm == pytest.approx(26, abs=1)


def test_the_grid_has_22_lines_of_a_fixed_pitch(written):
    grid = written.sections[0]._sectPr.find(qn("w:docGrid"))
    assert 22 * int(grid.get(qn("w:linePitch"))) <= 225 / 25.4 * 1440 < 23 * int(grid.get(qn("w:linePitch")))
    assert written.styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(29, abs=0.1)
    assert paragraphs_of(written, "GwBody")[0].paragraph_format.line_spacing is None


def test_the_title_is_2hao_xiaobiaosong_centred(written):
    (title,) = paragraphs_of(written, "GwTitle")
    assert title.text == "关于2025年1—10月全市工业经济运行情况的通报"
    assert east_asia_font(title) == "方正小标宋简体"
    assert size_pt(title) == 22
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_body_is_3hao_fangsong_indented_two_characters(written):
    body = paragraphs_of(written, "GwBody")
    assert body[0].text.startswith("1—10月，全市规上工业营业收入8,612.3亿元")
    assert {east_asia_font(p) for p in body} == {"仿宋_GB2312"}
    assert {size_pt(p) for p in body} == {16}
    assert body[0].style.paragraph_format.first_line_indent.pt == 32


def test_digits_and_latin_letters_are_in_times_new_roman(written):
    assert latin_font(paragraphs_of(written, "GwBody")[0]) == "Times New Roman"
    assert latin_font(paragraphs_of(written, "GwTitle")[0]) == "Times New Roman"


def test_first_level_headings_are_heiti_and_second_level_kaiti(written):
    first, second = paragraphs_of(written, "GwHeading1"), paragraphs_of(written, "GwHeading2")
    assert [p.text for p in first] == ["一、总体情况", "二、区县（功能区）情况"]
    assert [p.text for p in second] == ["（一）工业投资"]
    assert {east_asia_font(p) for p in first} == {"黑体"}
    assert {east_asia_font(p) for p in second} == {"楷体_GB2312"}
    assert {size_pt(p) for p in first + second} == {16}


def test_the_parts_come_in_the_standards_order(written):
    found = parts(written)
    order = [
        ("GwOrgan", "济南市工业和信息化局"), ("GwNumber", "济工信通〔2025〕10号"),
        ("GwTitle", "关于2025年1—10月全市工业经济运行情况的通报"),
        ("GwRecipients", "各区县工业和信息化主管部门，市直有关部门："),
        ("GwHeading1", "一、总体情况"), ("GwTableTitle", RANKING.title), ("table", "区县"),
        ("GwHeading2", "（一）工业投资"), ("GwHeading1", "二、区县（功能区）情况"),
        ("GwAttachmentNote", f"附件：{ATTACHMENT.name}"), ("GwSigner", "济南市工业和信息化局"),
        ("GwDate", "2025年11月10日"), ("GwAttachmentLabel", "附件"), ("GwAttachmentTitle", ATTACHMENT.name),
        ("table", "区县"), ("table", "抄送：市委办公厅，市政府办公厅。"),
    ]
    rest = iter(found)
    missing = [part for part in order if part not in rest]  # `in` advances the iterator: order kept
    assert missing == [], found


def test_the_head_is_red_with_a_red_rule_under_the_number(written):
    (organ,) = paragraphs_of(written, "GwOrgan")
    assert str(organ.style.font.color.rgb) == "FF0000"
    assert east_asia_font(organ) == "方正小标宋简体"
    (number,) = paragraphs_of(written, "GwNumber")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    assert 11 <= int(rule.get(qn("w:space"))) <= 12  # 4 mm


def test_a_draft_without_a_number_keeps_the_red_rule():
    written = read(docx_bytes(bulletin(number="")))
    rules = [p for p in written.paragraphs if p.style.style_id == "GwNumber"]
    assert rules[0].text == ""
    assert rules[0]._p.pPr.find(qn("w:pBdr")) is not None


def test_the_urgency_stands_first_in_heiti():
    written = read(docx_bytes(bulletin(urgency="特急")))
    assert parts(written)[0] == ("GwUrgency", "特急")
    assert east_asia_font(paragraphs_of(written, "GwUrgency")[0]) == "黑体"


def test_the_date_is_in_arabic_numerals_four_characters_from_the_right(written):
    (date,) = paragraphs_of(written, "GwDate")
    assert date.text == "2025年11月10日"
    assert date.paragraph_format.right_indent.pt == 64
    (signer,) = paragraphs_of(written, "GwSigner")
    assert signer.paragraph_format.right_indent.pt >= 64


def test_the_ranking_table_holds_its_rows_with_figures_right_aligned(written):
    table = written.tables[0]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts == [RANKING.columns, *RANKING.rows]
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cell = table.rows[1].cells[0].paragraphs[0]
    assert east_asia_font(cell) == "仿宋_GB2312" and size_pt(cell) == 14
    assert table._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"


def test_each_attachment_starts_a_new_page_with_its_number():
    second = Attachment(name="各区县工业投资情况", table=Table(title="投资", columns=["区县", "增速（%）"],
                                                           rows=[["历下区", "9.8"]]))
    written = read(docx_bytes(bulletin(attachments=[ATTACHMENT, second])))
    labels = paragraphs_of(written, "GwAttachmentLabel")
    assert [p.text for p in labels] == ["附件1", "附件2"]
    assert all(p.paragraph_format.page_break_before for p in labels)
    notes = [p.text for p in paragraphs_of(written, "GwAttachmentNote")]
    assert notes == [f"附件：1. {ATTACHMENT.name}", "2. 各区县工业投资情况"]


def test_a_wide_attachment_table_gets_a_landscape_page():
    wide = Attachment(name="宽表", table=Table(title="宽表", columns=[f"列{n}" for n in range(9)],
                                              rows=[[str(n) for n in range(9)]]))
    written = read(docx_bytes(bulletin(attachments=[wide])))
    assert [s.page_width > s.page_height for s in written.sections] == [False, True]


def test_the_record_sits_between_rules_in_4hao_fangsong(written):
    record = written.tables[-1]
    printed = [cell.text for cell in record.rows[1].cells]
    assert printed == ["济南市工业和信息化局办公室", "2025年11月11日印发"]
    paragraph = record.rows[0].cells[0].paragraphs[0]
    assert east_asia_font(paragraph) == "仿宋_GB2312" and size_pt(paragraph) == 14
    borders = record._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {edge: borders.find(qn(f"w:{edge}")).get(qn("w:sz")) for edge in ("top", "insideH", "bottom")}
    assert sizes == {"top": "8", "insideH": "6", "bottom": "8"}
    assert record._tbl.tblPr.find(qn("w:tblpPr")).get(qn("w:tblpYSpec")) == "bottom"


def test_no_record_without_copy_to_or_printer():
    written = read(docx_bytes(bulletin(copy_to="", printer="", printed_on=None)))
    assert "抄送" not in " ".join(cell.text for table in written.tables for cell in table.rows[0].cells)


def test_page_numbers_are_dashed_odd_right_even_left(written):
    section = written.sections[0]
    assert written.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert footer._p.xpath(".//w:instrText")[0].text.strip() == "PAGE"
        assert east_asia_font(footer) == "宋体" and size_pt(footer) == 14
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)


def test_the_signature_date_comes_from_the_document():
    written = read(docx_bytes(bulletin(date=datetime.date(2026, 1, 5))))
    assert paragraphs_of(written, "GwDate")[0].text == "2026年1月5日"


def test_a_section_without_a_heading_is_an_unnumbered_block_of_the_body():
    lead = Section(heading="", paragraphs=["现将2025年1—10月全市工业经济运行情况通报如下："])
    document = bulletin()
    written = read(docx_bytes(bulletin(sections=[lead, *document.sections])))
    found = parts(written)
    at = found.index(("GwBody", lead.paragraphs[0]))
    assert found[at - 1][0] == "GwRecipients" and found[at + 1] == ("GwHeading1", "一、总体情况")
    assert all(text for style, text in found if style.startswith("GwHeading"))
