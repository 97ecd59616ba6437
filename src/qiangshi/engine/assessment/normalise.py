"""Normalisations of the composite index (OECD/JRC Handbook, 2008, step 5), as expressions.

Every normalisation runs over the units of one band for one indicator (the units compared
with each other), turns "lower is better" around with the indicator's direction, and puts
the result on the 0–100 scale of the scheme scores so that both can be aggregated alike:

- ``minmax``: 100 × (x − min) / (max − min); all units equal → 100 (nobody lags);
- ``zscore``: 50 + 10 × (x − mean) / sd (sample sd), the T-score; all equal → 50;
- ``target`` (distance to target): 100 × x / target, lower-is-better 100 × target / x,
  clipped to [0, 100] (exceeding the target does not compensate elsewhere);
- ``rank``: 100 × (n − place) / (n − 1), places from the best (ties share the better
  place); a band of one unit → 100.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.assessment.scoring import BAND_KEYS, clip

HUNDRED = pl.lit(100.0)


def minmax(x: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """Min–max within the band, 0 for the worst and 100 for the best."""
    low, high = x.min().over(BAND_KEYS), x.max().over(BAND_KEYS)
    scaled = pl.when(direction == 1).then(x - low).otherwise(high - x) / (high - low)
    return pl.when(x.is_null()).then(None).when(high == low).then(HUNDRED).otherwise(100.0 * scaled)


def zscore(x: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """T-score 50 + 10 z within the band, z turned around for lower-is-better."""
    mean, sd = x.mean().over(BAND_KEYS), x.std(ddof=1).over(BAND_KEYS)
    z = direction.cast(pl.Float64) * (x - mean) / sd
    flat = sd.is_null() | (sd == 0)
    return pl.when(x.is_null()).then(None).when(flat).then(50.0).otherwise(50.0 + 10.0 * z)


def distance_to_target(x: pl.Expr, target: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """x / target (or target / x when lower is better) in per cent, clipped to [0, 100]."""
    ratio = pl.when(direction == 1).then(x / target).otherwise(target / x)
    return clip(100.0 * ratio, pl.lit(0.0), HUNDRED)


def rank(x: pl.Expr, direction: pl.Expr) -> pl.Expr:
    """Place within the band mapped to 100 (first) … 0 (last)."""
    place = (x * direction.cast(pl.Float64)).rank("min", descending=True).over(BAND_KEYS).cast(pl.Float64)
    n = x.count().over(BAND_KEYS).cast(pl.Float64)
    return pl.when(x.is_null()).then(None).when(n <= 1).then(HUNDRED).otherwise(100.0 * (n - place) / (n - 1))


def normalised(name: str) -> pl.Expr:
    """The normalisation `name` applied to the long table's value column."""
    x, direction = pl.col("value"), pl.col("direction")
    if name == "minmax":
        return minmax(x, direction)
    if name == "zscore":
        return zscore(x, direction)
    if name == "target":
        return distance_to_target(x, pl.col("high"), direction)
    if name == "rank":
        return rank(x, direction)
    raise ValueError(f"未知的标准化方法：{name}")
