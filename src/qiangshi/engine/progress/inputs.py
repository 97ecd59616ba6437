"""Typing and cleaning of the two input tables (indicators, observations)."""

from __future__ import annotations

import polars as pl

from .constants import (
    DEFAULT_APPROX_TOLERANCE,
    DEFAULT_DIRECTION_METHOD,
    DEFAULT_STABLE_TOLERANCE,
    DIRECTION_METHODS,
    GROWTH_KINDS,
    INDICATOR_SCHEMA,
    KEYS,
)


def observations_clean(observations: pl.DataFrame, as_of_key: int | None = None) -> pl.DataFrame:
    """Typed, as_of-filtered observations, one per (code, region, year, month).

    An annual value is a December value; where an annual value and a December
    year-to-date value exist for the same year, the annual value wins. Observations
    are otherwise unique per (code, region, year, month, period_type), the natural key
    the database keeps. Row order is not meaningful.
    """
    obs = observations.select(
        pl.col("code").cast(pl.String),
        pl.col("region").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.when(pl.col("period_type") == "annual")
        .then(pl.lit(12))
        .otherwise(pl.col("month"))
        .cast(pl.Int32)
        .alias("month"),
        pl.col("period_type").cast(pl.String),
        pl.col("value").cast(pl.Float64),
    ).filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    obs = obs.with_columns((pl.col("year") * 12 + pl.col("month")).alias("_key"))
    if as_of_key is not None:
        obs = obs.filter(pl.col("_key") <= as_of_key)
    december = obs.filter(pl.col("month") == 12)
    if december.height:
        ytd_december = december.filter(pl.col("period_type") != "annual")
        annual = december.filter(pl.col("period_type") == "annual")
        december = pl.concat([annual, ytd_december.join(annual, on=[*KEYS, "year"], how="anti")])
    return pl.concat([obs.filter(pl.col("month") != 12), december])


def indicators_clean(indicators: pl.DataFrame, period_start: int, period_end: int,
                     direction_method: str = DEFAULT_DIRECTION_METHOD) -> pl.DataFrame:
    """Typed indicators, one per code; an indicator without a no-target method of its own
    takes `direction_method`. An unknown method is refused (ValueError)."""
    methods = set(indicators["direction_method"].drop_nulls()) if (
        "direction_method" in indicators.columns) else set()
    unknown = sorted((methods | {direction_method}) - set(DIRECTION_METHODS))
    if unknown:
        raise ValueError(f"unknown direction method(s): {', '.join(map(str, unknown))}")
    missing = [
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in INDICATOR_SCHEMA.items()
        if name not in indicators.columns
    ]
    ind = indicators.with_columns(missing).select(
        [pl.col(name).cast(dtype) for name, dtype in INDICATOR_SCHEMA.items()]
    )
    kind, cmp = pl.col("kind"), pl.col("comparator")
    return ind.unique(subset="code", keep="first", maintain_order=True).with_columns(
        pl.col("flow").fill_null(False),
        pl.col("direction_method").fill_null(direction_method),
        pl.col("target_year").fill_null(period_end),
        pl.coalesce("base_year", pl.lit(period_start - 1, dtype=pl.Int32)).alias("_base_year_req"),
        pl.coalesce(
            "tolerance",
            pl.when(cmp == "stable")
            .then(DEFAULT_STABLE_TOLERANCE)
            .when(cmp == "approx")
            .then(DEFAULT_APPROX_TOLERANCE)
            .otherwise(0.0),
        ).alias("_tol"),
        # evaluate up to the target year (UNSD) for the growth kinds, else up to period end
        pl.when(kind.is_in(GROWTH_KINDS))
        .then(pl.col("target_year").fill_null(period_end))
        .otherwise(pl.lit(period_end))
        .cast(pl.Int32)
        .alias("_cap_year"),
        # +1 higher is better, −1 lower is better, 0: decided by base → target (stable). 左右
        # keeps the sentence's direction: "达到…左右" is reached from below and exceeded above,
        # "降低/增长…左右" runs the way of the signed change.
        pl.when(cmp.is_in(["gte", "increase", "achieve"]))
        .then(1)
        .when(cmp.is_in(["lte", "decrease"]))
        .then(-1)
        .when((cmp == "approx") & kind.is_in(["change", "avg_growth"]))
        .then(pl.col("target_value").sign().fill_null(0))
        .when(cmp == "approx")
        .then(1)
        .otherwise(0)
        .cast(pl.Int8)
        .alias("_dir"),
    )

