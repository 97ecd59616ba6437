"""Step 7: consecutive years in D and the differentiated prices, the highest applicable only."""

from __future__ import annotations

import polars as pl

from . import wording
from .exprs import add
from .inputs import prior_d_years, surcharges
from .rules import Rules
from .schema import Method, Surcharge


def price(df: pl.DataFrame, method: Method, history: pl.DataFrame | None, rules: Rules) -> pl.DataFrame:
    """d_years, surcharge_kwh and surcharge_<key> for each local price."""
    is_d = df["class"] == "D"
    d_years = pl.select(pl.repeat(0, df.height, dtype=pl.Int64)).to_series()
    prior = prior_d_years(history, method.year, df["uscc"].filter(is_d))
    if prior.height:
        runs = df["uscc"].filter(is_d).to_frame().join(prior, on="uscc", how="left", maintain_order="left")
        d_years = d_years.scatter(is_d.arg_true(), 1 + runs["_prior_d"].fill_null(0))
    else:
        d_years = d_years.scatter(is_d.arg_true(), 1)
    df = df.with_columns(d_years=d_years)
    prices: list[pl.Expr] = []
    for s in surcharges(method):
        prices.extend(_surcharge(s, rules))
    if method.electricity is None:
        prices.append(pl.lit(0.0).alias("surcharge_kwh"))
    df = add(df, [p for p in prices if p.meta.output_name().startswith("_tier_")])
    return add(df, [p for p in prices if not p.meta.output_name().startswith("_tier_")])


def _surcharge(s: Surcharge, rules: Rules) -> list[pl.Expr]:
    """_tier_<key> (0: none; k: the k-th amount applies), surcharge_<key> (the highest applicable
    surcharge) and, with another surcharge column, whether a note on it is due."""
    cls = pl.col("class")
    applies = cls.is_in(list(s.classes))
    if s.regions:
        applies = applies & pl.col("region").is_in(list(s.regions))
    amounts = s.by_consecutive_years
    last = len(amounts)
    years = pl.when(cls == "D").then(pl.col("d_years")).otherwise(pl.lit(1, dtype=pl.Int64))
    tier = pl.when(applies).then(years.clip(1, last)).otherwise(0).cast(pl.Int8)
    own = tier.replace_strict({0: 0.0, **{k + 1: a for k, a in enumerate(amounts)}}, return_dtype=pl.Float64)
    for k in range(1, last + 1):
        if amounts[k - 1] <= 0:
            continue
        hit = pl.col(f"_tier_{s.key}") == k
        for x in s.classes:
            condition = hit if len(s.classes) == 1 else hit & (cls == x)
            rules.add(condition, wording.surcharge(s, k, x))
    columns = [tier.alias(f"_tier_{s.key}")]
    if not s.other_column:
        return [*columns, own.alias(f"surcharge_{s.key}")]
    other = pl.col(s.other_column).fill_null(0.0)
    rules.add_variable(
        (other > 0) & (pl.col(f"_tier_{s.key}") > 0),
        wording.other_surcharge(s, other, pl.col(f"surcharge_{s.key}")),
    )
    return [*columns, pl.max_horizontal(own, other).cast(pl.Float64).alias(f"surcharge_{s.key}")]
