"""Series features: one row per (code, region) with everything the kind rules read."""

from __future__ import annotations

import polars as pl

from ..breakdown import BREAKABLE_KINDS
from .constants import KEYS
from .projection import project_latest


def series_table(
    ind: pl.DataFrame, obs: pl.DataFrame, reference_region: str,
    region_targets: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per (code, region) with everything the rules need, and the capped observations.

    Indicators without any observation get one row in ``reference_region``. With
    ``region_targets`` (code, region, target_value), a region other than the reference is
    judged against its own target (see :func:`own_targets`).
    """
    capped = (
        obs.join(ind.select("code", "_cap_year"), on="code", how="inner")
        .filter(pl.col("year") <= pl.col("_cap_year"))
        .drop("_cap_year")
    )
    by_key = pl.col("_key")
    latest = capped.group_by(KEYS).agg(
        pl.col("year").sort_by(by_key).last().alias("latest_year"),
        pl.col("month").sort_by(by_key).last().alias("latest_month"),
        pl.col("period_type").sort_by(by_key).last().alias("latest_period_type"),
        pl.col("value").sort_by(by_key).last().alias("latest_value"),
        pl.col("value").sort_by(by_key).shift(1).last().alias("_prev_value"),
    )
    # the same period a year before the latest observation (同比 comparison)
    same_period = capped.join(
        latest.select(
            *KEYS,
            (pl.col("latest_year") - 1).cast(pl.Int32).alias("year"),
            pl.col("latest_month").alias("month"),
        ),
        on=[*KEYS, "year", "month"],
        how="inner",
    ).select(*KEYS, pl.col("value").alias("_same_period_prev"))

    complete = capped.filter(pl.col("month") == 12).select(*KEYS, "year", "value")
    by_year = pl.col("year")
    last_complete = complete.group_by(KEYS).agg(
        by_year.max().alias("_last_complete_year"),
        pl.col("value").sort_by(by_year).last().alias("_last_complete_value"),
        by_year.sort().shift(1).last().alias("_prev_complete_year"),
        pl.col("value").sort_by(by_year).shift(1).last().alias("_prev_complete_value"),
    )

    series = (
        ind.join(latest, on="code", how="left")
        .with_columns(pl.col("region").fill_null(reference_region))
        .pipe(own_targets, region_targets, reference_region)
        .join(same_period, on=KEYS, how="left")
        .join(last_complete, on=KEYS, how="left")
        .join(project_latest(capped, latest), on=KEYS, how="left")
    )

    # base: the stated value; else the complete year at base_year, else the next one that
    # still leaves a later point (Open SDG), else the nearest earlier one (UNSD).
    year = pl.col("year")
    candidates = (
        series.select(*KEYS, "_base_year_req", "latest_year")
        .join(complete, on=KEYS, how="inner")
        .group_by(KEYS)
        .agg(
            year.filter((year >= pl.col("_base_year_req")) & (year < pl.col("latest_year")))
            .min()
            .alias("_after"),
            year.filter(year < pl.col("_base_year_req")).max().alias("_before"),
            year.filter(year >= pl.col("_base_year_req")).min().alias("_any"),
        )
        .select(*KEYS, pl.coalesce("_after", "_before", "_any").alias("_obs_base_year"))
    )
    series = (
        series.join(candidates, on=KEYS, how="left")
        .join(
            complete.rename({"year": "_obs_base_year", "value": "_obs_base_value"}),
            on=[*KEYS, "_obs_base_year"],
            how="left",
        )
        .with_columns(
            pl.when(pl.col("base_value").is_not_null())
            .then(pl.col("_base_year_req"))
            .otherwise(pl.col("_obs_base_year"))
            .alias("_b"),
            pl.coalesce("base_value", "_obs_base_value").alias("_vb"),
        )
    )
    return series, capped


def own_targets(series: pl.DataFrame, region_targets: pl.DataFrame | None,
                reference_region: str) -> pl.DataFrame:
    """A district or zone measured against its own target (目标分解), not the city's.

    The plan's target, its upper bound and its stated base are the city's; a region with a
    target of its own takes it, measured from its own base-year figure. A region without one
    is marked ``_unassigned`` for kinds a target can be broken down for, so that it is never
    judged against the city's total. Without ``region_targets`` every region is judged
    against the plan's target, as a plan not broken down by region is.
    """
    if region_targets is None:
        return series.with_columns(pl.lit(False).alias("_unassigned"))
    own = (pl.col("region") != reference_region) & pl.col("kind").is_in(BREAKABLE_KINDS)
    return (
        series.join(region_targets.select(
            pl.col("code").cast(pl.String), pl.col("region").cast(pl.String),
            pl.col("target_value").cast(pl.Float64).alias("_own_target")), on=KEYS, how="left")
        .with_columns(
            pl.when(own).then(pl.col("_own_target")).otherwise("target_value")
            .alias("target_value"),
            pl.when(own).then(None).otherwise("target_value_high").alias("target_value_high"),
            pl.when(own).then(None).otherwise("base_value").alias("base_value"),
            (own & pl.col("_own_target").is_null()).alias("_unassigned"),
        )
        .drop("_own_target")
    )


def period_features(
    series: pl.DataFrame, capped: pl.DataFrame, period_start: int, period_end: int
) -> pl.DataFrame:
    """Per-series sums and counts over the plan period (cumulative, annual_flow)."""
    wanted = series.filter(pl.col("kind").is_in(["cumulative", "annual_flow"])).select("code")
    per_year = (
        capped.join(wanted, on="code", how="semi")
        .group_by([*KEYS, "year"])
        .agg(
            pl.col("value").sort_by("month").last().alias("_year_value"),
            (pl.col("month").max() == 12).alias("_year_complete"),
        )
    )
    in_period = per_year.filter(pl.col("year").is_between(period_start, period_end))
    cumulative = in_period.group_by(KEYS).agg(
        pl.col("_year_value").sum().alias("_cum_sum"),
        pl.len().alias("_cum_years"),
    )
    targets = series.select(*KEYS, "target_value", "target_year", "_dir", "_tol", "comparator")
    tv = pl.col("target_value")
    met = (
        pl.when(pl.col("_dir") == -1)
        .then(pl.col("_year_value") <= tv)
        .when(pl.col("comparator") == "approx")
        .then(pl.col("_year_value") >= tv * (1.0 - pl.col("_tol")))
        .otherwise(pl.col("_year_value") >= tv)
    )
    flow_years = (
        in_period.filter(pl.col("_year_complete"))
        .join(targets, on=KEYS, how="inner")
        .filter(pl.col("year") >= pl.col("target_year"))
        .group_by(KEYS)
        .agg(met.sum().alias("_flow_years_met"))
    )
    return series.join(cumulative, on=KEYS, how="left").join(flow_years, on=KEYS, how="left")


def reference_features(
    series: pl.DataFrame, capped: pl.DataFrame, obs: pl.DataFrame, reference_region: str
) -> pl.DataFrame:
    """Latest period common to a differential series and its reference series (全市)."""
    pairs = series.filter(pl.col("kind") == "differential").select(
        *KEYS,
        pl.coalesce("compare_to", "code").alias("_compare_code"),
    )
    reference = obs.filter(pl.col("region") == reference_region).select(
        pl.col("code").alias("_compare_code"),
        "year",
        "month",
        pl.col("value").alias("_ref_value"),
    )
    common = (
        capped.join(pairs, on=KEYS, how="inner")
        .join(reference, on=["_compare_code", "year", "month"], how="inner")
        .sort([*KEYS, "_key"])
        .group_by(KEYS)
        .agg(
            pl.col("year").last().alias("_diff_year"),
            pl.col("month").last().alias("_diff_month"),
            pl.col("value").last().alias("_diff_value"),
            pl.col("_ref_value").last().alias("_diff_ref"),
        )
    )
    return series.join(pairs.select(*KEYS, "_compare_code"), on=KEYS, how="left").join(
        common, on=KEYS, how="left"
    )

