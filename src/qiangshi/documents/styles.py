"""The page and the paragraph styles of a 公文: page size, margins and character grid on every
section, the named styles each element is written in (so that an editor in Word restyles an
element everywhere), and the page-number footers. Styles a template already holds are kept:
the organ's own template wins over the defaults here."""

from dataclasses import dataclass

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from . import layout as L


@dataclass(frozen=True)
class Look:
    """One paragraph style: its font (eastAsia), size in points, alignment and indent in
    characters of its own size."""

    name: str
    font: str
    size: float
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_indent_chars: int = 0
    red: bool = False
    fixed_pitch: bool = True
    padding_pt: float = 0


CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT

# Style id -> look; the ids are ASCII (Word and LibreOffice agree on them), the names Chinese.
LOOKS = {
    "GwUrgency": Look("紧急程度", L.HEITI, L.SIZE_3, LEFT),
    "GwOrgan": Look("发文机关标志", L.XIAOBIAOSONG, 36, CENTER, red=True, fixed_pitch=False),
    "GwNumber": Look("发文字号", L.FANGSONG, L.SIZE_3, CENTER),
    "GwTitle": Look("公文标题", L.XIAOBIAOSONG, L.SIZE_2, CENTER),
    "GwRecipients": Look("主送机关", L.FANGSONG, L.SIZE_3, LEFT),
    "GwHeading1": Look("一级标题", L.HEITI, L.SIZE_3, first_indent_chars=2),
    "GwHeading2": Look("二级标题", L.KAITI, L.SIZE_3, first_indent_chars=2),
    "GwHeading3": Look("三级标题", L.FANGSONG, L.SIZE_3, first_indent_chars=2),
    "GwBody": Look("公文正文", L.FANGSONG, L.SIZE_3, first_indent_chars=2),
    "GwTableTitle": Look("表格标题", L.HEITI, L.SIZE_3, CENTER),
    "GwTableNote": Look("表格注释", L.FANGSONG, L.SIZE_4, LEFT, fixed_pitch=False),
    "GwAttachmentNote": Look("附件说明", L.FANGSONG, L.SIZE_3, LEFT),
    "GwSigner": Look("发文机关署名", L.FANGSONG, L.SIZE_3, RIGHT),
    "GwDate": Look("成文日期", L.FANGSONG, L.SIZE_3, RIGHT),
    "GwAttachmentLabel": Look("附件标识", L.HEITI, L.SIZE_3, LEFT),
    "GwAttachmentTitle": Look("附件标题", L.XIAOBIAOSONG, L.SIZE_2, CENTER),
    "GwTableHead": Look("表头", L.HEITI, L.SIZE_4, CENTER, fixed_pitch=False, padding_pt=3),
    "GwTableCell": Look("表格文字", L.FANGSONG, L.SIZE_4, LEFT, fixed_pitch=False, padding_pt=3),
    "GwRecord": Look("版记", L.FANGSONG, L.SIZE_4, LEFT),
    "GwPageNumber": Look("页码", L.SONGTI, L.SIZE_4, RIGHT, fixed_pitch=False),
}


def set_fonts(rpr, east_asia: str, latin: str = L.LATIN) -> None:
    """Chinese text in `east_asia`, digits and Latin letters in `latin` (rFonts)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def install_styles(document) -> None:
    """The defaults (3号仿宋, fixed line pitch) and every Gw style the document lacks."""
    _defaults(document)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), L.FANGSONG)
    normal.font.size = Pt(L.SIZE_3)
    _fixed_pitch(normal.paragraph_format)
    existing = {style.style_id for style in document.styles}
    for style_id, look in LOOKS.items():
        if style_id not in existing:
            _add_style(document, style_id, look)


def _defaults(document) -> None:
    """docDefaults: 3号仿宋, Chinese, characters condensed so that 28 fit on a line."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    set_fonts(rpr, L.FANGSONG)
    size = str(L.SIZE_3 * 2)
    for tag, attributes in (("w:spacing", {"w:val": str(L.CHARACTER_SPACING_TWENTIETHS)}),
                            ("w:sz", {"w:val": size}), ("w:szCs", {"w:val": size}),
                            ("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})):
        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(qn(key), value)
        rpr.append(element)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)


def style_by_id(document, style_id: str):
    return next(style for style in document.styles if style.style_id == style_id)


def _fixed_pitch(paragraph_format) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = L.LINE_PITCH
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _add_style(document, style_id: str, look: Look) -> None:
    style = document.styles.add_style(look.name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    set_fonts(style.element.get_or_add_rPr(), look.font, L.SONGTI if look.font == L.SONGTI else L.LATIN)
    style.font.size = Pt(look.size)
    if look.red:
        style.font.color.rgb = L.RED
    paragraph = style.paragraph_format
    paragraph.alignment = look.align
    paragraph.first_line_indent = Pt(look.size * look.first_indent_chars)
    if not look.fixed_pitch:
        paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.space_before = paragraph.space_after = Pt(look.padding_pt)
        _off_grid(style.element.get_or_add_pPr())


def _off_grid(p_pr) -> None:
    """Lines of this style keep their own height instead of snapping to the 22-line grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    following = next((child for child in p_pr if child.tag in {
        qn("w:spacing"), qn("w:ind"), qn("w:jc"), qn("w:rPr")}), None)
    if following is None:
        p_pr.append(snap)
    else:
        following.addprevious(snap)


def set_page(section, landscape: bool = False) -> None:
    """A4 with the standard's margins and the 22-line grid; a landscape section
    (a wide 附件 table) turns the page, keeping the 订口 on the left."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (L.PAGE_HEIGHT, L.PAGE_WIDTH) if landscape else (L.PAGE_WIDTH, L.PAGE_HEIGHT))
    section.top_margin, section.bottom_margin = L.MARGIN_TOP, L.MARGIN_BOTTOM
    section.left_margin, section.right_margin = L.MARGIN_LEFT, L.MARGIN_RIGHT
    section.header_distance = L.MARGIN_TOP // 2
    section.footer_distance = L.FOOTER_DISTANCE
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(L.GRID_LINE_PITCH_TWIPS))


def add_page_numbers(document, section) -> None:
    """"— 1 —" in 4号宋体: odd pages right and even pages left, each 空一字 from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align, indent in ((section.footer, RIGHT, "right_indent"),
                                  (section.even_page_footer, LEFT, "left_indent")):
        footer.is_linked_to_previous = False
        # A template's own footer gives way: page numbers are the standard's.
        for block in footer._element.xpath("./w:p | ./w:tbl"):
            footer._element.remove(block)
        paragraph = footer.add_paragraph()
        paragraph.style = style_by_id(document, "GwPageNumber")
        paragraph.alignment = align
        setattr(paragraph.paragraph_format, indent, Pt(L.SIZE_4))
        paragraph.add_run("— ")
        _page_field(paragraph)
        paragraph.add_run(" —")


def _page_field(paragraph) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
