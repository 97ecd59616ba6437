"""Firms on the chain map: by industry code, by keyword, and by the task force's hand.

A firm is attached to a node when its 4-digit industry code is one of the node's codes
("code"), or when its name or main products contain one of the node's keywords ("keyword"),
or when the task force confirmed it there ("manual"). A rejection by the task force removes
the rule's attachment and a confirmation adds or keeps it: a decision always beats a rule.
A firm may sit on several nodes of several chains. Keywords are found with one Aho–Corasick
pass over all firms (``str.extract_many``), so the cost grows with the text, not with
firms × nodes.
"""

from __future__ import annotations

import polars as pl

ATTACHMENT_COLUMNS = ["enterprise_id", "chain", "node", "basis", "reason"]
BASIS_LABELS = {"code": "行业代码", "keyword": "关键词", "manual": "人工确认"}


def attach(firms: pl.DataFrame, nodes: pl.DataFrame, decisions: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per (firm, chain, node) attached, with its basis and a reason in Chinese.

    `firms`, `nodes`, `decisions` as typed by ``inputs.firm_table``, ``node_table``,
    ``decision_table``. Where a code and a keyword both match, the code is the basis and the
    reason names both.
    """
    by_rule = (
        pl.concat([_by_code(firms, nodes), _by_keyword(firms, nodes)])
        .group_by("enterprise_id", "chain", "node")
        .agg(
            pl.col("basis").sort().first(),  # "code" sorts before "keyword"
            pl.col("reason").sort().str.join("；"),
        )
    )
    if decisions is None or decisions.is_empty():
        return by_rule.select(ATTACHMENT_COLUMNS).sort("chain", "node", "enterprise_id")
    key = ["enterprise_id", "chain", "node"]
    rejected = decisions.filter(pl.col("decision") == "rejected").select(key)
    confirmed = decisions.filter(pl.col("decision") == "confirmed").select(key)
    kept = by_rule.join(rejected, on=key, how="anti").join(confirmed, on=key, how="anti")
    manual = confirmed.join(by_rule, on=key, how="left").select(
        *key,
        pl.lit("manual").alias("basis"),
        pl.when(pl.col("reason").is_null())
        .then(pl.lit("专班人工确认"))
        .otherwise(pl.concat_str(pl.lit("专班人工确认（规则亦匹配："), pl.col("reason"), pl.lit("）")))
        .alias("reason"),
    )
    return pl.concat([kept.select(ATTACHMENT_COLUMNS), manual.select(ATTACHMENT_COLUMNS)]).sort(
        "chain", "node", "enterprise_id"
    )


def _by_code(firms: pl.DataFrame, nodes: pl.DataFrame) -> pl.DataFrame:
    codes = (
        nodes.select("chain", "node", pl.col("codes").alias("industry_code"))
        .explode("industry_code")
        .drop_nulls()
    )
    return (
        firms.select("enterprise_id", "industry_code")
        .join(codes, on="industry_code")
        .select(
            "enterprise_id",
            "chain",
            "node",
            pl.lit("code").alias("basis"),
            pl.format("行业代码 {} 属本节点", pl.col("industry_code")).alias("reason"),
        )
    )


def _by_keyword(firms: pl.DataFrame, nodes: pl.DataFrame) -> pl.DataFrame:
    keywords = (
        nodes.select("chain", "node", pl.col("keywords").alias("keyword")).explode("keyword").drop_nulls()
    )
    patterns = keywords["keyword"].unique().sort().to_list()
    if not patterns:
        return pl.DataFrame(
            schema={
                "enterprise_id": pl.Utf8,
                "chain": pl.Utf8,
                "node": pl.Utf8,
                "basis": pl.Utf8,
                "reason": pl.Utf8,
            }
        )
    text = pl.concat_str(pl.col("name"), pl.lit(" "), pl.col("products"))
    found = (
        firms.select(
            "enterprise_id", text.str.extract_many(patterns, overlapping=True).list.unique().alias("keyword")
        )
        .explode("keyword")
        .drop_nulls()
    )
    return found.join(keywords, on="keyword").select(
        "enterprise_id",
        "chain",
        "node",
        pl.lit("keyword").alias("basis"),
        pl.format("名称或主营产品含“{}”", pl.col("keyword")).alias("reason"),
    )
