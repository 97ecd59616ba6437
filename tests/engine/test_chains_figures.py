"""Node and chain figures, dominance and location quotients on the hand-worked registry."""

from __future__ import annotations

import pytest

from qiangshi.engine.chains import (
    ChainInputInvalid,
    attach,
    benchmark_table,
    chain_figures,
    fact_table,
    node_figures,
    node_table,
)
from tests.engine.chain_tables import MACH, NEV, decisions, facts, firms, nodes

CITY = 2650.0


def figures(benchmark=None):
    table = node_figures(attach(firms(), nodes(), decisions()), firms(), facts(), nodes(), benchmark)
    return {(row["chain"], row["node"]): row for row in table.iter_rows(named=True)}


def test_a_node_sums_its_firms_and_counts_the_above_scale_ones():
    battery = figures()[(NEV, "动力电池")]
    assert (battery["firms"], battery["above_scale_firms"]) == (3, 2)
    assert (battery["revenue"], battery["profit"], battery["tax"], battery["rd"]) == (1000, 100, 50, 20)


def test_growth_counts_only_firms_that_report_both_years():
    # F2 has no prior year: (600 + 100) / (500 + 100) − 1
    assert figures()[(NEV, "动力电池")]["growth"] == pytest.approx(700 / 600 - 1)


def test_the_largest_firms_share_of_the_node_is_its_dominance():
    battery = figures()[(NEV, "动力电池")]
    assert (battery["top_firm"], battery["top_share"]) == ("F1", pytest.approx(0.6))


def test_a_node_without_firms_shows_with_zeros_and_no_growth():
    empty = figures()[(NEV, "检测")]
    assert (empty["firms"], empty["revenue"], empty["growth"], empty["top_share"]) == (0, 0.0, None, None)


def test_a_nodes_share_of_the_city_is_of_all_the_firms_revenue():
    assert figures()[(MACH, "液压件")]["city_share"] == pytest.approx(200 / CITY)


def test_a_chain_counts_a_firm_on_two_of_its_nodes_once_and_shows_its_share_of_the_city():
    attachments = attach(firms(), nodes(), decisions())
    nev = chain_figures(attachments, facts()).filter(chain=NEV).row(0, named=True)
    # F1 F2 F3 (动力电池), F4 (驱动电机), F6 (充电设施); F5 rejected, F7 outside
    assert (nev["firms"], nev["revenue"]) == (5, 1250)
    assert nev["city_share"] == pytest.approx(1250 / CITY)


def test_without_a_benchmark_no_location_quotient_is_given():
    assert {row["lq"] for row in figures().values()} == {None}


def test_location_quotient_counts_the_firms_of_the_nodes_codes_against_the_benchmark_share():
    # 3841: F1 600 + F3 100 (F2 is attached by keyword and is not of the code) → (700 / 2650) / 0.1
    lq = figures(benchmark_table([{"industry_code": "3841", "share": 0.1}]))
    assert lq[(NEV, "动力电池")]["lq"] == pytest.approx(700 / CITY / 0.1)
    assert lq[(NEV, "整车")]["lq"] is None


def test_a_node_whose_codes_the_benchmark_covers_only_in_part_gets_no_quotient():
    rows = [
        {**row, "codes": [*row["codes"], "3612"]} if row["node"] == "动力电池" else row
        for row in nodes().to_dicts()
    ]
    wide = node_table(rows)
    table = node_figures(
        attach(firms(), wide),
        firms(),
        facts(),
        wide,
        benchmark_table([{"industry_code": "3841", "share": 0.1}]),
    )
    assert table.filter(node="动力电池")["lq"].item() is None


def test_a_benchmark_share_outside_zero_to_one_is_refused():
    with pytest.raises(ChainInputInvalid) as refused:
        benchmark_table([{"industry_code": "3841", "share": 1.5}])
    assert refused.value.problems == ["基准表中行业 3841 的占比应大于0且不超过1"]


def test_a_revenue_that_is_not_a_number_is_refused_with_its_row():
    with pytest.raises(ChainInputInvalid) as refused:
        fact_table([{"enterprise_id": "F1", "revenue": 500}, {"enterprise_id": "F2", "revenue": "约五百万"}])
    assert refused.value.problems == ["第 2 行：营业收入的值“约五百万”无法识别"]
