"""Yearly milestones (年度目标): the path from the base to the target."""

from __future__ import annotations

import polars as pl

from .constants import KEYS, REFERENCE_REGION, TREND_KINDS
from .inputs import indicators_clean, observations_clean
from .series import series_table


def target_level() -> pl.Expr:
    """Absolute target: change → base·(1+tv/100); avg_growth → base·(1+tv/100)^(T−b)."""
    tv, vb = pl.col("target_value"), pl.col("_vb")
    span = (pl.col("target_year") - pl.col("_b")).cast(pl.Float64)
    return (
        pl.when(pl.col("kind").is_in(["level", "share"]))
        .then(tv)
        .when(pl.col("kind") == "change")
        .then(vb * (1.0 + tv / 100.0))
        .when(pl.col("kind") == "avg_growth")
        .then(vb * (1.0 + tv / 100.0).pow(span))
        .otherwise(None)
        .cast(pl.Float64)
    )


def milestone_rows(
    series: pl.DataFrame, period_start: int, period_end: int, overrides: pl.DataFrame | None
) -> pl.DataFrame:
    years = pl.DataFrame(
        {"year": list(range(period_start, period_end + 1))}, schema={"year": pl.Int32}
    )
    y = pl.col("year").cast(pl.Float64)
    b = pl.col("_b").cast(pl.Float64)
    vb, vt, tv = pl.col("_vb"), pl.col("target_level"), pl.col("target_value")
    span = pl.col("target_year").cast(pl.Float64) - b
    frac = ((y - b) / span).clip(0.0, 1.0)
    kind = pl.col("kind")
    # a base that already meets the target in its direction: the target itself each year,
    # never a path pointing away from it (a floor of 150 from a base of 207 is not 186 → 167)
    base_past = (pl.col("_dir") != 0) & (pl.col("_dir") * (vb - vt) >= 0)
    value = (
        pl.when(kind.is_in(TREND_KINDS) & base_past)
        .then(vt)
        .when(kind.is_in(TREND_KINDS) & (span > 0) & (vb > 0) & (vt > 0))
        .then(vb * (vt / vb).pow(frac))
        .when(kind.is_in(TREND_KINDS) & (span > 0))
        .then(vb + (vt - vb) * frac)
        .when(kind.is_in(TREND_KINDS))
        .then(vt)
        .when(kind == "avg_growth")
        .then(vb * (1.0 + tv / 100.0).pow((y - b).clip(lower_bound=0.0)))
        .when(kind == "cumulative")
        .then(tv * (y - period_start + 1) / (period_end - period_start + 1))
        .when((kind == "annual_flow") & (pl.col("year") >= pl.col("target_year")))
        .then(tv)
        .otherwise(None)
    )
    path = (
        series.select(*KEYS, "kind", "_dir", "_b", "_vb", "target_value", "target_year",
                      "target_level")
        .join(years, how="cross")
        .select(*KEYS, "year", value.alias("value"))
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.lit("path").alias("source"))
    )
    if overrides is not None and overrides.height:
        on = [*KEYS, "year"] if "region" in overrides.columns else ["code", "year"]
        ov = overrides.select(
            *[pl.col(c).cast(pl.String) for c in on if c != "year"],
            pl.col("year").cast(pl.Int32),
            pl.col("value").cast(pl.Float64).alias("_override"),
        ).filter(pl.col("year").is_between(period_start, period_end))
        if "region" not in overrides.columns:
            ov = ov.join(series.select(KEYS), on="code", how="inner")
        path = (
            path.join(ov, on=[*KEYS, "year"], how="full", coalesce=True)
            .with_columns(
                pl.coalesce("_override", "value").alias("value"),
                pl.when(pl.col("_override").is_not_null())
                .then(pl.lit("override"))
                .otherwise(pl.lit("path"))
                .alias("source"),
            )
            .drop("_override")
        )
    return path.select(*KEYS, "year", "value", "source").sort([*KEYS, "year"])


def milestone_path(
    indicators: pl.DataFrame,
    observations: pl.DataFrame,
    *,
    period_start: int,
    period_end: int,
    overrides: pl.DataFrame | None = None,
    reference_region: str = REFERENCE_REGION,
    region_targets: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Yearly milestones (年度目标) for each year period_start..period_end.

    * level / share / change: geometric path from the base to the (absolute) target,
      ``v_b·(v_T/v_b)^((y−b)/(T−b))`` — linear ``v_b + (v_T−v_b)·(y−b)/(T−b)`` when the
      base or target is not positive; the target from the target year on, and every year
      when the base already meets it;
    * avg_growth: ``v_b·(1+g/100)^(y−b)``;
    * cumulative: linear, ``target·(y−period_start+1)/(period_end−period_start+1)``;
    * annual_flow: the target itself, from its target_year (the first year it applies);
    * other kinds have no milestones.

    The base is resolved as in :func:`progress` (stated base_value, else the complete
    year at base_year, defaulting to period_start − 1, else the next complete year
    before the latest one, else the nearest earlier). ``overrides`` (code, year, value,
    optionally region) replace path values and add years the path lacks.

    Returns code, region, year, value, source ("path" or "override").
    """
    ind = indicators_clean(indicators, period_start, period_end)
    obs = observations_clean(observations)
    series, _ = series_table(ind, obs, reference_region, region_targets)
    series = series.with_columns(target_level().alias("target_level"))
    return milestone_rows(series, period_start, period_end, overrides)

