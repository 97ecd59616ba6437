"""What a clause (or a change) would cost before it is published: firms and money by district
and by chain, and the total against a budget when one is given."""

from __future__ import annotations

import polars as pl


def dryrun(result: pl.DataFrame, firms: pl.DataFrame, budget: float | None = None) -> pl.DataFrame:
    """Rows (dimension 区县 / 产业链 / 合计, name, firms, amount 万元, budget, over_budget).

    A firm counts once per district; under each of its chains when it has several, so the
    chain rows may add up to more than the total (said in docs/policy-method.md).
    """
    paid = result.filter("eligible").join(
        firms.select("uscc", "district", "chain_codes"), on="uscc", how="left"
    )

    def totals(frame: pl.DataFrame, dimension: str, key: str) -> pl.DataFrame:
        return (
            frame.group_by(key)
            .agg(firms=pl.col("uscc").n_unique().cast(pl.Int64), amount=pl.col("amount").sum())
            .select(
                dimension=pl.lit(dimension),
                name=pl.col(key).cast(pl.Utf8).fill_null("（未填）"),
                firms="firms",
                amount="amount",
            )
            .sort("name")
        )

    chains = paid.explode("chain_codes")
    total = pl.DataFrame(
        {
            "dimension": ["合计"],
            "name": ["合计"],
            "firms": [paid["uscc"].n_unique()],
            "amount": [float(paid["amount"].sum())],
        },
        schema={"dimension": pl.Utf8, "name": pl.Utf8, "firms": pl.Int64, "amount": pl.Float64},
    )
    out = pl.concat([totals(paid, "区县", "district"), totals(chains, "产业链", "chain_codes"), total])
    is_total = pl.col("dimension") == "合计"
    return out.with_columns(
        budget=pl.when(is_total).then(pl.lit(budget, dtype=pl.Float64)),
        over_budget=pl.when(is_total & pl.lit(budget is not None)).then(
            pl.col("amount") > pl.lit(budget or 0.0)
        ),
    )
