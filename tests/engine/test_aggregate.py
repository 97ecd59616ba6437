"""Enterprise-based indicators on four firms worked by hand.

firm  district  zone    industry  规上 since–until  2024 revenue  R&D     honours valid in 2024
1     370112    370171  3911 (C)  2019–             1,200,000     60,000  high_tech national 22–25
2     370112    —       3411 (C)  2020–             150,000       3,000   specialized provincial
3     370102    —       6511 (I)  —                 80,000        8,000   high_tech expired 2023
4     370102    —       3110 (C)  2021–2024         50,000        500     —
"""

import polars as pl
import pytest

from qiangshi.engine.aggregate import compute, contributors, firm_panel, formula_problems

FIRMS = pl.DataFrame({
    "enterprise_id": [1, 2, 3, 4], "city": ["370100"] * 4,
    "region": ["370112", "370112", "370102", "370102"], "zone": ["370171", None, None, None],
    "industry_code": ["3911", "3411", "6511", "3110"], "above_scale": [True, True, False, False],
    "above_scale_since": [2019, 2020, None, 2021], "above_scale_until": [None, None, None, 2024],
    "listed": [True, False, False, False],
})
FACTS = pl.DataFrame({
    "enterprise_id": [1, 2, 3, 4, 1], "year": [2024, 2024, 2024, 2024, 2023],
    "revenue": [1_200_000.0, 150_000.0, 80_000.0, 50_000.0, 1_000_000.0],
    "rd_expense": [60_000.0, 3_000.0, 8_000.0, 500.0, 40_000.0],
})
HONOURS = pl.DataFrame({
    "enterprise_id": [1, 2, 3], "kind": ["high_tech", "specialized", "high_tech"],
    "level": ["national", "provincial", "national"], "year_granted": [2022, 2023, 2020],
    "year_expiring": [2025, 2026, 2023],
})
INDUSTRIES = pl.DataFrame({
    "industry_code": ["3911", "3411", "6511", "3110"], "section": ["C", "C", "I", "C"],
    "hightech_mfg": ["04 计算机及办公设备制造业", None, None, None],
    "digital_core": ["01 数字产品制造业", None, "03 数字技术应用业", None],
    "equipment_mfg": [True, True, False, False], "pillar": ["大数据与新一代信息技术", "智能制造与高端装备",
                                                         "大数据与新一代信息技术", "精品钢与先进材料"],
    "advanced_mfg": [True, True, False, False],
})
PANEL = firm_panel(FIRMS, FACTS, HONOURS, INDUSTRIES)
ABOVE_SCALE_INDUSTRY = {"above_scale": True, "industrial": True}


def _value(result, code, region, year=2024):
    row = result.filter((pl.col("code") == code) & (pl.col("region") == region)
                        & (pl.col("year") == year))
    return None if row.is_empty() else row["value"][0]


def test_sum_of_above_scale_industrial_revenue_in_yi_yuan_by_place():
    formulas = {"REV": {"measure": "sum", "field": "revenue", "where": ABOVE_SCALE_INDUSTRY,
                        "scale": 0.0001}}
    result = compute(PANEL, formulas)
    # Firm 4 left 规上 in 2024 (until 2024) and firm 3 is not industrial:
    # city = (1,200,000 + 150,000) 万元 = 135 亿元; 历城 the same; 历下 none; 高新区 = 120 亿元.
    assert _value(result, "REV", "370100") == pytest.approx(135.0)
    assert _value(result, "REV", "370112") == pytest.approx(135.0)
    assert _value(result, "REV", "370102") is None
    assert _value(result, "REV", "370171") == pytest.approx(120.0)
    assert _value(result, "REV", "370100", 2023) == pytest.approx(100.0)


def test_counts_by_revenue_threshold_honour_and_listing():
    formulas = {
        "TEN-YI": {"measure": "count", "where": {"min": {"field": "revenue", "value": 100_000}}},
        "HIGH-TECH": {"measure": "count", "where": {"honour": ["high_tech"]}},
        "SPECIAL-NATIONAL": {"measure": "count",
                             "where": {"honour": ["specialized"], "honour_level": ["national"]}},
        "LISTED": {"measure": "count", "where": {"listed": True}},
    }
    result = compute(PANEL, formulas)
    assert _value(result, "TEN-YI", "370100") == 2          # firms 1 and 2
    assert _value(result, "HIGH-TECH", "370100") == 1       # firm 3's certificate expired in 2023
    assert _value(result, "SPECIAL-NATIONAL", "370100") is None  # firm 2's is provincial
    assert _value(result, "LISTED", "370112") == 1


def test_share_with_its_own_numerator_and_denominator_conditions():
    formulas = {
        "RD": {"measure": "share", "where": ABOVE_SCALE_INDUSTRY,
               "numerator": {"field": "rd_expense"}, "denominator": {"field": "revenue"}},
        "ADV": {"measure": "share", "where": ABOVE_SCALE_INDUSTRY,
                "numerator": {"field": "revenue", "where": {"group": "advanced_mfg"}},
                "denominator": {"field": "revenue"}},
        "HIGHTECH": {"measure": "share", "numerator": {"field": "revenue",
                                                        "where": {"group": "hightech_mfg"}},
                     "denominator": {"field": "revenue", "where": {"industrial": True}}},
    }
    result = compute(PANEL, formulas)
    # R&D: (60,000 + 3,000) / (1,200,000 + 150,000) = 4.667 %.
    assert _value(result, "RD", "370100") == pytest.approx(100 * 63_000 / 1_350_000)
    # Both 规上 industrial firms are 先进制造业: 100 %.
    assert _value(result, "ADV", "370100") == pytest.approx(100.0)
    # 高技术 1,200,000 of all industrial 1,400,000 (firm 4 counts: no 规上 condition) = 85.71 %.
    assert _value(result, "HIGHTECH", "370100") == pytest.approx(100 * 1_200_000 / 1_400_000)


def test_contributors_name_the_firms_behind_a_figure():
    formula = {"measure": "sum", "field": "revenue", "where": ABOVE_SCALE_INDUSTRY}
    firms = contributors(PANEL, formula, region="370100", year=2024)
    assert firms["enterprise_id"].to_list() == [1, 2]
    assert firms["value"].to_list() == [1_200_000.0, 150_000.0]


def test_malformed_formulas_are_explained():
    fields = {"revenue", "rd_expense"}
    assert formula_problems({"measure": "avg"}, fields=fields)[0].startswith("measure 应为")
    assert formula_problems({"measure": "sum", "field": "turnover"}, fields=fields) == [
        "field 的字段 'turnover' 不是企业年度数据字段"]
    assert formula_problems({"measure": "count", "where": {"colour": "red"}}, fields=fields) == [
        "未知的筛选条件：colour"]
    assert formula_problems({"measure": "sum", "field": "revenue"}, fields=fields) == []
