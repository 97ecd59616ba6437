"""Ranking the 补链 targets: weak and missing nodes by gap, adjacency and density.

score = w_gap × gap + w_adjacency × adjacency + w_density × density, each part in [0, 1]:

- gap: how much is missing — 1 for a missing node, ½ for a weak one (``GAPS``);
- adjacency: the share of the node's neighbours in its chain that are strong. Neighbours are
  the declared edges of the chain (upstream → downstream) where the chain declares any;
  otherwise the segment order: 上游–中游 and 中游–下游 are neighbours, and a 支撑 node serves,
  and so neighbours, every other node of its chain. A node whose neighbours are strong can buy
  from or sell to them at once, so filling it strengthens what the city already has;
- density: ``relatedness.node_density`` (null when the registry knows none of the node's
  industries: it then counts 0 and the reason says so).

Nodes are ranked within their chain by score (exact to 6 places), then by node name, so equal
scores keep a stable order. The reasons are Chinese sentences per node.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from qiangshi.engine.exact import exact

GAPS = {"missing": 1.0, "weak": 0.5}
SEGMENT_ORDER = {"上游": 0, "中游": 1, "下游": 2}
SUPPORT = "支撑"


@dataclass(frozen=True)
class Weights:
    gap: float = 0.4
    adjacency: float = 0.3
    density: float = 0.3


DEFAULT_WEIGHTS = Weights()


def neighbours(nodes: pl.DataFrame, edges: pl.DataFrame | None = None) -> pl.DataFrame:
    """chain, node, neighbour: each pair both ways (declared edges, else the segment order)."""
    declared = (
        edges
        if edges is not None
        else pl.DataFrame(schema={"chain": pl.Utf8, "upstream": pl.Utf8, "downstream": pl.Utf8})
    )
    by_edge = pl.concat(
        [
            declared.select(
                "chain", pl.col("upstream").alias("node"), pl.col("downstream").alias("neighbour")
            ),
            declared.select(
                "chain", pl.col("downstream").alias("node"), pl.col("upstream").alias("neighbour")
            ),
        ]
    )
    order = pl.col("segment").replace_strict(SEGMENT_ORDER, default=None, return_dtype=pl.Int8)
    placed = nodes.select("chain", "node", "segment", order.alias("order"))
    pairs = placed.join(placed, on="chain", suffix="_other").filter(pl.col("node") != pl.col("node_other"))
    adjacent = ((pl.col("order") - pl.col("order_other")).abs() == 1) | (
        (pl.col("segment") == SUPPORT) != (pl.col("segment_other") == SUPPORT)
    )
    by_segment = (
        pairs.filter(adjacent.fill_null(False))
        .join(declared.select("chain").unique(), on="chain", how="anti")
        .select("chain", "node", pl.col("node_other").alias("neighbour"))
    )
    return pl.concat([by_edge, by_segment]).unique().sort("chain", "node", "neighbour")


def rank_targets(
    rated: pl.DataFrame,
    densities: pl.DataFrame,
    edges: pl.DataFrame | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> pl.DataFrame:
    """Weak and missing nodes of `rated` (``rate_nodes``) with gap, adjacency, density, score,
    rank within the chain and reasons."""
    strong = rated.filter(pl.col("rating") == "strong").select(
        "chain", pl.col("node").alias("neighbour"), pl.lit(True).alias("strong")
    )
    around = (
        neighbours(rated, edges)
        .join(strong, on=["chain", "neighbour"], how="left")
        .group_by("chain", "node")
        .agg(
            pl.col("strong").fill_null(False).mean().alias("adjacency"),
            pl.col("neighbour").filter(pl.col("strong").fill_null(False)).sort().alias("strong_neighbours"),
        )
    )
    gap = pl.col("rating").replace_strict(GAPS, return_dtype=pl.Float64)
    score = (
        weights.gap * pl.col("gap")
        + weights.adjacency * pl.col("adjacency")
        + weights.density * pl.col("density").fill_null(0.0)
    )
    targets = (
        rated.filter(pl.col("rating").is_in(list(GAPS)))
        .select("chain", "node", "segment", "rating")
        .join(around, on=["chain", "node"], how="left")
        .join(densities, on=["chain", "node"], how="left")
        .with_columns(
            gap.alias("gap"), pl.col("adjacency").fill_null(0.0), pl.col("strong_neighbours").fill_null([])
        )
        .with_columns(exact(score).alias("score"))
        .sort(["chain", "score", "node"], descending=[False, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("chain").alias("rank"))
    )
    return targets.with_columns(_reasons().alias("reasons")).select(
        "chain", "node", "segment", "rating", "gap", "adjacency", "density", "score", "rank", "reasons"
    )


def _reasons() -> pl.Expr:
    gap = (
        pl.when(pl.col("rating") == "missing")
        .then(pl.lit("缺失节点，本市尚无企业"))
        .otherwise(pl.lit("薄弱节点，已有企业但规模不足"))
    )
    adjacency = (
        pl.when(pl.col("strong_neighbours").list.len() > 0)
        .then(
            pl.format(
                "上下游相邻强节点 {} 个：{}",
                pl.col("strong_neighbours").list.len(),
                pl.col("strong_neighbours").list.join("、"),
            )
        )
        .otherwise(pl.lit("上下游相邻节点中无强节点"))
    )
    density = (
        pl.when(pl.col("density").is_null())
        .then(pl.lit("本市登记数据中无此节点行业，关联密度按0计"))
        .otherwise(pl.format("与本市优势行业的关联密度 {}", pl.col("density").round(2).cast(pl.Utf8)))
    )
    return pl.concat_str(gap, adjacency, density, separator="；")
