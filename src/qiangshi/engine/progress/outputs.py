"""The numbers shown with a status: completion, projection, growth rates, ratio, score."""

from __future__ import annotations

import polars as pl

from .columns import (
    CMP,
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
    TOL,
    TV,
    VB_RAW,
    VT_RAW,
    Clock,
    R,
    V,
)
from .constants import GROWTH_KINDS, OPEN_SDG_MED, TREND_KINDS

#: methods that mean the numbers could not be computed (no growth rate to show)
_UNUSABLE = ["no_data", "no_target", "region_no_target", "no_base", "too_few_points", "sign_change",
             "no_required_growth"]

#: what ``completion`` measures, per kind (see docs/progress-method.md §7)
COMPLETION_BASIS = {
    "level": "value_to_target",
    "share": "value_to_target",
    "change": "change_to_required",
    "avg_growth": "growth_to_target",
    "annual_flow": "value_to_target",
    "cumulative": "sum_to_target",
}


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
    # UNSD's projection and expected ratio rest on the base: undefined for a base of 0 (Open
    # SDG's 0.001 stand-in gives a growth rate, not a projection) and for a base already past
    # the target; a growth rate needs two points (``usable``)
    projectable = growth & usable & (VB_RAW != 0) & ~pl.col("_base_past")
    from_base = growth & usable & ~pl.col("_base_past")
    value_to_target = KIND.is_in(["level", "share"]) & (VT_RAW != 0)
    return series.with_columns(
        pl.when(value_to_target)
        .then(V / VT_RAW)
        .when((KIND == "change") & usable)
        .then(pl.col("_completion_trend"))
        .when((KIND == "avg_growth") & usable & (TV != 0))
        .then(G_O * 100.0 / TV)
        .when(KIND == "annual_flow")
        .then(LATEST / TV)
        .when(KIND == "cumulative")
        .then(COMPLETION_CUM)
        .alias("completion"),
        pl.when(from_base).then(pl.col("_completion_trend")).alias("progress_from_base"),
        pl.when(growth & usable & (VB_RAW != 0))
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
        pl.when((growth | (KIND == "direction")) & usable & (G_O.is_not_null()))
        .then(G_O * 100.0)
        .alias("observed_growth"),
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
        pl.when(projectable).then(pl.col("_expected_ratio")).alias("expected_ratio"),
        pl.when(CMP.is_in(["approx", "stable"])).then(TOL).alias("tolerance"),
        pl.when(trend).then(pl.col("_met_threshold")).alias("met_threshold"),
        pl.when(trend & achieved)
        .then(5.0)
        .when(trend & usable & R.is_not_null())
        .then(score)
        .alias("score"),
        pl.when(KIND == "differential")
        .then(pl.col("_diff_ref"))
        .when(KIND == "rank")
        .then(PREV)
        .when((KIND == "direction") & (CMP == "stable"))
        .then(pl.col("_dir_prev"))
        .alias("compare_value"),
        pl.when(KIND == "cumulative")
        .then(CUM)
        .when((KIND == "direction") & (CMP == "stable"))
        .then(pl.col("_dir_cur"))
        .when(KIND == "differential")
        .then(pl.col("_diff_value"))
        .otherwise(V)
        .alias("current_value"),
        pl.when(growth | (KIND == "direction")).then(pl.col("_b")).alias("base_year"),
        pl.when(growth | (KIND == "direction")).then(VB_RAW).alias("base_value"),
    ).with_columns(
        pl.when(pl.col("completion").is_not_null())
        .then(KIND.replace_strict(COMPLETION_BASIS, default=None))
        .alias("completion_basis"),
    )
