"""Data coverage and imputation (OECD/JRC Handbook steps 2–3; JRC COIN's 65 % rule of thumb).

Coverage is the share of values present, per unit over the scheme's normal indicators and
per indicator over the units assessed. Below the threshold a unit is flagged and not scored
(it gets no total and no rank), an indicator is flagged and left out of the index (its
weight goes to the other indicators of its group); nothing below the threshold is scored
silently. Comparisons use ``engine.exact``, so 13 of 20 (65 %) is covered.

Imputation fills the remaining gaps of covered units on covered indicators by a declared
rule (normal indicators only), and marks each filled cell ``imputed``:

- ``none``: left missing; the aggregation then uses the items present (available-case, the
  weights of the present items renormalised within their group);
- ``mean`` / ``median``: the indicator's mean / median over the covered units;
- ``band_mean``: the indicator's mean over the covered units of the same band;
- ``min``: the worst value observed on the indicator (the lowest, or the highest when lower
  is better), so a gap never scores better than the last unit that reported.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.exact import exact

DEFAULT_COVERAGE = 0.65
IMPUTATIONS = ("none", "mean", "median", "band_mean", "min")


def coverage(cells: pl.DataFrame, threshold: float = DEFAULT_COVERAGE) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per unit and per indicator: present, expected, coverage share and ``covered`` flag.

    `cells` holds one row per unit × normal indicator (value null where missing).
    """
    def share(keys: str) -> pl.DataFrame:
        return (
            cells.group_by(keys)
            .agg(pl.col("value").count().alias("present"), pl.len().alias("expected"))
            .with_columns((pl.col("present") / pl.col("expected")).alias("coverage"))
            .with_columns((exact(pl.col("coverage")) >= threshold).alias("covered"))
            .sort(keys)
        )

    return share("unit"), share("indicator")


def impute(cells: pl.DataFrame, rule: str) -> pl.DataFrame:
    """`cells` (unit, band, indicator, kind, direction, value), gaps filled by `rule`, and ``imputed``."""
    if rule not in IMPUTATIONS:
        raise ValueError(f"未知的缺失值处理规则：{rule}")
    value = pl.col("value")
    worst = pl.when(pl.col("direction") == 1).then(value.min()).otherwise(value.max())
    fill = {
        "none": pl.lit(None, dtype=pl.Float64),
        "mean": value.mean().over("indicator"),
        "median": value.median().over("indicator"),
        "band_mean": value.mean().over(["indicator", "band"]),
        "min": worst.over("indicator"),
    }[rule]
    # 加分/减分/否决 items count events: a gap there is no event, never an average.
    fill = pl.when(pl.col("kind") == "normal").then(fill)
    return cells.with_columns(
        (value.is_null() & fill.is_not_null()).alias("imputed"), value.fill_null(fill).alias("value")
    )
