"""Turning published growth rates into a level index.

Chinese statistics publish investment mostly as growth (技改投资增长 10.2%), and a
target such as 技改投资年均增长10% is judged on those rates. The progress engine
measures average growth on levels, so a series of yearly rates is chain-linked
into an index: 100 at the end of the base year, then
index_y = index_{y-1} · (1 + g_y/100). A year-to-date rate (1–N月 growth against
the same months a year earlier) estimates its year: index_{y-1} · (1 + g/100).
"""

import polars as pl

BASE_INDEX = 100.0


def growth_to_index(observations: pl.DataFrame, *, base_year: int) -> pl.DataFrame:
    """Observations (code, region, year, month, period_type, value in %) of growth-rate
    series become index levels; rows up to the base year become the base (100)."""
    keys = ["code", "region"]
    annual = observations.filter((pl.col("period_type") == "annual") & (pl.col("year") > base_year))
    chained = annual.sort(*keys, "year").with_columns(
        (BASE_INDEX * (1 + pl.col("value") / 100).cum_prod().over(keys)).alias("index"),
    )
    previous = chained.select(*keys, (pl.col("year") + 1).alias("year"),
                              pl.col("index").alias("previous_index"))
    ytd = (
        observations.filter((pl.col("period_type") == "ytd") & (pl.col("year") > base_year))
        .join(previous, on=[*keys, "year"], how="left")
        .with_columns(
            pl.when(pl.col("year") == base_year + 1).then(BASE_INDEX)
            .otherwise(pl.col("previous_index")).alias("previous_index"))
        .filter(pl.col("previous_index").is_not_null())
        .with_columns((pl.col("previous_index") * (1 + pl.col("value") / 100)).alias("index"))
    )
    series = observations.select(*keys).unique()
    base = series.with_columns(
        pl.lit(base_year, dtype=observations.schema["year"]).alias("year"),
        pl.lit(12, dtype=observations.schema["month"]).alias("month"),
        pl.lit("annual").alias("period_type"), pl.lit(BASE_INDEX).alias("value"),
    )
    columns = observations.columns
    extra = [c for c in columns if c not in {*keys, "year", "month", "period_type", "value"}]
    return pl.concat([
        base.with_columns([pl.lit(None).cast(observations.schema[c]).alias(c) for c in extra])
        .select(columns),
        chained.with_columns(pl.col("index").alias("value")).select(columns),
        ytd.with_columns(pl.col("index").alias("value")).select(columns),
    ])
