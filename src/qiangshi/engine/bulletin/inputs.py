"""The bulletin's input tables, typed and checked; every refusal is in Chinese.

Each table is optional: ``None`` (or no rows) leaves its paragraph out. A table handed in is
cast to its schema (a missing column comes in as nulls) and checked; a table the writer
cannot use raises ``BulletinInputInvalid`` listing every reason, as the chain engine's
inputs do, so a page can show them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qiangshi.engine.progress.constants import STATUS_LABELS
from qiangshi.engine.projects import RULE_LABELS
from qiangshi.engine.typed_rows import cast_rows

INDICATOR_SCHEMA = {
    "code": pl.Utf8,
    "name": pl.Utf8,
    "unit": pl.Utf8,
    "period_label": pl.Utf8,
    "value": pl.Float64,
    "yoy": pl.Float64,
    "previous_yoy": pl.Float64,
    "target_value": pl.Float64,
    "target_year": pl.Int32,
    "completion": pl.Float64,
    "expected": pl.Float64,
    "status": pl.Utf8,
    "explanation": pl.Utf8,
}
REGION_SCHEMA = {
    "region": pl.Utf8,
    "kind": pl.Utf8,
    "indicator": pl.Utf8,
    "indicator_name": pl.Utf8,
    "unit": pl.Utf8,
    "value": pl.Float64,
    "yoy": pl.Float64,
    "rank": pl.Int32,
    "previous_rank": pl.Int32,
    "completion": pl.Float64,
}
RANKING_SCHEMA = {
    "region": pl.Utf8,
    "kind": pl.Utf8,
    "score": pl.Float64,
    "rank": pl.Int32,
    "previous_rank": pl.Int32,
    "mark": pl.Utf8,
}
CHAIN_SCHEMA = {"chain": pl.Utf8, "revenue": pl.Float64, "growth": pl.Float64, "status": pl.Utf8}
STALL_SCHEMA = {"rule": pl.Utf8, "count": pl.Int64}
DISPATCH_SCHEMA = {"issued": pl.Int64, "closed": pl.Int64, "open": pl.Int64, "overdue": pl.Int64}
REPORTING_SCHEMA = {
    "unit": pl.Utf8,
    "due": pl.Int64,
    "on_time": pl.Int64,
    "late": pl.Int64,
    "missing": pl.Int64,
    "reminders": pl.Int64,
}
MUJUN_SCHEMA = {"year": pl.Int32, "grade": pl.Utf8, "count": pl.Int64}
TIER_SCHEMA = {"tier": pl.Utf8, "count": pl.Int64}

REGION_KINDS = ("区县", "功能区")
MARK_LABELS = {"blue": "蓝牌", "yellow": "黄牌", "red": "红牌"}
GRADES = ("A", "B", "C", "D")

COLUMN_LABELS = {
    "code": "指标代码",
    "name": "指标名称",
    "unit": "计量单位",
    "period_label": "数据期别",
    "value": "数值",
    "yoy": "同比增速",
    "previous_yoy": "上期增速",
    "target_value": "目标值",
    "target_year": "目标年",
    "completion": "目标完成率",
    "expected": "时序进度",
    "status": "进度状态",
    "explanation": "说明",
    "region": "区县（功能区）",
    "kind": "单位类别",
    "indicator": "指标代码",
    "indicator_name": "指标名称",
    "rank": "位次",
    "previous_rank": "上期位次",
    "score": "得分",
    "mark": "亮牌",
    "chain": "产业链",
    "revenue": "营业收入",
    "growth": "增速",
    "rule": "停滞类型",
    "count": "数量",
    "issued": "下发督办",
    "closed": "已办结",
    "open": "未办结",
    "overdue": "逾期",
    "due": "应报",
    "on_time": "按时报送",
    "late": "逾期报送",
    "missing": "未报",
    "reminders": "催报次数",
    "year": "年度",
    "grade": "评价类别",
    "tier": "梯队",
    "due_on": "应报日期",
    "uscc": "统一社会信用代码",
    "group": "评价组",
    "group_rank": "组内排名",
    "surcharge": "电价加价",
    "reason": "原因",
}


TABLE_LABELS = {
    "indicators": "指标进度表",
    "regions": "区县指标表",
    "ranking": "考核排名表",
    "chains": "产业链表",
    "stalls": "项目停滞表",
    "dispatches": "督办统计表",
    "reporting": "报送情况表",
    "mujun": "亩均评价分类表",
    "tiers": "梯队表",
}


class BulletinInputInvalid(ValueError):
    """The tables cannot be used; ``problems`` lists every reason in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BulletinInputs:
    """The checked tables (``bulletin_inputs`` builds it); ``None`` = the part is absent."""

    indicators: pl.DataFrame | None = None
    regions: pl.DataFrame | None = None
    ranking: pl.DataFrame | None = None
    chains: pl.DataFrame | None = None
    stalls: pl.DataFrame | None = None
    dispatches: pl.DataFrame | None = None
    reporting: pl.DataFrame | None = None
    mujun: pl.DataFrame | None = None
    tiers: pl.DataFrame | None = None


def cast_to(rows: list[dict] | pl.DataFrame, schema: dict, what: str) -> pl.DataFrame:
    """`rows` cast to `schema` (engine.typed_rows), refused with every unreadable value."""
    frame, problems = cast_rows(rows, schema, COLUMN_LABELS, what)
    _refuse(problems)
    return frame


