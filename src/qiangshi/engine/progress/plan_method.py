"""The whole progress method as a plan is judged by it: the figures prepared for the method
(年均增幅 rates chain-linked into an index), ``progress()``, then the numbers shown (the
latest published rate of a 年均增幅 row) and the zone summary on the city row of a
"高于全市平均" target. ``METHOD_VERSION`` names all of these steps."""

from __future__ import annotations

import polars as pl

from ..indexing import growth_to_index
from .constants import DEFAULT_DIRECTION_METHOD
from .evaluate import progress

# Worst first: the zone that sets a differential target's city status.
ZONE_SEVERITY = {status: rank for rank, status in enumerate(
    ["regressing", "lagging", "accelerate", "on_track", "achieved"])}


def _rate_codes(indicators: pl.DataFrame) -> pl.Series:
    """年均增幅 indicators whose figures are yearly growth rates (``observed_as`` "rate", the
    default); those declared "amount" carry levels the method reads as they are."""
    observed_as = (pl.col("observed_as") if "observed_as" in indicators.columns
                   else pl.lit(None, dtype=pl.String))
    return indicators.filter(
        (pl.col("kind") == "avg_growth") & (observed_as.fill_null("rate") == "rate"))["code"]


def observations_indexed(indicators: pl.DataFrame, observations: pl.DataFrame, *,
                         period_start: int) -> pl.DataFrame:
    """Figures as the method measures them: the yearly growth rates reported for 年均增幅
    targets are chain-linked into a level index from the base year (default: the year
    before the plan period)."""
    growth = indicators.filter(pl.col("code").is_in(_rate_codes(indicators).implode())).with_columns(
        pl.col("base_year").fill_null(period_start - 1))
    if growth.is_empty():
        return observations
    parts = [observations.filter(~pl.col("code").is_in(growth["code"].implode()))]
    for (base_year,), codes in growth.group_by("base_year"):
        parts.append(growth_to_index(
            observations.filter(pl.col("code").is_in(codes["code"].implode())),
            base_year=base_year))
    return pl.concat(parts)


def rates_shown(result: pl.DataFrame, observations: pl.DataFrame,
                indicators: pl.DataFrame) -> pl.DataFrame:
    """年均增幅 rows kept as rates show the latest published rate, not the index the method
    worked on (nor a projection of that index)."""
    codes = _rate_codes(indicators).implode()
    rates = observations.filter(pl.col("code").is_in(codes)).select(
        "code", "region", pl.col("year").alias("latest_year"), pl.col("month").alias("latest_month"),
        pl.col("period_type").alias("latest_period_type"), pl.col("value").alias("_rate"))
    return (
        result.join(rates, on=["code", "region", "latest_year", "latest_month",
                               "latest_period_type"], how="left")
        .with_columns(
            pl.coalesce("_rate", "latest_value").alias("latest_value"),
            pl.when(pl.col("code").is_in(codes)).then(None).otherwise("projected_value")
            .alias("projected_value"),
        )
        .drop("_rate")
    )


def differentials_summarised(result: pl.DataFrame, indicators: pl.DataFrame, *, city: str,
                             region_names: dict[str, str]) -> pl.DataFrame:
    """The city row of a "高于全市平均" indicator is the comparison base, so it carries the
    zones' picture instead: the worst zone's status and every zone's gap, zones named by
    `region_names` (code → short name)."""
    codes = indicators.filter(pl.col("kind") == "differential")["code"].implode()
    zones = result.filter(pl.col("code").is_in(codes) & (pl.col("region") != city)
                          & (pl.col("status") != "insufficient"))
    if zones.is_empty():
        return result
    summary = (
        zones.with_columns(
            pl.col("status").replace_strict(ZONE_SEVERITY, return_dtype=pl.Int32).alias("_rank"),
            pl.format("{}{}个百分点（{}）",
                      pl.col("region").replace_strict(region_names, default=pl.col("region")),
                      pl.when(pl.col("current_value") >= pl.col("compare_value"))
                      .then(pl.lit("+")).otherwise(pl.lit("")) +
                      (pl.col("current_value") - pl.col("compare_value")).round(1).cast(pl.String),
                      pl.col("status_label")).alias("_part"),
        )
        .sort("_rank")
        .group_by("code", maintain_order=True)
        .agg(pl.col("status").first().alias("_status"),
             pl.col("status_label").first().alias("_label"),
             pl.col("_part").str.join("；").alias("_parts"))
        .with_columns(pl.lit(city).alias("region"))
    )
    return (
        result.join(summary, on=["code", "region"], how="left")
        .with_columns(
            pl.coalesce("_status", "status").alias("status"),
            pl.coalesce("_label", "status_label").alias("status_label"),
            pl.when(pl.col("_parts").is_not_null())
            .then(pl.format("各开发区较全市：{}", "_parts")).otherwise("explanation")
            .alias("explanation"),
            pl.when(pl.col("_parts").is_not_null()).then(pl.lit("differential_zones"))
            .otherwise("method").alias("method"),
        )
        .drop("_status", "_label", "_parts")
    )


def plan_progress(indicators: pl.DataFrame, observations: pl.DataFrame, *, as_of_year: int,
                  as_of_month: int, period_start: int, period_end: int,
                  milestones: pl.DataFrame | None, reference_region: str,
                  region_names: dict[str, str],
                  direction_method: str = DEFAULT_DIRECTION_METHOD,
                  region_targets: pl.DataFrame | None = None) -> pl.DataFrame:
    """``progress()`` with the steps before and after it: the figures as published go in
    (growth rates as rates), the rows as shown come out. `region_names` (code → short name)
    words the zone summary; `direction_method` names the no-target method of 持续提升 rows
    whose indicator names none; `region_targets` are the regions' own targets (see
    ``progress``)."""
    result = progress(
        indicators, observations_indexed(indicators, observations, period_start=period_start),
        as_of_year=as_of_year, as_of_month=as_of_month,
        period_start=period_start, period_end=period_end,
        milestones=milestones, reference_region=reference_region,
        direction_method=direction_method, region_targets=region_targets,
    )
    result = rates_shown(result, observations, indicators)
    return differentials_summarised(result, indicators, city=reference_region,
                                    region_names=region_names)
