"""The bulletin's tables: the ranking in 二、区县（功能区）情况 and the 附件 — the indicators'
progress (主要指标完成情况) and, per indicator, 区县 × 绝对额、增速、位次、目标完成率 (reference §C1)."""

from __future__ import annotations

import polars as pl

from qiangshi.engine.document import Attachment, Table
from qiangshi.engine.progress.constants import STATUS_LABELS

from .inputs import MARK_LABELS
from .words import BulletinPeriod, grouped

UNITS = "区县（功能区）"
EMPTY = "—"


def cell(value, decimals: int = 1, scale: float = 1.0) -> str:
    return EMPTY if value is None else grouped(value * scale, decimals)


def ranking_table(ranking: pl.DataFrame, period: BulletinPeriod) -> Table:
    rows = []
    for row in ranking.sort(["rank", "region"], nulls_last=True).iter_rows(named=True):
        if row["rank"] is None or row["previous_rank"] is None:
            change = EMPTY
        else:
            moved = row["previous_rank"] - row["rank"]
            change = "不变" if moved == 0 else f"{'前移' if moved > 0 else '后移'}{abs(moved)}位"
        rows.append(
            [
                cell(row["rank"], 0),
                row["region"],
                row["kind"] or EMPTY,
                cell(row["score"], 2),
                cell(row["previous_rank"], 0),
                change,
                MARK_LABELS.get(row["mark"] or "", EMPTY),
            ]
        )
    return Table(
        title=f"{period.dated}各{UNITS}综合考核排名",
        columns=["位次", UNITS, "类别", "得分", f"{period.previous}位次", "位次变化", "亮牌"],
        rows=rows,
    )


def indicator_attachment(table: pl.DataFrame, period: BulletinPeriod) -> Attachment:
    """One indicator's 区县 × 绝对额、增速、位次、目标完成率, by rank (unranked last)."""
    name, unit = table["indicator_name"][0], table["unit"].drop_nulls().first() or ""
    rows = [
        [
            row["region"],
            cell(row["value"]),
            cell(row["yoy"]),
            cell(row["rank"], 0),
            cell(row["completion"], 1, 100),
        ]
        for row in table.sort(["rank", "region"], nulls_last=True).iter_rows(named=True)
    ]
    title = f"{period.dated}各{UNITS}{name}完成情况"
    columns = [UNITS, f"绝对额（{unit}）" if unit else "绝对额", "增速（%）", "位次", "目标完成率（%）"]
    return Attachment(name=title, table=Table(title=title, columns=columns, rows=rows))


def progress_attachment(indicators: pl.DataFrame, period: BulletinPeriod) -> Attachment:
    """主要指标完成情况: each indicator's value, growth, target and progress with the progress
    method's explanation (the narrative leaves the explanations to this table)."""
    rows = [
        [
            row["name"],
            row["unit"] or EMPTY,
            cell(row["value"]),
            cell(row["yoy"]),
            cell(row["target_value"]),
            cell(row["completion"], 1, 100),
            cell(row["expected"], 1, 100),
            STATUS_LABELS.get(row["status"] or "", EMPTY),
            row["explanation"] or EMPTY,
        ]
        for row in indicators.iter_rows(named=True)
    ]
    title = f"{period.dated}主要指标完成情况"
    columns = [
        "指标",
        "计量单位",
        "数值",
        "增速（%）",
        "目标值",
        "目标完成率（%）",
        "时序进度（%）",
        "进度状态",
        "说明",
    ]
    return Attachment(name=title, table=Table(title=title, columns=columns, rows=rows))
