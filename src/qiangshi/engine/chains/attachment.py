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

BASIS_LABELS = {"code": "行业代码", "keyword": "关键词", "manual": "人工确认"}


def attach(firms: pl.DataFrame, nodes: pl.DataFrame, decisions: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per (firm, chain, node) attached, with its basis and a reason in Chinese.

    `firms`, `nodes`, `decisions` as typed by ``inputs.firm_table``, ``node_table``,
    ``decision_table``. Where a code and a keyword both match, the code is the basis and the
    reason names both. The matching runs on row numbers (one integer key per firm and node)
    and the names are put back at the end: string keys would cost most of the time.
    """
    firms = firms.with_row_index("firm_row")
    nodes = nodes.with_row_index("node_row")
    width = max(nodes.height, 1)
    key = (pl.col("firm_row").cast(pl.Int64) * width + pl.col("node_row")).alias("key")
    by_code = _by_code(firms, nodes).with_columns(key)
    by_keyword = _by_keyword(firms, nodes).with_columns(key)
    by_rule = by_code.join(
        by_keyword.drop("firm_row", "node_row"), on="key", how="full", coalesce=True, suffix="_kw"
    )
    by_rule = by_rule.select(
        "key",
        pl.when(pl.col("code_reason").is_not_null())
        .then(pl.lit("code"))
        .otherwise(pl.lit("keyword"))
        .alias("basis"),
        pl.concat_str("code_reason", "keyword_reason", separator="；", ignore_nulls=True).alias("reason"),
    )
    if decisions is not None and not decisions.is_empty():
        decided = (
            decisions.join(firms.select("enterprise_id", "firm_row"), on="enterprise_id")
            .join(nodes.select("chain", "node", "node_row"), on=["chain", "node"])
            .select(key, "decision")
        )
        confirmed = decided.filter(pl.col("decision") == "confirmed").select("key")
        manual = confirmed.join(by_rule, on="key", how="left").select(
            "key",
            pl.lit("manual").alias("basis"),
            pl.when(pl.col("reason").is_null())
            .then(pl.lit("专班人工确认"))
            .otherwise(pl.concat_str(pl.lit("专班人工确认（规则亦匹配："), pl.col("reason"), pl.lit("）")))
            .alias("reason"),
        )
        by_rule = pl.concat([by_rule.join(decided, on="key", how="anti"), manual])
    by_rule = by_rule.sort("key")
    firm_row, node_row = by_rule["key"] // width, by_rule["key"] % width
    return pl.DataFrame(
        {
            "enterprise_id": firms["enterprise_id"].gather(firm_row),
            "chain": nodes["chain"].gather(node_row),
            "node": nodes["node"].gather(node_row),
            "basis": by_rule["basis"],
            "reason": by_rule["reason"],
        }
    )


def _by_code(firms: pl.DataFrame, nodes: pl.DataFrame) -> pl.DataFrame:
    codes = (
        nodes.select("node_row", pl.col("codes").alias("industry_code")).explode("industry_code").drop_nulls()
    )
    # A firm has one code, so a node matches it by code at most once.
    return (
        firms.select("firm_row", "industry_code")
        .join(codes, on="industry_code")
        .select(
            "firm_row",
            "node_row",
            pl.format("行业代码 {} 属本节点", pl.col("industry_code")).alias("code_reason"),
        )
    )


def _by_keyword(firms: pl.DataFrame, nodes: pl.DataFrame) -> pl.DataFrame:
    keywords = nodes.select("node_row", pl.col("keywords").alias("keyword")).explode("keyword").drop_nulls()
    patterns = keywords["keyword"].unique().sort().to_list()
    schema = {"firm_row": pl.UInt32, "node_row": pl.UInt32, "keyword_reason": pl.Utf8}
    if not patterns:
        return pl.DataFrame(schema=schema)
    text = pl.concat_str(pl.col("name"), pl.lit(" "), pl.col("products"))
    found = (
        firms.select(
            "firm_row", text.str.extract_many(patterns, overlapping=True).list.unique().alias("keyword")
        )
        .explode("keyword")
        .drop_nulls()
    )
    return (
        found.join(keywords, on="keyword")
        .group_by("firm_row", "node_row")
        .agg(
            pl.format("名称或主营产品含“{}”", pl.col("keyword")).sort().str.join("；").alias("keyword_reason")
        )
        .cast(schema)
    )
