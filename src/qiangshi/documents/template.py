"""An organ's own .docx template for the 版头 and fixed text, rendered with docxtpl (Jinja in
Word). The placeholders are the document's head fields; the layout engine appends the title,
主送, body, 附件 and 版记 after whatever the template holds (docs/documents.md)."""

import io
import zipfile

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from qiangshi.engine.document import OfficialDocument

from .tables import date_text


class TemplateInvalid(ValueError):
    """The uploaded template is not a .docx or its placeholders do not render; the message
    is for the user."""


def template_context(document: OfficialDocument) -> dict[str, str]:
    """The placeholders a template may use, every value a final text."""
    return {
        "organ": document.organ,
        "number": document.number,
        "title": document.title,
        "recipients": document.recipients,
        "signer": document.signer,
        "date": date_text(document.date),
        "urgency": document.urgency,
        "copy_to": document.copy_to,
        "printer": document.printer,
        "printed_on": date_text(document.printed_on) if document.printed_on else "",
    }


def render_template(template: bytes, document: OfficialDocument) -> bytes:
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(template_context(document), autoescape=True)
    except (zipfile.BadZipFile, KeyError) as error:
        raise TemplateInvalid("模板不是有效的 Word 文档（.docx）") from error
    except TemplateError as error:
        raise TemplateInvalid(f"模板中的占位符有误：{error}") from error
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
