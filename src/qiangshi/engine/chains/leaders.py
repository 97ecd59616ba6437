"""链主 candidates: the firms that lead a chain by revenue (plan §10, 链主企业清单).

A firm is proposed for a chain when it is 规上, ranks within the first ``top`` of the chain's
firms by revenue, and holds at least ``min_share`` of the chain's revenue. These are platform
defaults, not a published rule: the list is a proposal that the chain task force confirms or
rejects, and the reason says which figures proposed each firm.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.exact import exact
from qiangshi.engine.numbers import grouped

TOP = 3
MIN_SHARE = 0.1


def propose_leaders(
    attachments: pl.DataFrame, facts: pl.DataFrame, top: int = TOP, min_share: float = MIN_SHARE
) -> pl.DataFrame:
    """chain, enterprise_id, revenue, share, rank, reason: each chain's proposed 链主 firms."""
    firms = (
        attachments.select("enterprise_id", "chain")
        .unique()
        .join(facts.select("enterprise_id", "revenue", "above_scale"), on="enterprise_id", how="inner")
        .filter(pl.col("revenue").is_not_null() & (pl.col("revenue") > 0))
    )
    ranked = (
        firms.with_columns(
            (pl.col("revenue") / pl.col("revenue").sum().over("chain")).alias("share"),
            pl.col("revenue").rank("ordinal", descending=True).over("chain").alias("rank"),
        )
        .filter(
            pl.col("above_scale")
            & (pl.col("rank") <= top)
            & (exact(pl.col("share")) >= exact(pl.lit(min_share)))
        )
        .sort("chain", "rank")
    )
    reason = pl.format(
        "链内营收第{}位（{} 万元），占全链 {}%",
        pl.col("rank"),
        grouped(pl.col("revenue").round(0).cast(pl.Int64).cast(pl.Utf8)),
        (pl.col("share") * 100).round(1),
    )
    return ranked.select(
        "chain", "enterprise_id", "revenue", "share", pl.col("rank").cast(pl.Int64), reason.alias("reason")
    )
