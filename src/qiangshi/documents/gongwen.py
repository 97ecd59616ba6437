"""An OfficialDocument written as a GB/T 9704-2012 .docx: 版头 (紧急程度, 发文机关标志, 发文字号,
red separator), 主体 (title, 主送, the numbered sections with their tables, 附件说明, 署名 and
成文日期), the 附件 each on a new page, and the 版记 at the foot of the last page. The layout
numbers are in layout.py, the styles in styles.py."""

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from qiangshi.engine.document import OfficialDocument, Section

from . import layout as L
from .styles import add_page_numbers, install_styles, set_page, style_by_id
from .tables import WIDE_COLUMNS, add_record, add_table, date_text
from .template import render_template

# Heading style by depth: 一、 in 黑体, （一） in 楷体, deeper levels in 仿宋.
_HEADINGS = ("GwHeading1", "GwHeading2", "GwHeading3")
# Lines left above the 署名 for the seal (印章顶端距正文一行之内, 下压署名和日期).
_SEAL_LINES = 2


def docx_bytes(document: OfficialDocument, template: bytes | None = None) -> bytes:
    """The .docx of `document`. With `template` (a .docx holding docxtpl placeholders such as
    {{ organ }} and {{ number }}), the rendered template is the 版头 and the rest follows it."""
    if template is None:
        docx = Document()
    else:
        docx = Document(io.BytesIO(render_template(template, document)))
    install_styles(docx)
    for section in docx.sections:
        set_page(section)
    add_page_numbers(docx, docx.sections[0])
    if template is None:
        _head(docx, document)
    _main(docx, document)
    _attachments(docx, document)
    add_record(docx, document.copy_to, document.printer, document.printed_on)
    # A body must end with a paragraph; this one also anchors the floating 版记.
    _paragraph(docx, "GwBody", "")
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _paragraph(docx, style_id: str, text: str = ""):
    paragraph = docx.add_paragraph(style=style_by_id(docx, style_id))
    if text:
        paragraph.add_run(text)
    return paragraph


def _blank(docx, lines: int) -> None:
    for _ in range(lines):
        _paragraph(docx, "GwBody")


def _head(docx, document: OfficialDocument) -> None:
    """版头: 紧急程度 top left; 发文机关标志 35 mm below the 版心's top, red, centred, sized to
    fit one line; 发文字号 两行 below it; the red rule 4 mm under the 发文字号."""
    if document.urgency:
        _paragraph(docx, "GwUrgency", document.urgency)
    organ = _paragraph(docx, "GwOrgan", document.organ)
    organ.paragraph_format.space_before = L.ORGAN_SPACE_BEFORE - (L.LINE_PITCH if document.urgency else 0)
    organ.runs[0].font.size = Pt(_organ_size(document.organ))
    _blank(docx, 2)
    number = _paragraph(docx, "GwNumber", document.number)
    _red_rule_below(number)


def _organ_size(organ: str) -> int:
    """At most 小初 (36 pt), smaller for a long name so it stays on one line of the 版心."""
    return min(36, int(L.TEXT_WIDTH.pt * 0.95 / max(len(organ), 1)))


def _red_rule_below(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    rule = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(L.SEPARATOR_RED_RULE)),
                       ("space", str(L.SEPARATOR_GAP_PT)), ("color", str(L.RED))):
        rule.set(qn(f"w:{key}"), value)
    borders.append(rule)
    p_pr = paragraph._p.get_or_add_pPr()
    # pBdr comes before spacing, ind and jc in pPr.
    following = next((child for child in p_pr if child.tag in {
        qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"), qn("w:jc")}), None)
    if following is None:
        p_pr.append(borders)
    else:
        following.addprevious(borders)


def _main(docx, document: OfficialDocument) -> None:
    """标题 two lines under the separator, 主送 one line under the title, the sections, the
    附件说明 one line under the body, then 署名 centred over the 成文日期 (右空四字)."""
    _blank(docx, 2)
    _paragraph(docx, "GwTitle", document.title)
    if document.recipients:
        _blank(docx, 1)
        _paragraph(docx, "GwRecipients", document.recipients)
    for section in document.sections:
        _section(docx, section, 0)
    _attachment_note(docx, document)
    _blank(docx, _SEAL_LINES)
    date = date_text(document.date)
    signer = _paragraph(docx, "GwSigner", document.signer)
    offset = max((_width(date) - _width(document.signer)) / 2, 0)
    signer.paragraph_format.right_indent = Pt(L.SIZE_3 * (4 + offset))
    _paragraph(docx, "GwDate", date).paragraph_format.right_indent = Pt(L.SIZE_3 * 4)


def _width(text: str) -> float:
    """Width in characters: Chinese full width, digits and Latin half width."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _section(docx, section: Section, depth: int) -> None:
    if section.heading:  # a section without a heading is an unnumbered block of the body
        _paragraph(docx, _HEADINGS[min(depth, len(_HEADINGS) - 1)], section.heading)
    for text in section.paragraphs:
        _paragraph(docx, "GwBody", text)
    for table in section.tables:
        _paragraph(docx, "GwTableTitle", table.title)
        add_table(docx, table)
    for sub in section.subsections:
        _section(docx, sub, depth + 1)


def _attachment_note(docx, document: OfficialDocument) -> None:
    """"附件：1. 名称" 左空二字, the next names aligned under the first one's name."""
    names = [attachment.name for attachment in document.attachments]
    if not names:
        return
    _blank(docx, 1)
    numbered = [f"{n}. {name}" for n, name in enumerate(names, 1)] if len(names) > 1 else names
    for index, text in enumerate(numbered):
        paragraph = _paragraph(docx, "GwAttachmentNote", f"附件：{text}" if index == 0 else text)
        paragraph.paragraph_format.left_indent = Pt(L.SIZE_3 * (2 if index == 0 else 5))


def _attachments(docx, document: OfficialDocument) -> None:
    """Each 附件 on a new page: "附件N" in 3号黑体 flush left, its title, its table; a table
    wider than six columns gets a landscape page of its own (the 版记 after a last landscape
    附件 stays on its page, as wide as its 版心)."""
    single = len(document.attachments) == 1
    landscape = False
    for number, attachment in enumerate(document.attachments, 1):
        wide = len(attachment.table.columns) > WIDE_COLUMNS
        turns = wide or landscape
        if turns:
            set_page(docx.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
        label = _paragraph(docx, "GwAttachmentLabel", "附件" if single else f"附件{number}")
        label.paragraph_format.page_break_before = not turns
        landscape = wide
        _blank(docx, 1)
        _paragraph(docx, "GwAttachmentTitle", attachment.name)
        _blank(docx, 1)
        add_table(docx, attachment.table)
