"""Drafts, edits, issue and new versions of documents; every write checks the stored row.

A draft is written from stored results (bulletins.generate); generating again from unchanged
inputs gives the same draft back, and a draft the analyst edited is never overwritten by a
new generation (a fresh draft is made beside it). Issuing fixes the 文号 and the date, prints
the .docx once and keeps it: an issued document is never changed; a new version is a new
draft based on it.
"""

import hashlib
import re
from dataclasses import replace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qiangshi.accounts.context import current_actor
from qiangshi.bulletins.models import Document, Letterhead
from qiangshi.documents import TemplateInvalid, docx_bytes
from qiangshi.engine.document import OfficialDocument, Section, document_dict, document_from
from qiangshi.notices.services import notify, users_who_may

NUMBER_PATTERN = re.compile(r"^\S{1,20}〔\d{4}〕\d{1,4}号$")


class DocumentRefused(ValueError):
    """What cannot be done to a document, in Chinese."""


def draft_save(*, kind: str, year: int, month: int, period_type: str, region, document: OfficialDocument,
               facts: list[dict], sources: dict, input_hash: str, method_version: str) -> Document:
    """The draft written from these inputs: the stored one when an unedited draft of the same
    inputs exists, else a new one."""
    same = Document.objects.filter(kind=kind, year=year, month=month, region=region,
                                   status=Document.Status.DRAFT, input_hash=input_hash).first()
    if same is not None and same.content == document_dict(document):
        return same
    return Document.objects.create(
        kind=kind, year=year, month=month, period_type=period_type, region=region,
        title=document.title[:300], content=document_dict(document), facts=facts, sources=sources,
        input_hash=input_hash, method_version=method_version, created_by=current_actor().name)


def _editable(document: Document) -> None:
    if document.status != Document.Status.DRAFT:
        raise DocumentRefused("已印发的文件不能修改；如需更正，请另起新版本")


def _parts(sections: list[Section]) -> list[Section]:
    """Every section and sub-section in reading order: the parts a draft's form edits."""
    return [part for section in sections for part in (section, *_parts(section.subsections))]


def edit_fields(document: Document) -> list[tuple[str, str]]:
    """(heading, paragraphs one per line) of each editable part, in reading order."""
    parts = _parts(document_from(document.content).sections)
    return [(part.heading, "\n".join(part.paragraphs)) for part in parts]


@transaction.atomic
def draft_edit(document: Document, *, title: str, headings: list[str], texts: list[str]) -> Document:
    """The analyst's text for the title and each part (one paragraph per line; blank lines are
    dropped); the tables stay as generated. The form must cover every part of the draft."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _editable(document)
    current = document_from(document.content)
    parts = _parts(current.sections)
    if len(headings) != len(parts) or len(texts) != len(parts):
        raise DocumentRefused("草稿的章节已变化，请刷新页面后重新修改")
    if not title.strip() or len(title.strip()) > 300:
        raise DocumentRefused("标题不能为空，且不超过 300 字")
    if any(part.heading and not heading.strip() for part, heading in zip(parts, headings, strict=True)):
        raise DocumentRefused("章节标题不能为空")
    edited = iter(zip(headings, texts, strict=True))

    def rebuilt(section: Section) -> Section:
        heading, text = next(edited)
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        return Section(heading=heading.strip(), paragraphs=paragraphs,
                       subsections=[rebuilt(s) for s in section.subsections], tables=section.tables)

    sections = [rebuilt(s) for s in current.sections]
    content = document_dict(replace(current, title=title.strip(), sections=sections))
    document.title, document.content = title.strip(), content
    document.save(update_fields=["title", "content", "updated_at"])
    return document


@transaction.atomic
def document_issue(document: Document, *, number: str, date,
                   letterhead: Letterhead | None = None) -> Document:
    """Issue a draft with its 文号 and 成文日期: the .docx is printed once and kept."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _editable(document)
    number = (number or "").strip()
    if not NUMBER_PATTERN.match(number):
        raise DocumentRefused("发文字号应写成“机关代字〔年份〕序号号”，如 济工信通〔2025〕10号")
    if Document.objects.filter(number=number).exclude(pk=document.pk).exists():
        raise DocumentRefused(f"发文字号 {number} 已被使用")
    issued = replace(document_from(document.content), number=number, date=date, printed_on=date)
    document.content = document_dict(issued)
    document.number, document.letterhead = number, letterhead
    document.docx = docx_bytes(issued, template=bytes(letterhead.content) if letterhead else None)
    document.status = Document.Status.ISSUED
    document.issued_by, document.issued_at = current_actor().name, timezone.now()
    document.save()
    # Those who read the city's documents (leaders, analysts) find it among their 待办.
    notify(users_who_may("bulletins.view_document", scope_all=True),
           f"已印发{document.get_kind_display()}：{document.title}（{number}）",
           reverse("bulletins:detail", args=[document.pk]))
    return document


def new_version(document: Document) -> Document:
    """A draft copied from an issued document (its 文号 cleared), to correct and issue again."""
    if document.status != Document.Status.ISSUED:
        raise DocumentRefused("只有已印发的文件可以另起新版本；草稿可直接修改")
    content = document_dict(replace(document_from(document.content), number=""))
    return Document.objects.create(
        kind=document.kind, year=document.year, month=document.month, period_type=document.period_type,
        region=document.region, title=document.title, content=content, facts=document.facts,
        sources=document.sources, input_hash=document.input_hash, method_version=document.method_version,
        based_on=document, created_by=current_actor().name)


def document_file(document: Document) -> bytes:
    """The .docx: as printed for an issued document, as it would print for a draft."""
    if document.status == Document.Status.ISSUED and document.docx:
        return bytes(document.docx)
    return docx_bytes(document_from(document.content))


def letterhead_save(*, name: str, content: bytes, note: str, trial: OfficialDocument) -> Letterhead:
    """A 版头 template stored as the next version of its name once it renders a trial document
    (a file that is not a .docx, or whose placeholders do not render, is refused)."""
    name, note = (name or "").strip(), (note or "").strip()
    if not name or len(name) > 100:
        raise DocumentRefused("请填写模板名称（不超过 100 字）")
    if not note or len(note) > 300:
        raise DocumentRefused("请填写修改说明（不超过 300 字）")
    try:
        docx_bytes(trial, template=content)
    except TemplateInvalid as invalid:
        raise DocumentRefused(str(invalid)) from None
    stored = Letterhead.objects.filter(name=name).order_by("-version").first()
    digest = hashlib.sha256(content).hexdigest()
    if stored is not None and stored.sha256 == digest:
        return stored
    return Letterhead.objects.create(name=name, version=stored.version + 1 if stored else 1,
                                     content=content, sha256=digest, note=note,
                                     created_by=current_actor().name)
