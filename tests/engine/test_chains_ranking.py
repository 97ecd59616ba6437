"""Adjacency and the ranking of 补链 targets, worked by hand.

One chain: 上游 U1 strong, U2 missing · 中游 M1 weak, M2 missing · 下游 D1 strong · 支撑 S1 missing.
By segment order M1 and M2 neighbour U1, U2, D1, S1 (2 strong of 4 → ½); U2 neighbours M1, M2,
S1 (none strong → 0); S1 serves all five others (U1, D1 strong → 2/5). Densities: U2 0.2,
M1 0.1, M2 unknown, S1 0. Scores with weights 0.4 / 0.3 / 0.3:
M2 0.4 + 0.15 + 0 = 0.55 · S1 0.4 + 0.12 + 0 = 0.52 · U2 0.4 + 0 + 0.06 = 0.46 · M1 0.2 + 0.15 + 0.03 = 0.38.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.chains import (
    Weights,
    attach,
    chain_run,
    neighbours,
    rank_targets,
    rule_table,
)
from tests.engine.chain_tables import NEV, decisions, facts, firms, nodes

RATED = pl.DataFrame(
    {
        "chain": ["c"] * 6,
        "node": ["U1", "U2", "M1", "M2", "D1", "S1"],
        "segment": ["上游", "上游", "中游", "中游", "下游", "支撑"],
        "rating": ["strong", "missing", "weak", "missing", "strong", "missing"],
    }
)
DENSITIES = pl.DataFrame(
    {"chain": ["c"] * 4, "node": ["U2", "M1", "M2", "S1"], "density": [0.2, 0.1, None, 0.0]}
)


def test_by_segment_order_neighbours_are_one_step_apart_and_support_serves_every_node():
    around = neighbours(RATED).group_by("node").agg(pl.col("neighbour").sort())
    result = {node: list(others) for node, others in around.iter_rows()}
    assert result["M1"] == ["D1", "S1", "U1", "U2"]
    assert result["U2"] == ["M1", "M2", "S1"]
    assert result["S1"] == ["D1", "M1", "M2", "U1", "U2"]


def test_declared_edges_replace_the_segment_order_for_their_chain():
    edges = pl.DataFrame({"chain": ["c"], "upstream": ["U1"], "downstream": ["M1"]})
    assert neighbours(RATED, edges).rows() == [("c", "M1", "U1"), ("c", "U1", "M1")]


def test_weak_and_missing_nodes_are_ranked_by_gap_adjacency_and_density():
    targets = rank_targets(RATED, DENSITIES)
    assert targets.select("node", "score", "rank").rows() == [
        ("M2", 0.55, 1),
        ("S1", 0.52, 2),
        ("U2", 0.46, 3),
        ("M1", 0.38, 4),
    ]


def test_each_target_carries_its_reasons_in_chinese():
    reasons = dict(rank_targets(RATED, DENSITIES).select("node", "reasons").rows())
    assert (
        reasons["M2"]
        == "缺失节点，本市尚无企业；上下游相邻强节点 2 个：D1、U1；本市登记数据中无此节点行业，关联密度按0计"
    )
    assert (
        reasons["M1"]
        == "薄弱节点，已有企业但规模不足；上下游相邻强节点 2 个：D1、U1；与本市优势行业的关联密度 0.1"
    )
    assert reasons["U2"] == "缺失节点，本市尚无企业；上下游相邻节点中无强节点；与本市优势行业的关联密度 0.2"


def test_the_weights_are_parameters_and_change_the_order():
    by_density = rank_targets(RATED, DENSITIES, weights=Weights(gap=0.0, adjacency=0.0, density=1.0))
    assert by_density["node"].to_list() == ["U2", "M1", "M2", "S1"]


def test_strong_and_present_nodes_are_not_targets():
    assert set(rank_targets(RATED, DENSITIES)["node"]) == {"U2", "M1", "M2", "S1"}


def test_the_whole_method_runs_on_the_small_registry():
    registry = (
        firms()
        .join(facts(), on="enterprise_id")
        .select(
            pl.when(pl.col("enterprise_id") < "F4")
            .then(pl.lit("R1"))
            .otherwise(pl.lit("R2"))
            .alias("region"),
            "industry_code",
            "revenue",
        )
    )
    rules = rule_table([{"rating": "strong", "measure": "revenue", "minimum": 1000}])
    run = chain_run(firms(), nodes(), facts(), registry, rules, decisions())
    assert run.attachments.height == attach(firms(), nodes(), decisions()).height
    assert run.nodes.filter(rating="strong")["node"].to_list() == ["动力电池"]
    # 整车 and 检测 are missing and neighbour the strong 动力电池 (0.4 + 0.3 × ¼); equal scores go by name
    assert run.targets.filter(chain=NEV).select("node", "score", "rank").rows() == [
        ("整车", 0.475, 1),
        ("检测", 0.475, 2),
    ]
