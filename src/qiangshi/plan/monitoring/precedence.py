"""Which figure counted for each period of an indicator, and why, as the indicator page tells
it. The choice itself is made once, by engine.progress.precedence in `tables.figure_table`;
this only words it."""

from dataclasses import dataclass

import polars as pl

from qiangshi.engine import progress as engine
from qiangshi.engine.periods import ANNUAL, Period
from qiangshi.plan.models import Indicator

SOURCE_LABELS = {
    "published": "公开发布",
    "reported_approved": "单位填报（已审核）",
    "computed": "平台计算",
    "reported": "单位填报（未审核）",
    "demo": "演示数据（合成）",
}


@dataclass(frozen=True)
class Rival:
    source: str
    period: str
    value: float


@dataclass(frozen=True)
class Choice:
    """One figure: whether it counted, its source, and the figures of the same period it
    outranked (if it counted) or the one that outranked it."""

    counted: bool
    source: str
    rivals: tuple[Rival, ...]
    # Same source on both sides: the annual figure counted over the December year-to-date one.
    same_source: bool


def precedence_labels(indicator: Indicator) -> list[str]:
    """The indicator's sources, highest first, in Chinese."""
    ranks = engine.precedence_ranks(pl.DataFrame(
        {"code": [indicator.code], "precedence": [indicator.precedence or []]},
        schema={"code": pl.String, "precedence": pl.List(pl.String)}))
    return [SOURCE_LABELS[source] for source in ranks.sort("rank")["source"]]


def figure_choices(figures: pl.DataFrame) -> dict[int, Choice]:
    """Observation id → its Choice, for every figure of one indicator and region (a
    `tables.figure_table`)."""
    periods: dict[tuple[int, int], list[dict]] = {}
    for row in figures.iter_rows(named=True):
        month = 12 if row["period_type"] == ANNUAL else row["month"]
        periods.setdefault((row["year"], month), []).append(row)
    choices = {}
    for rows in periods.values():
        [winner] = [row for row in rows if row["counted"]]
        losers = [row for row in rows if not row["counted"]]
        choices[winner["observation_id"]] = Choice(
            True, SOURCE_LABELS[winner["source"]], tuple(_rival(row) for row in losers),
            any(row["source"] == winner["source"] for row in losers))
        for row in losers:
            choices[row["observation_id"]] = Choice(
                False, SOURCE_LABELS[row["source"]], (_rival(winner),),
                row["source"] == winner["source"])
    return choices


def _rival(row: dict) -> Rival:
    return Rival(SOURCE_LABELS[row["source"]],
                 Period(row["year"], row["month"], row["period_type"]).label, row["value"])
