"""一、总体情况: the scope's indicators against their targets, then chains, projects and 督办,
reporting timeliness, 亩均 classes and tiers — one paragraph each, left out when its table is.

Sentences follow Jinan's releases (reference §C1: "1—10月，全市规上工业营业收入8,612.3亿元，同比
增长6.1%，完成年度目标的85.2%").
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.progress.constants import STATUS_LABELS
from qiangshi.engine.projects import RULE_LABELS

from .inputs import BulletinInputs
from .words import BulletinPeriod, Facts, change_word, names

# Best first, as a summary of progress reads ("已完成3项、进度正常5项、滞后2项").
STATUS_SUMMARY_ORDER = [
    "achieved",
    "on_track",
    "accelerate",
    "lagging",
    "regressing",
    "missed",
    "in_progress",
    "insufficient",
    "unassigned",
]
#: The statuses a bulletin calls behind schedule (存在问题, 下步工作), as it says them.
BEHIND_WORDS = {
    "accelerate": "进度需加快",
    "lagging": "进度滞后",
    "regressing": "较基期倒退",
    "missed": "未完成目标",
}
BEHIND = tuple(BEHIND_WORDS)


def completion_words(row: dict, period: BulletinPeriod, facts: Facts) -> str:
    """完成年度目标的85.2%（时序进度83.3%）; a target of another year is named (完成2027年目标的…)."""
    key = f"indicators/{row['code']}"
    target = (
        "年度目标"
        if row["target_year"] in (None, period.year)
        else f"{facts.year(row['target_year'], f'{key}/target_year')}年目标"
    )
    done = f"完成{target}的{facts.percent(row['completion'], f'{key}/completion')}"
    if row["expected"] is not None:
        done += f"（时序进度{facts.percent(row['expected'], f'{key}/expected')}）"
    return done


def indicator_clause(row: dict, period: BulletinPeriod, facts: Facts) -> str:
    """规上工业营业收入8,612.3亿元，同比增长6.1%，增速较上月提高0.3个百分点，完成年度目标的85.2%（时序进度83.3%）."""
    key = f"indicators/{row['code']}"
    unit = row["unit"] or ""
    own_period = row["period_label"] if row["period_label"] and row["period_label"] != period.span else ""
    head = row["name"] + own_period
    parts = []
    if row["value"] is not None:
        number = facts.number(row["value"], f"{key}/value", unit)
        head += f"为{number}" if unit == "%" or own_period else number
    if row["yoy"] is not None:
        parts.append(f"同比{facts.growth(row['yoy'], f'{key}/yoy')}")
        if row["previous_yoy"] is not None:
            change = row["yoy"] - row["previous_yoy"]
            parts.append(
                f"增速与{period.previous}持平"
                if change_word(change, ("提高", "回落", "持平")) == "持平"
                else f"增速较{period.previous}{facts.points(change, f'{key}/yoy-previous_yoy')}"
            )
    if row["completion"] is not None:
        parts.append(completion_words(row, period, facts))
    # A value is followed by a comma (8,612.3亿元，同比增长…); a bare name runs on (增加值同比增长…).
    return head + ("，" if row["value"] is not None and parts else "") + "，".join(parts)


def indicators_paragraphs(
    indicators: pl.DataFrame, period: BulletinPeriod, scope: str, facts: Facts
) -> list[str]:
    clauses = [indicator_clause(row, period, facts) for row in indicators.iter_rows(named=True)]
    paragraphs = [f"{period.span}，{scope}{'；'.join(clauses)}。"]
    counted = indicators.filter(pl.col("status").is_not_null())
    if counted.height:
        by_status = dict(counted.group_by("status").len().iter_rows())
        parts = [
            f"{STATUS_LABELS[s]}{facts.count(by_status[s], f'indicators/count(status={s})', '项')}"
            for s in STATUS_SUMMARY_ORDER
            if s in by_status
        ]
        total = facts.count(counted.height, "indicators/count(status)", "项")
        paragraphs.append(f"纳入监测的{total}指标中，{'、'.join(parts)}。")
    return paragraphs


def chains_paragraph(chains: pl.DataFrame, period: BulletinPeriod, facts: Facts) -> str:
    clauses = []
    for row in chains.filter(pl.col("revenue").is_not_null() | pl.col("growth").is_not_null()).iter_rows(
        named=True
    ):
        key = f"chains/{row['chain']}"
        figures = []
        if row["revenue"] is not None:
            figures.append(facts.number(row["revenue"], f"{key}/revenue", "亿元"))
        if row["growth"] is not None:
            figures.append(f"同比{facts.growth(row['growth'], f'{key}/growth')}")
        clauses.append(f"{row['chain']}营业收入{'，'.join(figures)}")
    behind = chains.filter(pl.col("status").is_in(BEHIND))["chain"].to_list()
    sentences = [f"{period.span}，{'；'.join(clauses)}。"] if clauses else []
    if behind:
        sentences.append(f"{'其中' if clauses else ''}{names(behind)}未达到目标进度。")
    return f"重点产业链方面，{''.join(sentences)}" if sentences else ""


def projects_paragraph(
    stalls: pl.DataFrame | None, dispatches: pl.DataFrame | None, period: BulletinPeriod, facts: Facts
) -> str:
    sentences = []
    if stalls is not None:
        stalled = stalls.filter(pl.col("count") > 0)
        by_rule = dict(stalled.iter_rows())
        total = facts.count(int(stalls["count"].sum()), "stalls/sum(count)", "个")
        parts = [
            f"{label}{facts.count(by_rule[rule], f'stalls/{rule}/count', '个')}"
            for rule, label in RULE_LABELS.items()
            if rule in by_rule
        ]
        sentences.append(
            f"截至{period.month_end}，停滞预警项目{total}" + (f"，其中{'、'.join(parts)}" if parts else "")
        )
    if dispatches is not None:
        row = dispatches.row(0, named=True)
        parts = [
            f"{label}{facts.count(row[column], f'dispatches/{column}', '件')}"
            for column, label in (("issued", "累计下发督办单"), ("closed", "已办结"), ("open", "未办结"))
            if row[column] is not None
        ]
        if row["overdue"] is not None:
            parts.append(f"其中逾期未办结{facts.count(row['overdue'], 'dispatches/overdue', '件')}")
        if parts:
            sentences.append(f"{period.span}{'，'.join(parts)}")
    return f"项目建设方面，{'；'.join(sentences)}。" if sentences else ""


def reporting_paragraph(reporting: pl.DataFrame, period: BulletinPeriod, facts: Facts) -> str:
    labels = (("due", "应报"), ("on_time", "按时报送"), ("late", "逾期报送"), ("missing", "未报"))
    parts = [
        f"{label}{facts.count(int(reporting[column].sum()), f'reporting/sum({column})', '份')}"
        for column, label in labels
        if reporting[column].null_count() < reporting.height
    ]
    if reporting["reminders"].null_count() < reporting.height:
        parts.append(
            f"发出催报{facts.count(int(reporting['reminders'].sum()), 'reporting/sum(reminders)', '次')}"
        )
    return f"数据报送方面，{period.span}各单位{'，'.join(parts)}。" if parts else ""


def mujun_paragraph(mujun: pl.DataFrame, facts: Facts) -> str:
    year = facts.year(mujun["year"][0], "mujun/year")
    parts = [
        f"{grade}类{facts.count(count, f'mujun/{grade}/count', '家')}"
        for grade, count in mujun.sort("grade").select("grade", "count").iter_rows()
    ]
    return f"亩均效益评价方面，{year}年度评价{'、'.join(parts)}。"


def tiers_paragraph(tiers: pl.DataFrame, facts: Facts) -> str:
    parts = [f"{tier}{facts.count(count, f'tiers/{tier}/count', '家')}" for tier, count in tiers.iter_rows()]
    return f"企业梯队培育方面，现有{'、'.join(parts)}。"


def overall_paragraphs(inputs: BulletinInputs, period: BulletinPeriod, scope: str, facts: Facts) -> list[str]:
    """一、总体情况: each part present in the inputs, in the order of the reference bulletins."""
    paragraphs = []
    if inputs.indicators is not None:
        paragraphs += indicators_paragraphs(inputs.indicators, period, scope, facts)
    if inputs.chains is not None:
        paragraphs.append(chains_paragraph(inputs.chains, period, facts))
    if inputs.stalls is not None or inputs.dispatches is not None:
        paragraphs.append(projects_paragraph(inputs.stalls, inputs.dispatches, period, facts))
    if inputs.reporting is not None:
        paragraphs.append(reporting_paragraph(inputs.reporting, period, facts))
    if inputs.mujun is not None:
        paragraphs.append(mujun_paragraph(inputs.mujun, facts))
    if inputs.tiers is not None:
        paragraphs.append(tiers_paragraph(inputs.tiers, facts))
    # A table whose rows hold no figure at all writes no paragraph.
    return [paragraph for paragraph in paragraphs if paragraph]
