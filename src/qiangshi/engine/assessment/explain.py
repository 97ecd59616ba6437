"""What a page says about one unit: each item's part in the total, and what would lift it a place.

``items`` of an :class:`~qiangshi.engine.assessment.composite.Assessment` already hold value,
score, weight and contribution (score × weight, which add up to the composite under the
arithmetic aggregation); :func:`item_sentence` words one of them the way the ranking page
shows it. :func:`move_up` answers "what would move it up a place": for each scored unit that
is not first of its band and each normal indicator, the value of that indicator (others
unchanged) at which the unit's total reaches the total of the next unit above it; any value
beyond it lifts the unit. Only under the arithmetic aggregation (where a total is a sum of
contributions) and for the methods that can be inverted: 功效系数法, linear, completion,
counts, min–max and distance to target (z-scores, ranks and 赋分 depend on the other
units' values and are left out). Min–max keeps the band's minimum and maximum as they are.
An improvement that would need a score above the method's maximum is ``reachable`` false.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.assessment.composite import Assessment
from qiangshi.engine.exact import exact

METHOD_LABELS = {
    "efficacy": "功效系数得分", "linear": "线性得分", "completion": "目标完成得分", "rank_points": "位次赋分",
    "count": "计数得分", "minmax": "极差标准化得分", "zscore": "标准分", "target": "目标距离得分",
    "rank": "位次得分",
}
INVERTIBLE = ("efficacy", "linear", "completion", "count", "minmax", "target")


def item_sentence(name: str, value: str, method: str, score: float, weight: float) -> str:
    """"规上工业增加值增速 8.2 %，功效系数得分 86.4 × 权重 15 % = 12.96" (value already formatted)."""
    return (
        f"{name} {value}，{METHOD_LABELS.get(method, '得分')} {score:,.1f} × 权重 {weight * 100:,.4g} % = "
        f"{score * weight:,.2f}"
    )


def _next_above(units: pl.DataFrame) -> pl.DataFrame:
    """Per scored unit the total of the next distinct higher total in its band (null when first)."""
    scored = units.filter(pl.col("status") == "scored").with_columns(exact(pl.col("total")).alias("level"))
    levels = scored.select("band", "level").unique().sort("band", "level").with_columns(
        pl.col("level").shift(-1).over("band").alias("above")
    )
    return scored.join(levels, on=["band", "level"], how="left").select("unit", "band", "total", "above")


def _score_max(c=pl.col) -> pl.Expr:
    """The highest score each invertible method can give (null: unbounded)."""
    return (
        pl.when(c("method").is_in(["linear", "completion"])).then(c("cap").fill_null(c("full")))
        .when(c("method").is_in(["minmax", "target"])).then(pl.lit(100.0))
        .otherwise(c("cap"))
    )


def _value_for(score: pl.Expr, c=pl.col) -> pl.Expr:
    """The value at which an invertible method gives `score` (band min/max in lo/hi for min–max)."""
    direction = c("direction").cast(pl.Float64)
    return (
        pl.when(c("method") == "efficacy")
        .then(c("low") + (score - c("base")) / c("span") * (c("high") - c("low")))
        .when(c("method") == "linear").then(c("low") + score / c("full") * (c("high") - c("low")))
        .when(c("method") == "completion")
        .then(c("high") + (score - c("at_target") * c("full")) / (c("per_point") * direction))
        .when(c("method") == "count").then(score / c("per_count"))
        .when(c("method") == "minmax")
        .then(pl.when(direction > 0).then(c("lo") + score / 100.0 * (c("hi") - c("lo")))
              .otherwise(c("hi") - score / 100.0 * (c("hi") - c("lo"))))
        .when(c("method") == "target")
        .then(pl.when(direction > 0).then(score / 100.0 * c("high")).otherwise(c("high") * 100.0 / score))
    )


def move_up(assessment: Assessment, indicators: pl.DataFrame) -> pl.DataFrame:
    """unit, indicator, value, score, score_needed, value_needed, gain, reachable.

    The method used is the indicator's own unless the assessment normalised every indicator
    the same way. Empty under a geometric aggregation.
    """
    columns = ["unit", "indicator", "value", "score", "score_needed", "value_needed", "gain", "reachable"]
    if assessment.options.aggregation != "arithmetic":
        schema = dict.fromkeys(columns[:2], pl.Utf8) | dict.fromkeys(columns[2:7], pl.Float64)
        return pl.DataFrame(schema=schema | {"reachable": pl.Boolean})
    normalisation = assessment.options.normalisation
    params = indicators
    if normalisation != "scheme":
        params = indicators.with_columns(pl.lit(normalisation).alias("method"))
    items = assessment.items.filter(
        pl.col("kind") == "normal", pl.col("score").is_not_null(), pl.col("weight") > 0
    )
    bands = assessment.units.select("unit", "band")
    extremes = items.join(bands, on="unit").group_by("indicator", "band").agg(
        pl.col("value").min().alias("lo"), pl.col("value").max().alias("hi")
    )
    needed = (pl.col("score") + (pl.col("above") - pl.col("total")) / pl.col("weight")).alias("score_needed")
    frame = (
        items.select("unit", "indicator", "value", "score", "weight")
        .join(_next_above(assessment.units).filter(pl.col("above").is_not_null()), on="unit")
        .join(params.drop("name", "group", "weight", "kind"), on="indicator")
        .filter(pl.col("method").is_in(INVERTIBLE))
        .join(extremes, on=["indicator", "band"], how="left")
        .with_columns(needed)
    )
    top = _score_max()
    reachable = top.is_null() | (exact(pl.col("score_needed")) <= exact(top))
    return frame.with_columns(
        reachable.alias("reachable"), _value_for(pl.col("score_needed")).alias("value_needed")
    ).with_columns(
        pl.when("reachable").then(pl.col("value_needed")).alias("value_needed"),
    ).with_columns(
        (pl.col("value_needed") - pl.col("value")).alias("gain")
    ).select(columns).sort("unit", "indicator")
