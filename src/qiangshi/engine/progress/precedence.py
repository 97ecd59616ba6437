"""Which figure a target is judged on when several exist for the same indicator, region and
period: the one whose source ranks highest in the indicator's precedence.

Sources, highest first by default: ``published`` (公开发布, the statistics bureau's figure),
``reported_approved`` (a unit's report covered by an approved submission), ``computed``
(platform aggregation of the enterprise registry), ``reported`` (a unit's report not yet
approved: nobody has checked it, while a computed figure is reproducible from the registry),
``demo`` (synthetic demo figures: any real figure outranks them). A plan may reorder them per
indicator; sources it leaves out follow the ones it lists, in the default order.

"The same period" is the engine's: an annual figure is a December figure, so it competes with
the December year-to-date figure of the same year. Between two figures of the same source the
annual one counts (the rule ``inputs.observations_clean`` applies to what is left).
"""

from __future__ import annotations

import polars as pl

from .constants import KEYS

SOURCES = ("published", "reported_approved", "computed", "reported", "demo")


def precedence_ranks(indicators: pl.DataFrame) -> pl.DataFrame:
    """(code, source, rank) for every indicator (columns code, precedence: list of sources,
    null or empty for the default order); rank 0 counts first."""
    listed = (
        indicators.select("code", pl.col("precedence").fill_null([]))
        .explode("precedence")
        .drop_nulls("precedence")
        .with_columns(pl.int_range(pl.len()).over("code").alias("rank"))
        .rename({"precedence": "source"})
    )
    default = pl.DataFrame({"source": SOURCES, "_default": range(len(SOURCES))},
                           schema={"source": pl.String, "_default": pl.Int64})
    return (
        indicators.select("code")
        .join(default, how="cross")
        .join(listed, on=["code", "source"], how="left")
        .select("code", "source",
                pl.coalesce("rank", pl.col("_default") + len(SOURCES)).cast(pl.Int64)
                .alias("rank"))
    )


def figures_chosen(figures: pl.DataFrame, ranks: pl.DataFrame) -> pl.DataFrame:
    """`figures` (code, region, year, month, period_type, source, any other columns) with
    `rank` and `counted`: true for exactly one figure per (code, region, year, month), an
    annual figure taken as December. `ranks` is ``precedence_ranks``; a source it does not
    rank comes last."""
    period = [*KEYS, "year", "_month"]
    return (
        figures.with_columns(
            pl.when(pl.col("period_type") == "annual").then(12).otherwise("month")
            .cast(pl.Int32).alias("_month"))
        .join(ranks, on=["code", "source"], how="left")
        .with_columns(pl.col("rank").fill_null(2 * len(SOURCES)))
        .sort([*period, "rank", pl.col("period_type") != "annual"])
        .with_columns((pl.int_range(pl.len()).over(period) == 0).alias("counted"))
        .drop("_month")
    )
