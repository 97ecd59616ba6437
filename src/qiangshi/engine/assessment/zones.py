"""The zone rule of plan task 15: each 工业类开发区 beats the city's growth by 3–5 points.

The plan asks every industrial zone to grow 规上工业增加值, 工业投资 and 技改投资 faster than
the city as a whole, by 3 to 5 percentage points. Per zone and measure the gap is the zone's
growth minus the city's growth (both in %, so the gap is in points), compared through
``engine.exact`` so that a gap of exactly 3 or 5 points in decimal arithmetic lands on its
band: below ``met_at`` (3) "not_met", from ``met_at`` up to ``fully_met_at`` (5) "met", at
or above ``fully_met_at`` "fully_met"; a missing growth gives "missing". A zone's overall
status is its worst measure's (missing counts as worst, so no gap passes unseen).
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.exact import exact

MET_AT = 3.0
FULLY_MET_AT = 5.0
STATUS_LABELS = {"not_met": "未达到", "met": "达到", "fully_met": "完全达到", "missing": "缺数据"}
_ORDER = {"missing": 0, "not_met": 1, "met": 2, "fully_met": 3}


def zone_growth_gaps(
    zones: pl.DataFrame, city: pl.DataFrame, met_at: float = MET_AT, fully_met_at: float = FULLY_MET_AT
) -> pl.DataFrame:
    """`zones` (zone, measure, growth) against `city` (measure, growth): zone, measure,
    growth, city_growth, gap (points) and status."""
    if met_at > fully_met_at:
        raise ValueError("“达到”的差距不能大于“完全达到”的差距")
    gap = exact(pl.col("growth") - pl.col("city_growth"))
    status = (
        pl.when(gap.is_null()).then(pl.lit("missing"))
        .when(gap >= fully_met_at).then(pl.lit("fully_met"))
        .when(gap >= met_at).then(pl.lit("met"))
        .otherwise(pl.lit("not_met"))
    )
    # Every zone is judged on every measure the city has, so a measure it did not report shows.
    grid = zones.select("zone").unique().join(
        city.select("measure", pl.col("growth").cast(pl.Float64).alias("city_growth")), how="cross"
    )
    reported = zones.select("zone", "measure", pl.col("growth").cast(pl.Float64))
    return (
        grid.join(reported, on=["zone", "measure"], how="left")
        .select("zone", "measure", "growth", "city_growth")
        .with_columns(gap.alias("gap"), status.alias("status"))
        .sort("zone", "measure")
    )


def zone_status(gaps: pl.DataFrame) -> pl.DataFrame:
    """zone and its overall status: the worst of its measures."""
    order = pl.col("status").replace_strict(_ORDER, return_dtype=pl.Int8)
    worst = pl.col("status").sort_by(order).first()
    return gaps.group_by("zone").agg(worst.alias("status")).sort("zone")
