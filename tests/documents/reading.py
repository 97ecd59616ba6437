"""Reading a written .docx back with python-docx: a paragraph's font and size as its style
chain sets them (the layout engine formats through styles), the body's parts in order."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def read(data: bytes):
    return Document(io.BytesIO(data))


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _font(paragraph, slot: str) -> str | None:
    for style in _style_chain(paragraph):
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if fonts is not None and fonts.get(qn(slot)):
            return fonts.get(qn(slot))
    return None


def east_asia_font(paragraph) -> str | None:
    return _font(paragraph, "w:eastAsia")


def latin_font(paragraph) -> str | None:
    return _font(paragraph, "w:ascii")


def size_pt(paragraph) -> float | None:
    for run in paragraph.runs:
        if run.font.size is not None:
            return run.font.size.pt
    return next((s.font.size.pt for s in _style_chain(paragraph) if s.font.size is not None), None)


def parts(document) -> list[tuple[str, str]]:
    """(style id, text) of every non-empty paragraph and ("table", first cell) of every table,
    in the order of the body."""
    found = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            if paragraph.text:
                found.append((paragraph.style.style_id, paragraph.text))
        elif element.tag == qn("w:tbl"):
            found.append(("table", Table(element, document).rows[0].cells[0].text))
    return found


def paragraphs_of(document, style_id: str) -> list:
    return [p for p in document.paragraphs if p.style.style_id == style_id and p.text]
