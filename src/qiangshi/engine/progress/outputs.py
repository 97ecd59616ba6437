"""The numbers shown with a status: completion, projection, growth rates, ratio, score."""

from __future__ import annotations

import polars as pl

from .columns import (
    COMPLETION_CUM,
    CUM,
    FR,
    G_O,
    G_R,
    GAP,
    INCOMPLETE,
    KIND,
    LATEST,
    PREV,
    TV,
    VB_RAW,
    Clock,
    R,
    V,
)
from .constants import GROWTH_KINDS, OPEN_SDG_MED, TREND_KINDS

#: methods that mean the numbers could not be computed (no growth rate to show)
_UNUSABLE = ["no_data", "no_target", "no_base", "too_few_points", "sign_change"]


def with_outputs(series: pl.DataFrame, clock: Clock) -> pl.DataFrame:
    """Output columns of every kind; ``current_value`` becomes the value the kind judged."""
    achieved = pl.col("status") == "achieved"
    trend = KIND.is_in(TREND_KINDS)
    growth = KIND.is_in(GROWTH_KINDS)
    usable = ~pl.col("method").is_in(_UNUSABLE)
    tp = pl.lit(clock.time_progress)
    # Open SDG score: two linear pieces meeting at R = OPEN_SDG_MED, clipped to ±5
    score = (pl.when(R >= OPEN_SDG_MED).then(7.1429 * R - 4.2857).otherwise(4.1667 * R - 2.5)).clip(
        -5.0, 5.0
    )
    flow_projection = pl.when(INCOMPLETE).then(V).otherwise(LATEST)
    return series.with_columns(
        pl.when(growth & usable)
        .then(pl.col("_completion_trend"))
        .when(KIND == "annual_flow")
        .then(LATEST / TV)
        .when(KIND == "cumulative")
        .then(COMPLETION_CUM)
        .alias("completion"),
        pl.when(growth & usable)
        .then(pl.col("_proj_trend"))
        .when(KIND == "annual_flow")
        .then(flow_projection)
        .when(KIND == "cumulative")
        .then(pl.when(tp > 0).then(CUM / tp))
        .alias("projected_value"),
        pl.when(trend)
        .then(G_R * 100.0)
        .when(KIND == "avg_growth")
        .then(TV)
        .alias("required_growth"),
        pl.when(growth & usable).then(G_O * 100.0).alias("observed_growth"),
        pl.when(trend & usable)
        .then(R)
        .when(KIND == "annual_flow")
        .then(FR)
        .when(KIND == "cumulative")
        .then(pl.when(tp > 0).then(COMPLETION_CUM / tp))
        .when((KIND == "avg_growth") & usable & (TV != 0))
        .then(G_O * 100.0 / TV)
        .when((KIND == "differential") & (TV != 0))
        .then(GAP / TV)
        .alias("ratio"),
        pl.when(growth & usable).then(pl.col("_expected_ratio")).alias("expected_ratio"),
        pl.when(trend & achieved)
        .then(5.0)
        .when(trend & usable & R.is_not_null())
        .then(score)
        .alias("score"),
        pl.when(KIND == "differential")
        .then(pl.col("_diff_ref"))
        .when(KIND == "rank")
        .then(PREV)
        .when(KIND == "direction")
        .then(pl.col("_dir_prev"))
        .alias("compare_value"),
        pl.when(KIND == "cumulative")
        .then(CUM)
        .when(KIND == "direction")
        .then(pl.col("_dir_cur"))
        .when(KIND == "differential")
        .then(pl.col("_diff_value"))
        .otherwise(V)
        .alias("current_value"),
        pl.when(growth).then(pl.col("_b")).alias("base_year"),
        pl.when(growth).then(VB_RAW).alias("base_value"),
    )