def _required(frame: pl.DataFrame, columns: list[str], what: str) -> list[str]:
    return [
        f"{what}有 {frame[c].null_count()} 行缺少{COLUMN_LABELS[c]}" for c in columns if frame[c].null_count()
    ]


def _duplicated(frame: pl.DataFrame, key: list[str], what: str) -> list[str]:
    dup = frame.filter(pl.struct(key).is_duplicated()).select(key).unique().sort(key)
    return [f"{what}中 {'·'.join(str(v) for v in row)} 重复出现" for row in dup.iter_rows()]


def _not_in(frame: pl.DataFrame, column: str, allowed, what: str) -> list[str]:
    bad = (
        frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(list(allowed)))[column]
        .unique()
        .sort()
    )
    return [f"{what}中{COLUMN_LABELS[column]}“{value}”无法识别" for value in bad]


def _negative(frame: pl.DataFrame, columns: list[str], what: str) -> list[str]:
    return [f"{what}中{COLUMN_LABELS[c]}不能为负数" for c in columns if frame.filter(pl.col(c) < 0).height]


def _not_finite(frame: pl.DataFrame, what: str) -> list[str]:
    """NaN and infinities would be written as "nan" and "inf" in a sentence."""
    floats = [column for column, dtype in frame.schema.items() if dtype == pl.Float64]
    return [
        f"{what}中{COLUMN_LABELS[c]}有非数值（NaN 或无穷大）"
        for c in floats
        if frame.filter(pl.col(c).is_nan() | pl.col(c).is_infinite()).height
    ]


def _checks(name: str, frame: pl.DataFrame) -> list[str]:
    what = TABLE_LABELS[name]
    if name == "indicators":
        unitless = frame.filter(pl.col("value").is_not_null() & pl.col("unit").is_null())["code"]
        return [f"{what}中指标 {code} 有数值但缺少计量单位" for code in unitless] + (
            _required(frame, ["code", "name"], what)
            + _duplicated(frame, ["code"], what)
            + _not_in(frame, "status", STATUS_LABELS, what)
        )
    if name == "regions":
        return (
            _required(frame, ["region", "indicator", "indicator_name"], what)
            + _duplicated(frame, ["region", "indicator"], what)
            + _not_in(frame, "kind", REGION_KINDS, what)
        )
    if name == "ranking":
        return (
            _required(frame, ["region"], what)
            + _duplicated(frame, ["region"], what)
            + _not_in(frame, "kind", REGION_KINDS, what)
            + _not_in(frame, "mark", MARK_LABELS, what)
        )
    if name == "chains":
        return (
            _required(frame, ["chain"], what)
            + _duplicated(frame, ["chain"], what)
            + _not_in(frame, "status", STATUS_LABELS, what)
        )
    if name == "stalls":
        return (
            _required(frame, ["rule", "count"], what)
            + _duplicated(frame, ["rule"], what)
            + _not_in(frame, "rule", RULE_LABELS, what)
            + _negative(frame, ["count"], what)
        )
    if name == "dispatches":
        single = [] if frame.height == 1 else [f"{what}应只有一行（本期合计）"]
        return single + _negative(frame, list(DISPATCH_SCHEMA), what)
    if name == "reporting":
        return (
            _required(frame, ["unit"], what)
            + _duplicated(frame, ["unit"], what)
            + _negative(frame, ["due", "on_time", "late", "missing", "reminders"], what)
        )
    if name == "mujun":
        return (
            _required(frame, ["year", "grade", "count"], what)
            + _duplicated(frame, ["grade"], what)
            + _not_in(frame, "grade", GRADES, what)
            + _negative(frame, ["count"], what)
            + ([f"{what}应只有一个评价年度"] if frame["year"].n_unique() > 1 else [])
        )
    return (
        _required(frame, ["tier", "count"], what)
        + _duplicated(frame, ["tier"], what)
        + _negative(frame, ["count"], what)
    )


SCHEMAS = {
    "indicators": INDICATOR_SCHEMA,
    "regions": REGION_SCHEMA,
    "ranking": RANKING_SCHEMA,
    "chains": CHAIN_SCHEMA,
    "stalls": STALL_SCHEMA,
    "dispatches": DISPATCH_SCHEMA,
    "reporting": REPORTING_SCHEMA,
    "mujun": MUJUN_SCHEMA,
    "tiers": TIER_SCHEMA,
}


def bulletin_inputs(**tables: list[dict] | pl.DataFrame | None) -> BulletinInputs:
    """The named tables typed and checked; a table that is None or has no rows stays absent.
    Every problem of every table is refused at once."""
    unknown = sorted(set(tables) - set(SCHEMAS))
    if unknown:
        raise BulletinInputInvalid([f"未知的输入表：{'、'.join(unknown)}"])
    checked: dict[str, pl.DataFrame | None] = {}
    problems: list[str] = []
    for name, rows in tables.items():
        if rows is None or len(rows) == 0:
            checked[name] = None
            continue
        try:
            frame = cast_to(rows, SCHEMAS[name], TABLE_LABELS[name])
        except BulletinInputInvalid as refused:
            problems += refused.problems
            continue
        problems += _not_finite(frame, TABLE_LABELS[name]) + _checks(name, frame)
        checked[name] = frame
    _refuse(problems)
    return BulletinInputs(**checked)


def _refuse(problems: list[str]) -> None:
    if problems:
        raise BulletinInputInvalid(problems)
