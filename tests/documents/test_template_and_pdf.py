"""An organ's docxtpl template as the 版头, and the PDF LibreOffice makes of the .docx (or the
plain message when the server has no LibreOffice)."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document

from qiangshi.documents import PdfUnavailable, TemplateInvalid, docx_bytes, pdf_bytes
from qiangshi.engine.document import Section

from .reading import parts, read
from .sample import bulletin


def _template(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_template_renders_the_head_and_the_body_follows_it():
    template = _template("{{ organ }}文件", "{{ number }}", "（固定文字）")
    found = parts(read(docx_bytes(bulletin(), template=template)))
    texts = [text for _, text in found]
    assert texts[:4] == ["济南市工业和信息化局文件", "济工信通〔2025〕10号", "（固定文字）",
                         "关于2025年1—10月全市工业经济运行情况的通报"]
    assert "GwOrgan" not in {style for style, _ in found}
    assert found[3][0] == "GwTitle"


def test_a_template_document_still_gets_the_standard_page():
    section = read(docx_bytes(bulletin(), template=_template("{{ organ }}"))).sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)


def test_a_template_that_is_not_a_docx_is_refused_in_chinese():
    with pytest.raises(TemplateInvalid, match="不是有效的 Word 文档"):
        docx_bytes(bulletin(), template=b"not a docx")


def test_a_template_with_a_broken_placeholder_is_refused_in_chinese():
    with pytest.raises(TemplateInvalid, match="占位符有误"):
        docx_bytes(bulletin(), template=_template("{{ organ "))


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_the_pdf_has_a4_pages():
    pdf = pdf_bytes(docx_bytes(bulletin()))
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    width, height = (float(n) for n in boxes[0])
    assert (width / 72 * 25.4, height / 72 * 25.4) == (pytest.approx(210, abs=1), pytest.approx(297, abs=1))


def test_without_libreoffice_the_pdf_is_refused_with_a_plain_message(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfUnavailable, match=r"服务器未安装 LibreOffice，仅提供 \.docx"):
        pdf_bytes(docx_bytes(bulletin()))


@pytest.mark.skipif(shutil.which("pdftotext") is None or (
    shutil.which("soffice") is None and shutil.which("libreoffice") is None),
    reason="LibreOffice or poppler-utils is not installed")
def test_the_pdf_sets_28_characters_a_line_and_22_lines_a_page():
    # A long paragraph fills the second page from top to bottom: every full line holds 28
    # characters and the page holds 22 lines above its page number.
    filler = [Section(heading="一、测试", paragraphs=["国" * 26 + "。" + "家" * 200] * 12)]
    pdf = pdf_bytes(docx_bytes(bulletin(sections=filler, attachments=[])))
    text = subprocess.run([shutil.which("pdftotext"), "-f", "2", "-l", "2", "-layout", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[-1] == "— 2 —"
    assert len(lines[:-1]) == 22
    assert max(len(line) for line in lines[:-1]) == 28


def test_a_templates_own_footer_gives_way_to_the_page_numbers():
    document = Document()
    document.add_paragraph("{{ organ }}")
    document.sections[0].footer.paragraphs[0].text = "旧页脚"
    out = io.BytesIO()
    document.save(out)
    footer = read(docx_bytes(bulletin(), template=out.getvalue())).sections[0].footer
    assert [p.text for p in footer.paragraphs] == ["— 1 —"]
