"""Tables of a 公文: the data tables of the body and of the 附件 (a header row repeated on
every page, single rules, figures right-aligned), and the 版记 — 抄送 and 印发机关/印发日期
between full-width rules, set at the foot of the last page (GB/T 9704-2012, docs/documents.md)."""

import datetime
import re

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from qiangshi.engine.document import Table

from . import layout as L
from .styles import style_by_id

# A figure as the documents write it: 8,612.3 / -2.1% / +3 / ↑2 / 0.5‰ / 12位.
_FIGURE = re.compile(r"^[+\-−↑↓]?\s*\d[\d,，]*(\.\d+)?\s*(%|‰|个|位|家|亿元|万元)?$")
# Data tables: single 0.5 pt rules all round (set on the table: a template may lack Table Grid).
_CELL_RULE = 4
_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
# Columns past this many get 小四 instead of 4号 so a wide table keeps its rows on one line.
WIDE_COLUMNS = 6


def looks_numeric(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


def add_table(document, table: Table) -> None:
    """The table's rows under its header row, then its note."""
    size = Pt(L.SIZE_SMALL_4 if len(table.columns) > WIDE_COLUMNS else L.SIZE_4)
    head, cell_style = style_by_id(document, "GwTableHead"), style_by_id(document, "GwTableCell")
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    _put(grid._tbl.tblPr, _borders({edge: _CELL_RULE for edge in _EDGES}))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(grid.rows[0])
    for row, texts in zip(grid.rows, [table.columns, *table.rows], strict=True):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = head if row is grid.rows[0] else cell_style
            if row is not grid.rows[0] and looks_numeric(text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(text).font.size = size
    if table.note:
        document.add_paragraph(table.note, style=style_by_id(document, "GwTableNote"))


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def add_record(document, copy_to: str, printer: str, printed_on: datetime.date | None) -> None:
    """版记: "抄送：…。" over "印发机关  日期印发", 4号仿宋, 空一字 each side, rules 0.35 mm
    first and last and 0.25 mm between, in a table floating at the bottom of the 版心 so that
    its last rule meets the 版心's lower edge."""
    rows = ([copy_to] if copy_to else []) + ([printer] if printer or printed_on else [])
    if not rows:
        return
    record = document.add_table(rows=len(rows), cols=2)
    _float_at_bottom(record, document.sections[-1])
    style = style_by_id(document, "GwRecord")
    for row in record.rows:
        for cell in row.cells:
            cell.paragraphs[0].style = style
    index = 0
    if copy_to:
        cell = record.rows[0].cells[0].merge(record.rows[0].cells[1])
        paragraph = cell.paragraphs[0]
        # 回行与冒号后首字对齐: a hanging indent the width of "抄送：".
        paragraph.paragraph_format.left_indent = Pt(L.SIZE_4 * 4)
        paragraph.paragraph_format.first_line_indent = Pt(-L.SIZE_4 * 3)
        paragraph.add_run(f"抄送：{copy_to.rstrip('。')}。")
        index = 1
    if len(rows) > index:
        left, right = record.rows[index].cells
        left.paragraphs[0].paragraph_format.left_indent = Pt(L.SIZE_4)
        left.paragraphs[0].add_run(printer)
        if printed_on:
            right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            right.paragraphs[0].paragraph_format.right_indent = Pt(L.SIZE_4)
            right.paragraphs[0].add_run(f"{date_text(printed_on)}印发")


def date_text(day: datetime.date) -> str:
    """成文日期 and 印发日期: Arabic numerals, year in full, no padding of month or day."""
    return f"{day.year}年{day.month}月{day.day}日"


# The schema's order of tblPr's children: Word refuses a table whose properties are out of order.
_TBL_PR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                 "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                 "tblLayout", "tblCellMar", "tblLook"]


def _put(tbl_pr, element) -> None:
    """Sets `element` in tblPr, replacing one of its kind, at its place in the schema order."""
    name = element.tag.split("}")[1]
    for old in tbl_pr.findall(qn(f"w:{name}")):
        tbl_pr.remove(old)
    later = {qn(f"w:{tag}") for tag in _TBL_PR_ORDER[_TBL_PR_ORDER.index(name) + 1:]}
    following = next((child for child in tbl_pr if child.tag in later), None)
    if following is None:
        tbl_pr.append(element)
    else:
        following.addprevious(element)


def _element(tag: str, **attributes: str):
    element = OxmlElement(f"w:{tag}")
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _float_at_bottom(table, section) -> None:
    tbl_pr = table._tbl.tblPr
    # Placed from the page's left edge: LibreOffice makes a table as wide as the text area
    # inline unless its horizontal position is relative to the page.
    _put(tbl_pr, _element("tblpPr", vertAnchor="margin", horzAnchor="page", tblpX=str(L.MARGIN_LEFT.twips),
                          tblpYSpec="bottom", leftFromText="0", rightFromText="0"))
    width = section.page_width - section.left_margin - section.right_margin
    _put(tbl_pr, _element("tblW", w=str(Emu(width).twips), type="dxa"))
    _put(tbl_pr, _borders({"top": L.RULE_THICK, "bottom": L.RULE_THICK, "insideH": L.RULE_THIN}))


def _borders(sizes: dict[str, int]):
    """tblBorders with the given edges ruled (width in eighths of a point), the others none."""
    borders = _element("tblBorders")
    for edge in _EDGES:
        if edge in sizes:
            borders.append(_element(edge, val="single", sz=str(sizes[edge]), space="0", color="000000"))
        else:
            borders.append(_element(edge, val="nil"))
    return borders
