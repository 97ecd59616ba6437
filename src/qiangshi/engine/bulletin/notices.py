"""督办通知单 and 催报函: a notice to one unit about one 督办 (a stalled project) or about the
data it owes, as OfficialDocuments for the same layout engine as the bulletin."""

from __future__ import annotations

import datetime

import polars as pl

from qiangshi.engine.document import OfficialDocument, Section, Table
from qiangshi.engine.projects import RULE_LABELS

from .inputs import BulletinInputInvalid, cast_to

#: 三色督办 by urgency: days left to the deadline at or below which a notice is red (特急,
#: overdue included) or yellow (加急); above it blue, with no urgency mark.
RED_DAYS = 3
YELLOW_DAYS = 10
COLOURS = {"red": ("红色", "特急"), "yellow": ("黄色", "加急"), "blue": ("蓝色", "")}
OWED_SCHEMA = {"indicator": pl.Utf8, "period_label": pl.Utf8, "due_on": pl.Date}


def written_date(day: datetime.date) -> str:
    """2025年11月30日, as 公文 write dates (Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def dispatch_colour(deadline: datetime.date, today: datetime.date) -> str:
    """red / yellow / blue by the days left to `deadline` (RED_DAYS, YELLOW_DAYS)."""
    left = (deadline - today).days
    return "red" if left <= RED_DAYS else "yellow" if left <= YELLOW_DAYS else "blue"


def dispatch_notice(
    *,
    unit: str,
    project: str,
    region: str,
    rule: str,
    stall_days: int | None,
    request: str,
    deadline: datetime.date,
    organ: str,
    signer: str,
    date: datetime.date,
    number: str = "",
) -> OfficialDocument:
    """督办通知单 of one 督办 (projects.Dispatch): to the responsible unit, the project and its
    stall (`rule`, a key of engine.projects.RULE_LABELS, or empty for a 督办 without one), the
    requirement, the deadline, and its colour by urgency."""
    if rule and rule not in RULE_LABELS:
        raise BulletinInputInvalid([f"停滞类型“{rule}”无法识别"])
    colour, urgency = COLOURS[dispatch_colour(deadline, date)]
    left = (deadline - date).days
    stall = RULE_LABELS.get(rule, "")
    if stall and stall_days is not None:
        stall += f"（已超出时限{stall_days}天）"
    remaining = f"已逾期{-left}天" if left < 0 else f"剩余{left}天"
    rows = [
        ["督办等级", f"{colour}督办" + (f"（{urgency}）" if urgency else "")],
        ["承办单位", unit],
        ["项目名称", project],
        ["所在区县（功能区）", region],
        ["停滞情况", stall or "—"],
        ["督办事项", request],
        ["办理期限", f"{written_date(deadline)}（{remaining}）"],
    ]
    lead = (
        f"{region}{project}"
        + (f"存在{RULE_LABELS[rule]}问题" if rule else "需加快推进")
        + f"，现予{colour}督办。请你单位接到本通知后抓紧研究解决，"
        + f"并于{written_date(deadline)}前将办理情况书面反馈。"
    )
    sections = [
        Section(heading="", paragraphs=[lead]),
        Section(
            heading="一、督办事项",
            paragraphs=[request],
            tables=[Table(title="督办事项", columns=["项目", "内容"], rows=rows)],
        ),
        Section(
            heading="二、办理要求",
            paragraphs=[
                f"请于{written_date(deadline)}前办结并反馈办理结果；确需延期的，应在期限届满前说明理由并提出承诺完成日期。",
                "逾期未办结的，将提级督办，并在全市工业经济运行情况通报中予以通报。",
            ],
        ),
    ]
    return OfficialDocument(
        organ=organ,
        title="督办通知单",
        sections=sections,
        signer=signer,
        date=date,
        number=number,
        recipients=f"{unit}：",
        urgency=urgency,
    )


def reporting_reminder(
    *,
    unit: str,
    owed: list[dict] | pl.DataFrame,
    deadline: datetime.date,
    organ: str,
    signer: str,
    date: datetime.date,
    number: str = "",
) -> OfficialDocument:
    """催报函 to a late unit: the indicators and periods it owes (`owed`: indicator, period_label,
    due_on), how many days each is late as of `date`, and the new deadline."""
    table = cast_to(owed, OWED_SCHEMA, "欠报清单")
    if not table.height:
        raise BulletinInputInvalid(["欠报清单为空，无需催报"])
    if table["due_on"].null_count():
        raise BulletinInputInvalid(["欠报清单有数据缺少应报日期"])
    table = table.sort("due_on", "indicator").with_columns(
        (pl.lit(date) - pl.col("due_on")).dt.total_days().clip(lower_bound=0).alias("late")
    )
    rows = [
        [str(i), indicator, period_label or "—", written_date(due_on), f"{late}天"]
        for i, (indicator, period_label, due_on, late) in enumerate(table.iter_rows(), start=1)
    ]
    lead = (
        f"截至{written_date(date)}，你单位以下{table.height}项数据尚未报送，"
        f"最长已逾期{table['late'].max()}天（明细见下表）。"
    )
    sections = [
        Section(
            heading="",
            paragraphs=[lead],
            tables=[
                Table(
                    title="欠报数据明细",
                    columns=["序号", "指标", "数据期别", "应报日期", "逾期天数"],
                    rows=rows,
                )
            ],
        ),
        Section(
            heading="",
            paragraphs=[
                f"请你单位高度重视，于{written_date(deadline)}前通过平台补报上述数据。逾期仍未报送的，"
                "将在全市工业经济运行情况通报中予以通报。"
            ],
        ),
    ]
    return OfficialDocument(
        organ=organ,
        title=f"关于催报{unit}统计数据的函",
        sections=sections,
        signer=signer,
        date=date,
        number=number,
        recipients=f"{unit}：",
    )
