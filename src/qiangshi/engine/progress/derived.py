"""Working columns the kind rules read: growth rates, target met, flow ratio, direction change.

Computed once per series before any rule, so each rule in :mod:`.kinds` is a pure
expression over columns.
"""

from __future__ import annotations

import polars as pl

from .columns import (
    BIG_T,
    CMP,
    DIR,
    FLOW,
    G_O,
    G_R,
    HI,
    INCOMPLETE,
    KIND,
    LATEST,
    LO,
    SPAN_O,
    SPAN_R,
    TOL,
    TV,
    USE_SAME_PERIOD,
    VB,
    VB_RAW,
    VT,
    VT_RAW,
    Clock,
    T,
    V,
)
from .constants import GROWTH_KINDS, NATURAL_LIMIT_BAND, RATE_DECIMALS, TREND_KINDS


def with_current_value(series: pl.DataFrame, clock: Clock) -> pl.DataFrame:
    """Current value at the latest year: a flow's year-to-date value is projected to the year."""
    return series.with_columns(
        pl.when(
            FLOW
            & INCOMPLETE
            & KIND.is_in(["level", "share", "change", "avg_growth", "annual_flow", "direction"])
        )
        .then(pl.col("_ytd_projection").clip(LO, HI))
        .otherwise(LATEST)
        .alias("current_value"),
        pl.lit(clock.time_progress).alias("time_progress"),
    )


def with_growth(series: pl.DataFrame) -> pl.DataFrame:
    """Trend kinds: Open SDG R and UNSD expected value; avg_growth: observed growth."""
    d = pl.when(DIR != 0).then(DIR.cast(pl.Float64)).otherwise((VT_RAW - VB_RAW).sign())
    series = series.with_columns(
        pl.when((SPAN_O > 0) & (V / VB >= 0)).then((V / VB).pow(1.0 / SPAN_O) - 1.0).alias("_g_o"),
        pl.when((SPAN_R > 0) & (VT / VB > 0)).then((VT / VB).pow(1.0 / SPAN_R) - 1.0).alias("_g_r"),
        d.alias("_d"),
        pl.when(VB < 0).then(-1.0).otherwise(1.0).alias("_sign"),
    )
    r_open = pl.col("_sign") * pl.col("_d") * G_O / G_R.abs()
    projected = (
        pl.when(T >= BIG_T)
        .then(V)
        .otherwise(V * (1.0 + G_O).pow((BIG_T - T).cast(pl.Float64)))
        .clip(LO, HI)
    )
    change_needed = VT_RAW - VB_RAW
    series = series.with_columns(
        pl.when(KIND.is_in(GROWTH_KINDS)).then(projected).alias("_proj_trend"),
        pl.when(KIND.is_in(TREND_KINDS) & (G_R != 0)).then(r_open).alias("_r_open"),
    ).with_columns(
        pl.when(change_needed != 0)
        .then((pl.col("_proj_trend") - VB_RAW) / change_needed)
        .alias("_expected_ratio"),
        pl.when(change_needed != 0).then((V - VB_RAW) / change_needed).alias("_completion_trend"),
    )
    # 左右: the tolerance is a share of what the sentence promises — the change for a change
    # target ("降低17%左右"), the level otherwise ("达到150家左右") — and a value past the
    # target has met it
    slack = TOL * pl.when(KIND == "change").then(VT_RAW - VB_RAW).otherwise(VT_RAW).abs()
    series = series.with_columns(
        pl.when(CMP.is_in(["gte", "lte"]))
        .then(VT_RAW)
        .when((CMP == "approx") & (pl.col("_d") != 0))
        .then(VT_RAW - pl.col("_d") * slack)
        .alias("_met_threshold"),
        # the base already meets the target: a path or a share of the change "from the base"
        # would point away from the target
        ((pl.col("_d") != 0) & (pl.col("_d") * (VB_RAW - VT_RAW) >= 0)).fill_null(False)
        .alias("_base_past"),
    )
    # target met (trend kinds): flows whose latest value is year-to-date are judged on the
    # last complete year (or on a year-to-date value already above a floor)
    met_value = pl.when(FLOW & INCOMPLETE).then(pl.col("_last_complete_value")).otherwise(LATEST)
    return series.with_columns(
        (_meets(met_value) | (FLOW & INCOMPLETE & (DIR == 1) & (LATEST >= VT_RAW)))
        .fill_null(False)
        .alias("_met")
    )


def _meets(x: pl.Expr) -> pl.Expr:
    """Whether value ``x`` meets the (absolute) target under the comparator: on the met
    threshold or past it in the target's direction (rounded, so a value exactly on the
    threshold is not pushed off it by floating point)."""
    target = VT_RAW
    natural = (
        target.is_in([0.0, 100.0])
        & ((KIND == "share") | (LO == target) | (HI == target))
        & ((x - target).abs() <= NATURAL_LIMIT_BAND)
    )
    past = (pl.col("_d") * (x - pl.col("_met_threshold"))).round(RATE_DECIMALS) >= 0
    by_comparator = (
        pl.when(pl.col("_met_threshold").is_not_null())
        .then(past)
        .otherwise((x - target).abs() <= TOL * target.abs())
    )
    return (by_comparator | natural).fill_null(False)


def with_flow_ratio(series: pl.DataFrame, clock: Clock) -> pl.DataFrame:
    """annual_flow: (projected or latest complete) value / yearly target; every year met."""
    # A yearly target of 0 (a district's share of a small count) is met by any value on its
    # side of it; a ratio to 0 has no meaning.
    flow_ratio = (pl.when(TV == 0).then(pl.when(DIR * (V - TV) >= 0).then(pl.lit(1.0)))
                  .when(DIR == -1).then(TV / V).otherwise(V / TV))
    years_needed = clock.period_end - pl.max_horizontal(pl.lit(clock.period_start), BIG_T) + 1
    return series.with_columns(
        pl.when(KIND == "annual_flow").then(flow_ratio).alias("_flow_ratio"),
        (
            pl.lit(clock.period_ended)
            & (pl.col("_flow_years_met").fill_null(0) >= years_needed)
            & (years_needed > 0)
        ).alias("_flow_all_met"),
    )


def with_direction_change(series: pl.DataFrame) -> pl.DataFrame:
    """direction: the last two complete years, or year-to-date against the same period
    last year; ``_rel`` is the relative change between them."""
    dir_cur = pl.when(USE_SAME_PERIOD).then(LATEST).otherwise(pl.col("_last_complete_value"))
    dir_prev = (
        pl.when(USE_SAME_PERIOD)
        .then(pl.col("_same_period_prev"))
        .otherwise(pl.col("_prev_complete_value"))
    )
    series = series.with_columns(
        pl.when(KIND == "direction").then(dir_cur).alias("_dir_cur"),
        pl.when(KIND == "direction").then(dir_prev).alias("_dir_prev"),
    )
    c0, c1 = pl.col("_dir_prev"), pl.col("_dir_cur")
    rel = (
        pl.when(c0 != 0)
        .then((c1 - c0) / c0.abs())
        .when(c1 == c0)
        .then(0.0)
        .otherwise((c1 - c0).sign() * float("inf"))
    )
    return series.with_columns(rel.alias("_rel"))
