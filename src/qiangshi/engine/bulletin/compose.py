"""The bulletin (工作通报) as an OfficialDocument: lead, 一、总体情况 二、区县（功能区）情况
三、存在问题 四、下步工作, and the 附件 tables; with the facts behind every number written."""

from __future__ import annotations

import datetime

from qiangshi.engine.document import OfficialDocument, Section

from .drafts import next_steps, problems
from .inputs import BulletinInputs
from .overall import overall_paragraphs
from .regions import region_parts
from .tables import UNITS, progress_attachment
from .words import BulletinPeriod, Fact, Facts

#: The sections drafted from the data for the analyst to rewrite before issuing.
DRAFTED = ("存在问题", "下步工作")
SECTION_NUMBERS = "一二三四五六"
DEFAULT_RECIPIENTS = "各区县人民政府，各功能区管委会，市直有关部门："


def bulletin_title(period: BulletinPeriod, scope_name: str) -> str:
    """关于2025年1—10月全市工业经济运行情况的通报 (一季度, 2025年 for the other periods)."""
    return f"关于{period.dated}{scope_name}工业经济运行情况的通报"


def lead_section(period: BulletinPeriod, scope_name: str) -> Section:
    """The unnumbered opening paragraph: a Section without a heading (the layout sets no heading)."""
    return Section(heading="", paragraphs=[f"现将{period.dated}{scope_name}工业经济运行情况通报如下："])


def bulletin_document(
    period: BulletinPeriod,
    scope_name: str,
    inputs: BulletinInputs,
    *,
    organ: str,
    signer: str,
    date: datetime.date,
    number: str = "",
    recipients: str = DEFAULT_RECIPIENTS,
) -> tuple[OfficialDocument, list[Fact]]:
    """The bulletin of `period` for `scope_name` (全市, or a district's name) from the checked
    inputs. A part whose table is absent is left out; a section with nothing in it too, and the
    remaining sections are numbered in order. Returns the document and every number it writes
    as a Fact (text as written, source key, value)."""
    facts = Facts()
    region_paragraphs, region_tables, attachments = region_parts(
        inputs.regions, inputs.ranking, inputs.indicators, period, facts
    )
    contents = [
        ("总体情况", {"paragraphs": overall_paragraphs(inputs, period, scope_name, facts)}),
        (f"{UNITS}情况", {"paragraphs": region_paragraphs, "tables": region_tables}),
        ("存在问题", {"subsections": problems(inputs, period, facts)}),
        ("下步工作", {"subsections": next_steps(inputs, facts)}),
    ]
    present = [(name, content) for name, content in contents if any(content.values())]
    sections = [lead_section(period, scope_name)] + [
        Section(heading=f"{SECTION_NUMBERS[i]}、{name}", **content)
        for i, (name, content) in enumerate(present)
    ]
    if inputs.indicators is not None:
        attachments.insert(0, progress_attachment(inputs.indicators, period))
    document = OfficialDocument(
        organ=organ,
        title=bulletin_title(period, scope_name),
        sections=sections,
        signer=signer,
        date=date,
        number=number,
        recipients=recipients,
        attachments=attachments,
    )
    return document, facts.items
