"""Strength rules at and around each threshold, and the 链主-dependency flag.

Default rules: strong = 规上 ≥ 3 and revenue ≥ 100,000 万元; present = 规上 ≥ 1 and revenue ≥
10,000 万元; a node with firms that earns neither is weak; a node with none is missing.
"""

from __future__ import annotations

import polars as pl
import pytest

from qiangshi.engine.chains import ChainInputInvalid, rate_nodes, rule_table


def node(firms=5, above=3, revenue=100_000.0, top_share=0.2, growth=None, lq=None):
    return {
        "chain": "c",
        "node": "n",
        "firms": firms,
        "above_scale_firms": above,
        "revenue": revenue,
        "top_share": top_share,
        "growth": growth,
        "lq": lq,
    }


def rated(*rows, rules=None, **options):
    figures = pl.DataFrame(
        list(rows), schema_overrides={"growth": pl.Float64, "lq": pl.Float64, "top_share": pl.Float64}
    )
    return rate_nodes(figures, rule_table(rules), **options)


def rating(**figures):
    return rated(node(**figures))["rating"].item()


def test_a_node_exactly_at_both_strong_thresholds_is_strong():
    assert rating(above=3, revenue=100_000.0) == "strong"


def test_a_node_a_cent_below_the_strong_revenue_is_present():
    assert rating(above=3, revenue=99_999.99) == "present"


def test_a_node_one_firm_short_of_strong_is_present():
    assert rating(above=2, revenue=500_000.0) == "present"


def test_a_node_exactly_at_the_present_thresholds_is_present():
    assert rating(above=1, revenue=10_000.0) == "present"


def test_a_node_with_firms_below_the_present_thresholds_is_weak():
    assert rating(above=1, revenue=9_999.99) == "weak"
    assert rating(above=0, revenue=50_000.0) == "weak"


def test_a_node_with_no_firm_is_missing():
    assert rating(firms=0, above=0, revenue=0.0) == "missing"


def test_a_growth_exactly_on_its_threshold_in_decimal_arithmetic_passes():
    rules = [{"rating": "strong", "measure": "growth", "minimum": 0.15}]
    assert rated(node(growth=11_500 / 10_000 - 1), rules=rules)["rating"].item() == "strong"


def test_a_rule_on_a_missing_location_quotient_is_not_met():
    rules = [
        {"rating": "strong", "measure": "lq", "minimum": 1.0},
        {"rating": "present", "measure": "firms", "minimum": 1},
    ]
    assert rated(node(lq=None), node(lq=1.0), rules=rules)["rating"].to_list() == ["present", "strong"]


def test_the_reason_names_what_a_node_misses_for_the_next_rating():
    reason = rated(node(above=2, revenue=99_999.99))["reason"].item()
    assert reason == "有基础：未达“强”：规上企业数 2 未达 3，营业收入（万元） 99,999.99 未达 100,000"


def test_a_node_where_one_firm_holds_exactly_the_declared_share_is_not_flagged():
    assert rated(node(top_share=0.5))["dependent"].item() is False


def test_a_node_where_one_firm_holds_more_than_the_declared_share_is_flagged_with_its_share():
    row = rated(node(top_share=0.62), dominance_share=0.6).row(0, named=True)
    assert row["dependent"] is True
    assert row["reason"].endswith("；最大企业占节点营收 62.0%，超过 60%，存在链主依赖")


def test_rules_with_an_unknown_rating_or_measure_are_refused_in_chinese():
    with pytest.raises(ChainInputInvalid) as refused:
        rule_table(
            [
                {"rating": "best", "measure": "revenue", "minimum": 1},
                {"rating": "strong", "measure": "jobs", "minimum": 1},
            ]
        )
    assert refused.value.problems == [
        "强弱规则的等级 best 无法识别（应为 strong 或 present）",
        "强弱规则的指标 jobs 无法识别",
    ]


def test_a_growth_short_of_its_rule_is_named_in_per_cent():
    rules = [{"rating": "strong", "measure": "growth", "minimum": 0.15},
             {"rating": "present", "measure": "firms", "minimum": 1}]
    reason = rated(node(growth=0.12), rules=rules)["reason"].item()
    assert reason == "有基础：未达“强”：营收增速 12.0% 未达 15.0%"
