"""The chain engine's input tables, typed and checked; every refusal is in Chinese.

Firms and facts come from the registry, nodes from a chain map (GB/T 4754-2017 小类 codes and
keywords per node), decisions from the chain task force. A table the engine cannot use raises
``ChainInputInvalid`` listing every reason, so an import page can show them all at once.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.typed_rows import cast_rows

FIRM_SCHEMA = {"enterprise_id": pl.Utf8, "name": pl.Utf8, "industry_code": pl.Utf8, "products": pl.Utf8}
NODE_SCHEMA = {
    "chain": pl.Utf8,
    "node": pl.Utf8,
    "segment": pl.Utf8,
    "codes": pl.List(pl.Utf8),
    "keywords": pl.List(pl.Utf8),
}
DECISION_SCHEMA = {"enterprise_id": pl.Utf8, "chain": pl.Utf8, "node": pl.Utf8, "decision": pl.Utf8}
FACT_SCHEMA = {
    "enterprise_id": pl.Utf8,
    "revenue": pl.Float64,
    "prior_revenue": pl.Float64,
    "profit": pl.Float64,
    "tax": pl.Float64,
    "rd": pl.Float64,
    "above_scale": pl.Boolean,
}
BENCHMARK_SCHEMA = {"industry_code": pl.Utf8, "share": pl.Float64}
EDGE_SCHEMA = {"chain": pl.Utf8, "upstream": pl.Utf8, "downstream": pl.Utf8}
DECISIONS = ("confirmed", "rejected")
SEGMENTS = ("上游", "中游", "下游", "支撑")
CODE_PATTERN = r"^\d{4}$"
COLUMN_LABELS = {
    "enterprise_id": "企业代码",
    "name": "企业名称",
    "industry_code": "行业代码",
    "products": "主营产品",
    "chain": "产业链",
    "node": "节点",
    "segment": "环节",
    "decision": "人工判定",
    "revenue": "营业收入",
    "prior_revenue": "上年营业收入",
    "profit": "利润总额",
    "tax": "税收",
    "rd": "研发投入",
    "above_scale": "是否规上",
    "share": "基准占比",
}


class ChainInputInvalid(ValueError):
    """The tables cannot be used; ``problems`` lists every reason in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def typed(rows: list[dict] | pl.DataFrame, schema: dict) -> pl.DataFrame:
    """`rows` with exactly the columns of `schema`, cast; an unreadable value is refused with its row."""
    frame, problems = cast_rows(rows, schema, COLUMN_LABELS)
    _refuse(problems)
    return frame


def firm_table(rows: list[dict] | pl.DataFrame) -> pl.DataFrame:
    """Firms with codes and text trimmed; a firm without a usable code simply matches no code."""
    frame = typed(rows, FIRM_SCHEMA).with_columns(
        pl.col("industry_code").str.strip_chars(),
        pl.col("name").fill_null(""),
        pl.col("products").fill_null(""),
    )
    problems = []
    if frame["enterprise_id"].null_count():
        problems.append("有企业缺少企业代码")
    duplicated = frame.filter(pl.col("enterprise_id").is_duplicated())["enterprise_id"].unique().sort()
    problems += [f"企业 {code} 重复出现" for code in duplicated]
    _refuse(problems)
    return frame


def node_table(rows: list[dict] | pl.DataFrame) -> pl.DataFrame:
    """Nodes with their code and keyword lists (null list = none); codes must be 4-digit 小类."""
    frame = typed(rows, NODE_SCHEMA).with_columns(
        pl.col("codes").fill_null([]).list.eval(pl.element().str.strip_chars()),
        pl.col("keywords")
        .fill_null([])
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element().str.len_chars() > 0)),
    )
    problems = []
    key = pl.struct("chain", "node")
    for row in (
        frame.filter(key.is_duplicated()).select("chain", "node").unique().sort("chain", "node").iter_rows()
    ):
        problems.append(f"产业链 {row[0]} 的节点 {row[1]} 重复出现")
    if frame.filter(pl.col("chain").is_null() | pl.col("node").is_null()).height:
        problems.append("有节点缺少产业链或节点名称")
    bad_segment = frame.filter(~pl.col("segment").is_in(SEGMENTS) | pl.col("segment").is_null())
    problems += [
        f"节点 {node}：环节应为 上游/中游/下游/支撑" for node in bad_segment["node"].fill_null("（空）")
    ]
    bad_code = (
        frame.select("node", "codes")
        .explode("codes")
        .drop_nulls("codes")
        .filter(~pl.col("codes").str.contains(CODE_PATTERN))
    )
    problems += [f"节点 {node}：行业代码 {code} 不是4位小类代码" for node, code in bad_code.iter_rows()]
    _refuse(problems)
    return frame


def decision_table(rows: list[dict] | pl.DataFrame, nodes: pl.DataFrame) -> pl.DataFrame:
    """The task force's decisions; each must name a known node and be 确认 or 否定, once."""
    frame = typed(rows, DECISION_SCHEMA)
    problems = []
    key = ["enterprise_id", "chain", "node"]
    for firm, chain, node in (
        frame.filter(pl.struct(key).is_duplicated()).select(key).unique().sort(key).iter_rows()
    ):
        problems.append(f"企业 {firm} 在 {chain}·{node} 上有多条人工判定")
    bad = frame.filter(~pl.col("decision").is_in(DECISIONS) | pl.col("decision").is_null())
    problems += [
        f"企业 {firm} 的人工判定应为 确认 或 否定" for firm in bad["enterprise_id"].fill_null("（空）")
    ]
    unknown = frame.join(nodes.select("chain", "node"), on=["chain", "node"], how="anti")
    problems += [
        f"人工判定所指节点 {chain}·{node} 不存在"
        for chain, node in unknown.select("chain", "node").unique().sort("chain", "node").iter_rows()
    ]
    _refuse(problems)
    return frame


def fact_table(rows: list[dict] | pl.DataFrame) -> pl.DataFrame:
    """One year's facts per firm (万元); null = not reported, never read as zero."""
    frame = typed(rows, FACT_SCHEMA).with_columns(pl.col("above_scale").fill_null(False))
    duplicated = frame.filter(pl.col("enterprise_id").is_duplicated())["enterprise_id"].unique().sort()
    _refuse([f"企业 {code} 在同一年的数据中重复出现" for code in duplicated])
    return frame


def benchmark_table(rows: list[dict] | pl.DataFrame | None) -> pl.DataFrame:
    """Benchmark shares by industry (the province's or nation's share of revenue, 0–1)."""
    frame = typed(rows if rows is not None else [], BENCHMARK_SCHEMA)
    problems = [
        f"基准表中行业 {code} 的占比应大于0且不超过1"
        for code in frame.filter(
            ~pl.col("share").is_between(0, 1, closed="right") | pl.col("share").is_null()
        )["industry_code"].fill_null("（空）")
    ]
    problems += [
        f"基准表中行业 {code} 重复出现"
        for code in frame.filter(pl.col("industry_code").is_duplicated())["industry_code"].unique().sort()
    ]
    _refuse(problems)
    return frame


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ChainInputInvalid(problems)
