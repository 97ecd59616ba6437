"""An official document (公文) as data: what a bulletin, a 督办通知单 or a 催报函 says, apart
from how it is laid out. The methods that write documents (engine.bulletin) fill it in; the
layout engine (qiangshi.documents) turns it into a GB/T 9704-2012 .docx. Pure data: every
text is final (numbers already written with their period and unit)."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Table:
    """A table with a title, its column headers and rows of cell texts."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A numbered part of the body: heading "一、总体情况" (黑体), its paragraphs, its
    sub-parts headed "（一）…" (楷体), and tables placed after the paragraphs."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Attachment:
    """附件N: a name and its table, set on its own page after the body."""

    name: str
    table: Table


@dataclass(frozen=True)
class OfficialDocument:
    """Every element of GB/T 9704-2012 the platform's documents use.

    organ: 发文机关标志 (e.g. 济南市工业和信息化局); number: 发文字号 (济工信通〔2025〕10号),
    empty on a draft; recipients: 主送 (ends with a full-width colon); signer: 署名;
    date: 成文日期; copy_to: 抄送; printer and printed_on: 印发机关 and 印发日期;
    urgency: 紧急程度 (特急/加急, or empty)."""

    organ: str
    title: str
    sections: list[Section]
    signer: str
    date: datetime.date
    number: str = ""
    recipients: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    copy_to: str = ""
    printer: str = ""
    printed_on: datetime.date | None = None
    urgency: str = ""


def document_dict(document: OfficialDocument) -> dict:
    """The document as JSON-ready data (dates as ISO text), for storing a draft or an issue."""
    data = asdict(document)
    data["date"] = document.date.isoformat()
    data["printed_on"] = document.printed_on.isoformat() if document.printed_on else None
    return data


def document_from(data: dict) -> OfficialDocument:
    """The document `document_dict` stored."""

    def section(part: dict) -> Section:
        return Section(heading=part["heading"], paragraphs=list(part.get("paragraphs") or []),
                       subsections=[section(s) for s in part.get("subsections") or []],
                       tables=[Table(**t) for t in part.get("tables") or []])

    printed_on = data.get("printed_on")
    fields = {**data, "date": datetime.date.fromisoformat(data["date"]),
              "printed_on": datetime.date.fromisoformat(printed_on) if printed_on else None,
              "sections": [section(s) for s in data.get("sections") or []],
              "attachments": [Attachment(name=a["name"], table=Table(**a["table"]))
                              for a in data.get("attachments") or []]}
    return OfficialDocument(**fields)
