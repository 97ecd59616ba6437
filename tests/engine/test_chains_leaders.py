"""链主 proposals: within the first ``top`` firms of the chain by revenue, 规上, and holding at
least ``min_share`` of the chain's revenue (defaults 3 and 10 %), each firm counted once per
chain however many of its nodes it sits on.

Chain c: A 600 (规上, on two nodes), B 300 (规上), C 100 (规上), D 50 (not 规上) → total 1,050:
A 57.1 %, B 28.6 %, C 9.52 %, D 4.76 %.
"""

from __future__ import annotations

import polars as pl

from qiangshi.engine.chains import propose_leaders


def attachments(*rows):
    return pl.DataFrame(list(rows), schema=["enterprise_id", "chain", "node"], orient="row")


CHAIN = attachments(("A", "c", "n1"), ("A", "c", "n2"), ("B", "c", "n1"), ("C", "c", "n2"), ("D", "c", "n2"))
FACTS = pl.DataFrame({"enterprise_id": ["A", "B", "C", "D"], "revenue": [600.0, 300.0, 100.0, 50.0],
                      "above_scale": [True, True, True, False]})


def proposed(**options):
    return propose_leaders(CHAIN, FACTS, **options)


def test_the_leading_firms_holding_a_tenth_of_the_chain_are_proposed_each_once():
    frame = proposed()
    assert frame["enterprise_id"].to_list() == ["A", "B"]
    assert frame["rank"].to_list() == [1, 2]
    assert frame["reason"][0] == "链内营收第1位（600 万元），占全链 57.1%"


def test_a_share_exactly_at_the_minimum_is_proposed_and_just_below_is_not():
    assert "C" in proposed(min_share=100 / 1050)["enterprise_id"].to_list()
    assert "C" not in proposed(min_share=100 / 1050 + 1e-4)["enterprise_id"].to_list()


def test_only_the_first_top_firms_by_revenue_can_be_proposed():
    assert proposed(top=1, min_share=0.0)["enterprise_id"].to_list() == ["A"]
    assert proposed(top=3, min_share=0.0)["enterprise_id"].to_list() == ["A", "B", "C"]


def test_a_firm_below_scale_is_never_proposed_however_large():
    facts = FACTS.with_columns(pl.when(pl.col("enterprise_id") == "D").then(10_000.0)
                               .otherwise(pl.col("revenue")).alias("revenue"))
    assert propose_leaders(CHAIN, facts).is_empty()  # A, second to D, holds 600 / 11,000 = 5.5 %
    frame = propose_leaders(CHAIN, facts, min_share=0.05)
    assert frame["enterprise_id"].to_list() == ["A"] and frame["rank"].to_list() == [2]


def test_a_firm_without_revenue_is_left_out_rather_than_ranked():
    facts = FACTS.with_columns(pl.when(pl.col("enterprise_id") == "A").then(None)
                               .otherwise(pl.col("revenue")).alias("revenue"))
    assert propose_leaders(CHAIN, facts)["enterprise_id"].to_list() == ["B", "C"]
