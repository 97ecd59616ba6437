"""Node and chain figures from one year's facts of the firms attached.

Per node: firms, 规上 firms, revenue, growth, profit, tax, R&D, the largest firm's share of the
node's revenue (dominance) and that firm, and the node's share of the city's revenue. Growth is
like for like: only firms that report both this year's and last year's revenue count, so a
firm that entered the registry does not pass for growth. Per chain the same sums over its
distinct firms (a firm on two nodes of a chain counts once) and the chain's share of the city.

The location quotient of a node is the city's share of revenue in the node's industry codes
divided by the benchmark's share of those codes (the province or the nation, as loaded). It is
null wherever the benchmark lacks one of the node's codes, or no benchmark is loaded: a
quotient is never made up. It counts the firms of those codes, not the firms attached by
keyword or by hand, because the benchmark knows only industries.
"""

from __future__ import annotations

import polars as pl

SUMMED = ["revenue", "profit", "tax", "rd"]


def node_figures(
    attachments: pl.DataFrame,
    firms: pl.DataFrame,
    facts: pl.DataFrame,
    nodes: pl.DataFrame,
    benchmark: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every node of `nodes` (a node with no firm shows with zeros) with its figures and LQ."""
    city_revenue = facts["revenue"].sum()
    attached = attachments.select("enterprise_id", "chain", "node").join(
        facts, on="enterprise_id", how="left"
    )
    figures = attached.group_by("chain", "node").agg(*_figures(), *_dominance())
    counts = {"firms": 0, "above_scale_firms": 0}
    return (
        nodes.select("chain", "node", "segment", "codes")
        .join(figures, on=["chain", "node"], how="left")
        .with_columns(
            *(pl.col(column).fill_null(value) for column, value in counts.items()),
            *(pl.col(column).fill_null(0.0) for column in SUMMED),
            _share(pl.col("revenue"), city_revenue).alias("city_share"),
        )
        .join(location_quotients(nodes, firms, facts, benchmark), on=["chain", "node"], how="left")
        .sort("chain", "node")
    )


def chain_figures(attachments: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Per chain: its distinct firms' figures and the chain's share of the city's revenue."""
    city_revenue = facts["revenue"].sum()
    distinct = attachments.select("enterprise_id", "chain").unique()
    return (
        distinct.join(facts, on="enterprise_id", how="left")
        .group_by("chain")
        .agg(*_figures())
        .with_columns(_share(pl.col("revenue"), city_revenue).alias("city_share"))
        .sort("chain")
    )


def location_quotients(
    nodes: pl.DataFrame, firms: pl.DataFrame, facts: pl.DataFrame, benchmark: pl.DataFrame | None
) -> pl.DataFrame:
    """chain, node, lq: (city revenue in the node's codes / city revenue) / Σ benchmark shares."""
    codes = (
        nodes.select("chain", "node", pl.col("codes").alias("industry_code"))
        .explode("industry_code")
        .drop_nulls()
    )
    if benchmark is None or benchmark.is_empty() or codes.is_empty():
        return nodes.select("chain", "node", pl.lit(None, dtype=pl.Float64).alias("lq"))
    city_revenue = facts["revenue"].sum()
    by_industry = (
        firms.select("enterprise_id", "industry_code")
        .join(facts, on="enterprise_id")
        .group_by("industry_code")
        .agg(pl.col("revenue").sum())
    )
    per_node = (
        codes.unique()
        .join(by_industry, on="industry_code", how="left")
        .join(benchmark, on="industry_code", how="left")
        .group_by("chain", "node")
        .agg(
            pl.col("revenue").sum(),
            pl.col("share").sum().alias("benchmark_share"),
            pl.col("share").is_null().any().alias("benchmark_incomplete"),
        )
    )
    lq = (
        pl.when(pl.col("benchmark_incomplete"))
        .then(None)
        .otherwise(_share(pl.col("revenue"), city_revenue) / pl.col("benchmark_share"))
    )
    return nodes.select("chain", "node").join(
        per_node.select("chain", "node", lq.alias("lq")), on=["chain", "node"], how="left"
    )


def _figures() -> list[pl.Expr]:
    both = pl.col("revenue").is_not_null() & pl.col("prior_revenue").is_not_null()
    prior = pl.col("prior_revenue").filter(both).sum()
    growth = pl.when(prior > 0).then(pl.col("revenue").filter(both).sum() / prior - 1)
    return [
        pl.col("enterprise_id").n_unique().cast(pl.Int64).alias("firms"),
        pl.col("above_scale").fill_null(False).sum().cast(pl.Int64).alias("above_scale_firms"),
        *(pl.col(column).sum() for column in SUMMED),
        growth.alias("growth"),
    ]


def _dominance() -> list[pl.Expr]:
    total = pl.col("revenue").sum()
    largest = pl.col("revenue").max()
    return [
        pl.when(total > 0).then(largest / total).alias("top_share"),
        pl.col("enterprise_id")
        .sort_by(pl.col("revenue").fill_null(float("-inf")), "enterprise_id", descending=[True, False])
        .first()
        .alias("top_firm"),
    ]


def _share(part: pl.Expr, whole: float | None) -> pl.Expr:
    return part / whole if whole else pl.lit(None, dtype=pl.Float64)
