"""Within-year projection of year-to-date values to the full year, and 同比 growth."""

from __future__ import annotations

import polars as pl

from .constants import KEYS
from .inputs import observations_clean


def _shares(obs: pl.DataFrame, ytd: pl.DataFrame | None = None) -> pl.DataFrame:
    """Year-to-date rows (of ``ytd``, default all of ``obs``) with their share of the same
    year's complete value in ``obs`` (null if none).

    The complete value is the annual value, else the December year-to-date value; only
    positive, finite shares of a positive annual value are kept.
    """
    complete = obs.filter(pl.col("month") == 12).select(
        *KEYS, "year", pl.col("value").alias("_annual")
    )
    share = pl.col("value") / pl.col("_annual")
    return (
        (obs if ytd is None else ytd)
        .filter(pl.col("period_type") == "ytd")
        .join(complete, on=[*KEYS, "year"], how="left")
        .with_columns(
            pl.when((pl.col("_annual") > 0) & (share > 0) & share.is_finite())
            .then(share)
            .alias("_share")
        )
        .drop("_annual")
    )


def _projected(seasonal_share: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Projected annual value and method from a mean seasonal share (null → linear)."""
    seasonal = seasonal_share.is_not_null()
    value = (
        pl.when(seasonal)
        .then(pl.col("value") / seasonal_share)
        .otherwise(pl.col("value") * 12.0 / pl.col("month"))
    )
    method = pl.when(seasonal).then(pl.lit("seasonal")).otherwise(pl.lit("linear"))
    return value, method


def _project(obs: pl.DataFrame) -> pl.DataFrame:
    """Seasonal projection of every year-to-date row (see :func:`project_annual`)."""
    ytd = _shares(obs).sort([*KEYS, "month", "year"])
    share = pl.col("_share").fill_null(0.0)
    has = pl.col("_share").is_not_null().cast(pl.Int32)
    group = [*KEYS, "month"]
    ytd = ytd.with_columns(
        (share.cum_sum().over(group) - share).alias("_prev_sum"),
        (has.cum_sum().over(group) - has).alias("seasonal_years"),
    ).with_columns(
        pl.when(pl.col("seasonal_years") > 0)
        .then(pl.col("_prev_sum") / pl.col("seasonal_years"))
        .alias("seasonal_share")
    )
    value, method = _projected(pl.col("seasonal_share"))
    return ytd.select(
        *KEYS,
        "year",
        "month",
        pl.col("value").alias("ytd_value"),
        value.alias("projected_value"),
        method.alias("method"),
        "seasonal_share",
        "seasonal_years",
    ).sort([*KEYS, "year", "month"])


def project_latest(capped: pl.DataFrame, latest: pl.DataFrame) -> pl.DataFrame:
    """The same projection, for each series' latest observation only (no full sort)."""
    wanted = latest.filter(pl.col("latest_month") < 12).select(
        *KEYS, pl.col("latest_month").alias("month"), "latest_year"
    )
    months = capped.join(wanted.select(*KEYS, "month"), on=[*KEYS, "month"], how="semi")
    shares = (
        _shares(capped, months)
        .join(wanted, on=[*KEYS, "month"], how="inner")
        .filter(pl.col("year") < pl.col("latest_year"))
        .group_by(KEYS)
        .agg(pl.col("_share").mean().alias("_seasonal_share"))
    )
    rows = latest.filter(pl.col("latest_month") < 12).select(
        *KEYS,
        "latest_year",
        "latest_month",
        pl.col("latest_value").alias("value"),
        pl.col("latest_month").alias("month"),
    )
    value, method = _projected(pl.col("_seasonal_share"))
    return rows.join(shares, on=KEYS, how="left").select(
        *KEYS, value.alias("_ytd_projection"), method.alias("_projection_method")
    )


def project_annual(observations: pl.DataFrame) -> pl.DataFrame:
    """Project each year-to-date value of a flow series to its full year.

    ``projected = ytd / mean_y'(ytd_{y',m} / annual_{y'})`` over the earlier years y'
    that have both the year-to-date value at the same month m and the year's annual
    value (an annual observation, else a December year-to-date value); only positive
    shares count. With no such year the fallback is linear: ``ytd·12/month``.

    Returns one row per year-to-date observation: code, region, year, month,
    ytd_value, projected_value, method ("seasonal" or "linear"), seasonal_share
    (the mean share, null for linear) and seasonal_years (how many years it averages).
    Apply it to flow series only (revenue, investment); for shares and rates the
    year-to-date value is itself the estimate.
    """
    return _project(observations_clean(observations))


def yoy_growth(observations: pl.DataFrame) -> pl.DataFrame:
    """同比 growth in % of each observation against the same period a year earlier.

    The same period is the same month of the previous year (annual and December
    year-to-date values are both the full year; the annual value wins where both
    exist). ``yoy_growth = (value / previous_value − 1)·100``, null when there is no
    previous value or it is not positive (growth from zero or from a loss is undefined).
    Returns code, region, year, month, period_type, value, previous_value, yoy_growth.
    """
    obs = observations_clean(observations)
    previous = obs.select(
        *KEYS,
        (pl.col("year") + 1).cast(pl.Int32).alias("year"),
        "month",
        pl.col("value").alias("previous_value"),
    )
    return (
        obs.join(previous, on=[*KEYS, "year", "month"], how="left")
        .with_columns(
            pl.when(pl.col("previous_value") > 0)
            .then((pl.col("value") / pl.col("previous_value") - 1.0) * 100.0)
            .alias("yoy_growth")
        )
        .select(*KEYS, "year", "month", "period_type", "value", "previous_value", "yoy_growth")
        .sort([*KEYS, "year", "month"])
    )

