"""The layout engine of official documents (公文): an engine.document.OfficialDocument written
as a GB/T 9704-2012 .docx (gongwen), optionally under an organ's docxtpl template, and the
.docx turned into PDF by LibreOffice where the server has it (pdf). docs/documents.md."""

from .gongwen import docx_bytes
from .pdf import PdfUnavailable, pdf_bytes
from .template import TemplateInvalid, template_context

__all__ = ["PdfUnavailable", "TemplateInvalid", "docx_bytes", "pdf_bytes", "template_context"]
