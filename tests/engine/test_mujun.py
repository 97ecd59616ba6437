"""亩产效益 evaluation engine and method schema: hand-worked cases from the published formulas.

Plain pytest, no database.  The expected numbers are worked by hand from the method text
(/work/shared/reference/mujun-evaluation.md, docs/mujun-method.md): 台州黄岩 2022's
published benchmarks, the 20/40/35/5 split, 鲁发改价格〔2022〕56号's 0.05/0.10/0.15 元/kWh.
"""

from __future__ import annotations

import copy
import json
import random

import polars as pl
import pytest
import yaml

from qiangshi.engine.mujun.document import method_to_dict
from qiangshi.engine.mujun.evaluate import MUJUN_VERSION, evaluate
from qiangshi.engine.mujun.inputs import FactsInvalid
from qiangshi.engine.mujun.reader import method_problems, parse_method
from qiangshi.engine.mujun.schema import MethodInvalid
from qiangshi.reference.documents import method_names, packaged_method

YEAR = 2024
DEFAULTS = {
    "name": "企业", "region": "370102", "industry_code": "3911", "above_scale": True, "founded_year": 2010,
    "land_mu": 10.0, "tax": 100.0, "revenue": 1000.0, "main_revenue": 1000.0, "value_added": 300.0,
    "profit": 50.0, "energy_tce": 100.0, "emissions_t": 1.0, "electricity_kwh": 1_000_000.0,
    "employees": 50.0, "rd_expense": 20.0, "new_product_sales": 0.0,
}


def firms(*rows: dict, **common) -> pl.DataFrame:
    """A facts table: each row is DEFAULTS updated with `common` and the row itself."""
    records = []
    for n, row in enumerate(rows):
        record = {"uscc": f"9137010000000{n:05d}", **DEFAULTS, **common, **row}
        records.append(record)
    return pl.DataFrame(records, schema_overrides={"founded_year": pl.Int64})


def method_dict_of(name: str) -> dict:
    return method_to_dict(packaged_method(name))


def custom(name: str = "shandong-default", **changes) -> object:
    """A packaged method with top-level sections patched (deep-merged one level)."""
    doc = method_dict_of(name)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    return parse_method(doc)


def one_group(indicators: list[dict], *, classification: dict | None = None, scoring: dict | None = None,
              **top) -> object:
    """A small 规上-only method with the given indicators (ranked city-wide by default)."""
    doc = method_dict_of("shandong-default")
    doc["groups"] = [{"name": "规上", "indicators": indicators}]
    doc["scoring"].update({"benchmark_within": "group"} | (scoring or {}))
    doc["classification"].update({"rank_within": "group", "tie_break": [{"key": "uscc", "order": "asc"}]}
                                 | (classification or {}))
    doc["prices"] = {"electricity": None, "local": []}
    doc["scope"]["no_revenue_t"] = False
    doc.update(top)
    return parse_method(doc)


def ladder(n: int, **common) -> pl.DataFrame:
    """n firms whose 单位用地税收 is 1, 2, …, n (10 亩 each)."""
    return firms(*({"tax": 10.0 * k, "land_mu": 10.0} for k in range(1, n + 1)), **common)


def rules_of(result: pl.DataFrame, index: int) -> list[str]:
    return result["rules"][index].to_list()


# ---------------------------------------------------------------- methods


def test_three_methods_are_packaged_with_their_sources_and_status():
    assert method_names() == ["huaian-2024", "huangyan-2022", "shandong-default"]
    for name in method_names():
        method = packaged_method(name)
        assert method.name == name
        assert method.version and method.year and method.source and method.status
        assert method.title
    assert "平台默认" in packaged_method("shandong-default").status
    assert "⚠" in packaged_method("shandong-default").status
    assert "鲁发改价格〔2022〕56号" in packaged_method("shandong-default").electricity.source
    assert packaged_method("huangyan-2022").year == 2022
    assert "⚠" in packaged_method("huaian-2024").status


@pytest.mark.parametrize("name", ["shandong-default", "huangyan-2022", "huaian-2024"])
def test_method_dict_round_trips_through_json_and_yaml(name):
    method = packaged_method(name)
    doc = method_to_dict(method)
    assert parse_method(json.loads(json.dumps(doc, ensure_ascii=False))) == method
    assert parse_method(yaml.safe_dump(doc, allow_unicode=True)) == method


def test_unknown_packaged_name_is_a_chinese_error():
    with pytest.raises(MethodInvalid) as info:
        packaged_method("nowhere-2030")
    assert "没有名为" in str(info.value)
    assert "shandong-default" in info.value.problems[0]


def test_method_problems_name_the_field_in_chinese():
    doc = method_dict_of("shandong-default")
    doc["version"] = 1.5
    doc["groups"][0]["indicators"][0]["weight"] = -3
    doc["groups"][0]["indicators"][1]["formula"] = "revenue / energy_kwh"
    doc["classification"]["shares"] = {"A": 20, "B": 40, "C": 35, "D": 10}
    doc["classification"]["tie_break"] = [{"key": "tax_per_mu", "order": "desc"}]
    doc["scoring"]["round_total"] = "two"
    doc["colour"] = "red"
    problems = method_problems(doc)
    text = "\n".join(problems)
    assert "version" in text
    assert "groups.规上.indicators[1](tax_per_mu).weight：应大于 0" in text
    assert "energy_kwh" in text and "不存在" in text
    assert "比例之和应为 100" in text
    assert "uscc" in text and "tie_break" in text
    assert "scoring.round_total" in text
    assert "未知字段 'colour'" in text
    with pytest.raises(MethodInvalid) as info:
        parse_method(doc)
    assert info.value.problems == problems


def test_method_problems_on_yaml_text_and_wrong_types():
    assert method_problems("name: [unclosed")[0].startswith("YAML 格式错误")
    assert method_problems("- just\n- a list") == ["评价方法应为 YAML 映射（字典），实为 list"]
    doc = method_dict_of("huangyan-2022")
    doc["groups"][0]["indicators"][0]["benchmark"] = {"mode": "fixed"}
    doc["groups"][0]["indicators"][1]["formula"] = "__import__('os')"
    doc["groups"][1]["name"] = "规模以下"
    text = "\n".join(method_problems(doc))
    assert "benchmark.value：缺少此项" in text
    assert "不支持的写法" in text
    assert "应为 规上 或 规下" in text


def test_method_problems_accepts_every_packaged_method():
    for name in method_names():
        assert method_problems(method_dict_of(name)) == []


# ---------------------------------------------------------------- benchmarks and scores


def test_a_firm_at_every_benchmark_scores_the_sum_of_the_weights():
    # shandong-default: benchmark = group mean; identical firms sit exactly at every mean
    method = packaged_method("shandong-default")
    result = evaluate(firms(*[{}] * 10, above_scale=True), method)
    assert result["total"].to_list() == [100.0] * 10
    assert result["score_tax_per_mu"].to_list() == [40.0] * 10
    assert result["benchmark_tax_per_mu"].to_list() == [10.0] * 10  # 100 万元 / 10 亩
    below = evaluate(firms(*[{}] * 4, above_scale=False), method)
    assert below["total"].to_list() == [100.0] * 4  # 规下: 单位用地税收 100


def test_huangyan_firm_exactly_at_the_published_benchmarks_scores_100():
    method = packaged_method("huangyan-2022")
    # 亩均税收 24.097, 亩均增加值 136.16, 单位能耗增加值 2.694, 单位排放增加值 4929.81,
    # 全员劳动生产率 18.14, R&D/主营业务收入 0.0302 — all on 1 亩 so each value is the numerator
    firm = {"land_mu": 1.0, "tax": 24.097, "value_added": 136.16, "energy_tce": 136.16 / 2.694,
            "emissions_t": 136.16 / 4929.81, "employees": 136.16 / 18.14, "rd_expense": 30.2,
            "main_revenue": 1000.0}
    result = evaluate(firms(firm), method)
    assert result["total"][0] == pytest.approx(100.0)
    assert result["benchmark_va_per_mu"][0] == 136.16


def test_huangyan_2022_formula_on_a_worked_firm():
    """规上: 20 亩, 税 600, 增加值 3000, 能耗 1000 tce, 排放 0.5 t, 150 人, R&D 90 / 主营 3000.

    亩均税收 30 ÷ 24.097 × 30 = 37.349 → 37.35
    亩均增加值 150 ÷ 136.16 × 20 = 22.033 → 22.03
    单位能耗增加值 3 ÷ 2.694 × 20 = 22.272 → 22.27
    单位排放增加值 6000 ÷ 4929.81 × 10 = 12.171 → 12.17
    全员劳动生产率 20 ÷ 18.14 × 10 = 11.025 → 11.03
    R&D占比 0.03 ÷ 0.0302 × 10 = 9.934 → 9.93                       total 114.78

    规下: 5 亩, 税 60, 用电 2,000,000 kWh (200 万kWh)
    亩均税收 12 ÷ 11.5932 × 50 = 51.754 → 51.75; 单位用电税收 0.3 ÷ 0.2352 × 50 = 63.776 → 63.78; total 115.53
    """
    method = packaged_method("huangyan-2022")
    above = {"land_mu": 20.0, "tax": 600.0, "value_added": 3000.0, "energy_tce": 1000.0, "emissions_t": 0.5,
             "employees": 150.0, "rd_expense": 90.0, "main_revenue": 3000.0}
    below = {"above_scale": False, "land_mu": 5.0, "tax": 60.0, "electricity_kwh": 2_000_000.0}
    result = evaluate(firms(above, below, founded_year=2015), method)
    a, b = result.row(0, named=True), result.row(1, named=True)
    assert [a[f"score_{k}"] for k in ("tax_per_mu", "va_per_mu", "va_per_energy", "va_per_emission",
                                      "labour_productivity", "rd_intensity")] == [
        37.35, 22.03, 22.27, 12.17, 11.03, 9.93]
    assert a["total"] == 114.78
    assert a["value_tax_per_mu"] == 30.0
    assert a["score_tax_per_kwh"] is None  # not a 规上 indicator
    assert (b["score_tax_per_mu"], b["score_tax_per_kwh"], b["total"]) == (51.75, 63.78, 115.53)
    assert b["value_tax_per_kwh"] == pytest.approx(0.3)
    assert b["group"] == "规下" and a["group"] == "规上"


def test_huangyan_missing_emission_scores_the_group_average_emission_score():
    method = packaged_method("huangyan-2022")
    base = {"land_mu": 10.0, "value_added": 1000.0}
    facts = firms({**base, "emissions_t": 0.1}, {**base, "emissions_t": 0.4}, {**base, "emissions_t": None})
    result = evaluate(facts, method)
    scores = result["score_va_per_emission"].to_list()
    # 10000 ÷ 4929.81 × 10 = 20.285 → 20.28 and 2500 ÷ 4929.81 × 10 = 5.071 → 5.07; mean 12.675 → 12.68
    assert scores[:2] == [20.28, 5.07]
    assert scores[2] == 12.68
    assert "单位排放增加值数据缺失，按组平均分计" in rules_of(result, 2)


def test_huaian_benchmark_is_twice_the_mean_so_an_average_firm_scores_half():
    method = packaged_method("huaian-2024")
    result = evaluate(firms(*[{}] * 6, region="320803"), method)
    assert result["total"].to_list() == [50.0] * 6
    assert result["benchmark_tax_per_mu"][0] == 20.0  # 2 × 10 万元/亩


def test_huaian_energy_falls_back_to_electricity_in_tce_and_bonus_items_add():
    method = packaged_method("huaian-2024")
    facts = firms({"energy_tce": None, "electricity_kwh": 1_000_000.0, "adj_safety": 2.0},
                  {"energy_tce": 122.9, "adj_deduction": 1.5}, region="320803")
    result = evaluate(facts, method)
    # 1,000,000 kWh × 0.0001229 tce/kWh = 122.9 tce: both firms have the same 单位能(电)耗税收
    assert result["value_tax_per_energy"][0] == pytest.approx(result["value_tax_per_energy"][1])
    assert result["total"].to_list() == [52.0, 48.5]
    assert result["adj_safety"].to_list() == [2.0, 0.0]
    assert "安全生产加2.0分" in rules_of(result, 0)
    assert "县（区）扣分项减1.5分" in rules_of(result, 1)


def test_scores_round_half_up_to_two_decimals_before_the_total():
    method = one_group([{"key": "x", "name": "甲", "formula": "tax / land_mu", "weight": 1,
                         "benchmark": {"mode": "fixed", "value": 8.0}}])
    # 1.005 / 8 … use values whose score is exactly x.xx5: 0.125 → 0.13 (四舍五入), not 0.12
    result = evaluate(firms({"tax": 10.0, "land_mu": 10.0}), method)
    assert result["score_x"][0] == 0.13


def test_cap_and_floor_bound_the_ratio():
    method = one_group([{"key": "x", "name": "甲", "formula": "tax / land_mu", "weight": 10, "cap": 1.5,
                         "floor": 0, "benchmark": {"mode": "fixed", "value": 10.0}}])
    result = evaluate(firms({"tax": 1000.0}, {"tax": -50.0}, {"tax": 120.0}), method)
    assert result["score_x"].to_list() == [15.0, 0.0, 12.0]


def test_negative_indicator_scores_two_minus_ratio():
    method = one_group([{"key": "e", "name": "单位收入能耗", "formula": "energy_tce / revenue", "weight": 10,
                         "direction": "negative", "benchmark": {"mode": "fixed", "value": 0.1}}])
    result = evaluate(firms({"energy_tce": 100.0}, {"energy_tce": 50.0}, {"energy_tce": 300.0}), method)
    assert result["score_e"].to_list() == [10.0, 15.0, 0.0]


def test_min_max_edges():
    spec = {"key": "x", "name": "甲", "formula": "tax / land_mu", "weight": 50, "scoring": "minmax"}
    method = one_group([spec])
    result = evaluate(firms({"tax": 10.0}, {"tax": 60.0}, {"tax": 110.0}), method)
    # w × (20 + 80 × (x − min)/(max − min)) / 100: min → 10, middle → 30, max → 50
    assert result["score_x"].to_list() == [10.0, 30.0, 50.0]
    assert result["benchmark_x"].to_list() == [11.0, 11.0, 11.0]  # the max: the value scoring full weight
    same = evaluate(firms({"tax": 10.0}, {"tax": 10.0}), method)
    assert same["score_x"].to_list() == [50.0, 50.0]  # max = min: every firm is the best
    alone = evaluate(firms({"tax": 10.0}), method)
    assert alone["score_x"].to_list() == [50.0]
    negative = one_group([{**spec, "direction": "negative"}])
    flipped = evaluate(firms({"tax": 10.0}, {"tax": 60.0}, {"tax": 110.0}), negative)
    assert flipped["score_x"].to_list() == [50.0, 30.0, 10.0]
    missing = evaluate(firms({"tax": 10.0}, {"tax": None}, {"tax": 110.0}), method)
    assert missing["score_x"].to_list() == [10.0, 0.0, 50.0]


def test_missing_data_rules_zero_penalty_and_group_mean():
    method = one_group([
        {"key": "a", "name": "甲指标", "formula": "tax / land_mu", "weight": 50},
        {"key": "b", "name": "乙指标", "formula": "rd_expense / revenue", "weight": 30,
         "missing": {"rule": "penalty", "penalty": 3}},
        {"key": "c", "name": "丙指标", "formula": "revenue / emissions_t", "weight": 20,
         "missing": {"rule": "group_mean_score"}},
    ])
    result = evaluate(firms({}, {"land_mu": None, "rd_expense": None, "emissions_t": 0.0},
                            {"emissions_t": 2.0}), method)
    missing = result.row(1, named=True)
    assert missing["value_a"] is None and missing["score_a"] == 0.0
    assert missing["score_b"] == -3.0
    # c: firm 0 has 1000, firm 2 has 500; mean 750 → 26.67 and 13.33; firm 1 gets their mean 20.0
    assert result["score_c"].to_list() == [26.67, 20.0, 13.33]
    assert missing["rules"] == [
        "甲指标数据缺失，计0分", "乙指标数据缺失，扣3分", "丙指标数据缺失，按组平均分计",
    ]
    assert missing["total"] == 17.0


def test_industry_mean_benchmark_falls_back_to_the_group_mean_for_small_industries():
    method = one_group([{"key": "x", "name": "甲", "formula": "tax / land_mu", "weight": 10,
                         "benchmark": {"mode": "industry_mean", "min_firms": 2}}])
    result = evaluate(firms({"industry_code": "3911", "tax": 100.0}, {"industry_code": "3912", "tax": 300.0},
                            {"industry_code": "2614", "tax": 500.0}), method)
    # 大类 39 has two firms (mean 20); 26 has one, so it is scored against the group mean 30
    assert result["benchmark_x"].to_list() == [20.0, 20.0, 30.0]


def test_aggregate_benchmark_is_sum_over_sum():
    method = one_group([{"key": "x", "name": "甲", "formula": "tax / land_mu", "weight": 10,
                         "benchmark": {"mode": "aggregate"}}])
    result = evaluate(firms({"tax": 100.0, "land_mu": 10.0}, {"tax": 300.0, "land_mu": 30.0},
                            {"tax": 200.0, "land_mu": None}), method)
    assert result["benchmark_x"].to_list()[:2] == [10.0, 10.0]  # (100 + 300) / (10 + 30)


# ---------------------------------------------------------------- scope


def test_scope_rules_put_firms_in_t_with_the_rule():
    method = packaged_method("shandong-default")
    facts = firms(
        {},                                               # 0 规上, evaluated
        {"above_scale": False, "land_mu": 2.5},           # 1 规下 < 3 亩
        {"above_scale": False, "land_mu": 3.0},           # 2 规下 exactly 3 亩: evaluated
        {"industry_code": "4411"},                        # 3 电力
        {"industry_code": "5121"},                        # 4 not industry
        {"founded_year": 2023},                           # 5 founded one year before
        {"revenue": 0.0},                                 # 6 no production
        {"above_scale": None},                            # 7 scale unknown
        {"above_scale": False, "land_mu": None},          # 8 规下 without land
        {"under_construction": True},                     # 9 flag column
    )
    result = evaluate(facts, method)
    assert result["evaluated"].to_list() == [True, False, True] + [False] * 7
    assert result["class"].to_list()[1:2] == ["T"] and result["group"][1] is None
    assert rules_of(result, 1) == ["规下企业用地不足3亩，不参评（T）"]
    assert rules_of(result, 3) == ["电力、热力、燃气及水生产和供应业，不参评（T）"]
    assert "非工业行业" in rules_of(result, 4)[0]
    assert rules_of(result, 5) == ["成立不满2年，暂不评价（T）"]
    assert rules_of(result, 6) == ["营业收入为0（未投产或在建），暂不评价（T）"]
    assert rules_of(result, 7) == ["规模属性（规上/规下）缺失，暂不评价（T）"]
    assert rules_of(result, 8) == ["规下企业用地不足3亩，不参评（T）"]
    assert rules_of(result, 9) == ["新供地项目在建期，暂不评价（T）"]
    assert result.filter(~pl.col("evaluated"))["total"].null_count() == 8
    assert result.filter(~pl.col("evaluated"))["rank"].null_count() == 8


def test_t_firms_do_not_move_the_benchmark():
    method = packaged_method("shandong-default")
    result = evaluate(firms({"tax": 100.0}, {"tax": 300.0}, {"tax": 9000.0, "founded_year": 2024}), method)
    assert result["benchmark_tax_per_mu"].to_list() == [20.0, 20.0, None]


def test_groups_are_benchmarked_and_ranked_separately_and_per_region():
    method = packaged_method("shandong-default")
    facts = firms({"tax": 100.0}, {"tax": 300.0}, {"tax": 100.0, "region": "370103"},
                  {"tax": 50.0, "above_scale": False}, {"tax": 150.0, "above_scale": False})
    result = evaluate(facts, method)
    assert result["benchmark_tax_per_mu"].to_list() == [20.0, 20.0, 10.0, 10.0, 10.0]
    assert result["rank_of"].to_list() == [2, 2, 1, 2, 2]
    assert result["rank"].to_list() == [2, 1, 1, 2, 1]


# ---------------------------------------------------------------- classes


def hundred(method, **common) -> pl.DataFrame:
    # 100 firms with distinct 单位用地税收 1…100: total = value / mean × 100, ranked by it
    facts = firms(*({"tax": 10.0 * n, "land_mu": 10.0} for n in range(1, 101)), **common)
    return evaluate(facts, method)


def test_twenty_forty_thirty_five_five_on_a_hundred_ranked_firms():
    result = hundred(packaged_method("shandong-default"), above_scale=False)
    counts = dict(result.group_by("class").len().iter_rows())
    assert counts == {"A": 20, "B": 40, "C": 35, "D": 5}
    by_rank = dict(zip(result["rank"].to_list(), result["class"].to_list(), strict=True))
    assert [by_rank[r] for r in (1, 20, 21, 60, 61, 95, 96, 100)] == ["A", "A", "B", "B", "C", "C", "D", "D"]
    assert result["rank_of"].unique().to_list() == [100]
    top = result.filter(pl.col("rank") == 1).row(0, named=True)
    assert (top["value_tax_per_mu"], top["class_name"], top["policy"]) == (100.0, "优先发展类", "优先保障")


@pytest.mark.parametrize(("rounding", "expected"), [
    ("round", {"A": 2, "B": 5, "C": 3, "D": 1}),   # 11 firms: 2.2→2, 6.6→7, 10.45→10
    ("floor", {"A": 2, "B": 4, "C": 4, "D": 1}),   # 2, 6, 10
    ("ceil", {"A": 3, "B": 4, "C": 4}),            # 3, 7, 11
])
def test_class_counts_follow_the_method_rounding(rounding, expected):
    method = custom(classification={"count_rounding": rounding})
    facts = ladder(11, above_scale=False)
    counts = dict(evaluate(facts, method).group_by("class").len().iter_rows())
    assert counts == expected


def test_ties_share_the_better_class_and_the_rank_follows_the_tie_break_then_uscc():
    method = packaged_method("shandong-default")
    # 规上 firms: ranks 4 and 5 of 10 … make the 2nd and 3rd equal on total (both tax 90) so they
    # straddle the A cut-off (round(10 × 20 %) = 2)
    rows = [{"tax": t, "land_mu": 10.0} for t in (100.0, 90.0, 90.0, 80, 70, 60, 50, 40, 30, 20)]
    result = evaluate(firms(*rows, above_scale=False), method)
    assert result["class"].to_list()[:4] == ["A", "A", "A", "B"]
    assert result["rank"].to_list()[:3] == [1, 2, 3]  # equal on total and on 单位用地税收: uscc decides
    assert rules_of(result, 2) == ["与同分企业并列，按较优类别计（A类）"]
    by_rank = custom(classification={"ties": "by_rank"})
    strict = evaluate(firms(*rows, above_scale=False), by_rank)
    assert strict["class"].to_list()[:3] == ["A", "A", "B"]


def test_tie_break_key_decides_between_equal_totals():
    method = one_group(
        [{"key": "a", "name": "甲", "formula": "tax / land_mu", "weight": 50,
          "benchmark": {"mode": "fixed", "value": 10.0}},
         {"key": "b", "name": "乙", "formula": "revenue / employees", "weight": 50,
          "benchmark": {"mode": "fixed", "value": 20.0}}],
        classification={"tie_break": [{"key": "a", "order": "desc"}, {"key": "uscc", "order": "asc"}],
                        "ties": "by_rank"},
    )
    # both total 100: firm 0 a=5 (25) b=40 (100) → 125? keep equal totals: (a, b) = (10, 20) and (15, 10)
    result = evaluate(firms({"tax": 100.0, "revenue": 1000.0}, {"tax": 150.0, "revenue": 500.0}), method)
    assert result["total"].to_list() == [100.0, 100.0]
    assert result["rank"].to_list() == [2, 1]  # higher 甲 first


def test_results_do_not_depend_on_input_order():
    method = packaged_method("shandong-default")
    rows = [{"tax": float(t % 7), "land_mu": 1.0, "region": ("370102", "370103")[t % 2],
             "above_scale": t % 3 == 0, "emissions_t": None if t % 5 == 0 else 1.0} for t in range(60)]
    facts = firms(*rows)
    shuffled = facts.sample(fraction=1.0, shuffle=True, seed=7)
    a = evaluate(facts, method).sort("uscc")
    b = evaluate(shuffled, method).sort("uscc")
    assert a.equals(b)
    assert evaluate(shuffled, method)["uscc"].to_list() == shuffled["uscc"].to_list()  # input order kept


def test_threshold_classification():
    method = one_group([{"key": "a", "name": "甲", "formula": "tax / land_mu", "weight": 100,
                         "benchmark": {"mode": "fixed", "value": 10.0}}],
                       classification={"by": "threshold", "shares": None,
                                       "thresholds": {"A": 90, "B": 70, "C": 50}})
    result = evaluate(firms(*({"tax": t} for t in (95.0, 90.0, 70.0, 69.99, 10.0))), method)
    assert result["class"].to_list() == ["A", "A", "B", "C", "D"]
    assert result["lift"][2] == "升至A类需总分不低于90.0分；甲提升空间最大（基准10.0，权重100）"
    assert result["lift_gap"][2] == 20.0


def test_threshold_class_line_is_met_by_an_unrounded_total_exactly_on_it():
    # A method that keeps totals unrounded: 17.9 + 12.2 + 19.9 = 50 exactly, but floating point
    # sums it to 49.99999999999999. The C line (50) is met: class C, not D.
    def indicator(key, formula):
        return {"key": key, "name": key, "formula": formula, "weight": 1,
                "benchmark": {"mode": "fixed", "value": 1.0}}

    method = one_group([indicator("a", "tax"), indicator("b", "profit"), indicator("c", "rd_expense")],
                       classification={"by": "threshold", "shares": None,
                                       "thresholds": {"A": 90, "B": 70, "C": 50}},
                       scoring={"round_scores": None, "round_total": None})
    on_line = evaluate(firms({"tax": 17.9, "profit": 12.2, "rd_expense": 19.9}), method)
    below = evaluate(firms({"tax": 17.9, "profit": 12.2, "rd_expense": 19.89}), method)
    assert (on_line["class"][0], below["class"][0]) == ("C", "D")


# ---------------------------------------------------------------- overrides


def test_veto_forces_d_with_its_reason_text_and_leaves_the_shares_to_the_others():
    method = packaged_method("shandong-default")
    facts = ladder(11, above_scale=False)
    overrides = pl.DataFrame({"uscc": [facts["uscc"][10]], "kind": ["veto_d"], "reason_code": ["SAFETY"]})
    result = evaluate(facts, method, overrides=overrides)
    vetoed = result.row(10, named=True)
    assert vetoed["class"] == "D" and vetoed["rank"] is None and vetoed["evaluated"]
    assert "发生较大及以上生产安全事故，定为D类" in vetoed["rules"]
    assert vetoed["surcharge_kwh"] == 0.05
    assert vetoed["lift"] == "因否决事项定为D类，须先消除否决事项"
    # the other ten are ranked among themselves: 2 A, 4 B, 4 C and no D (10 × 95 % = 9.5 → 10)
    others = result.filter(pl.col("rank").is_not_null())
    assert others["rank_of"].unique().to_list() == [10]
    assert dict(others.group_by("class").len().iter_rows()) == {"A": 2, "B": 4, "C": 4}


def test_vetoed_firms_can_keep_their_place_in_the_ranking():
    method = custom(overrides={"vetoed_in_ranking": True})
    facts = ladder(10, above_scale=False)
    overrides = pl.DataFrame({"uscc": [facts["uscc"][9]], "kind": ["veto_d"], "reason_code": ["ENVIRONMENT"],
                              "reason": ["2024年发生重大环境污染事件"]})
    result = evaluate(facts, method, overrides=overrides)
    top = result.row(9, named=True)
    assert (top["rank"], top["rank_of"], top["class"]) == (1, 10, "D")
    assert "2024年发生重大环境污染事件，定为D类" in top["rules"]
    assert result.filter(pl.col("class") == "A").height == 1  # the A slot it held is not given away


def test_exemption_forces_t_and_a_forced_class_applies_unless_vetoed():
    method = packaged_method("shandong-default")
    facts = ladder(20, above_scale=False)
    overrides = pl.DataFrame({
        "uscc": [facts["uscc"][19], facts["uscc"][0], facts["uscc"][5], facts["uscc"][5]],
        "kind": ["exempt_t", "force_class", "force_class", "veto_d"],
        "class": [None, "A", "B", None],
        "reason_code": ["RELOCATION", "REVIEW", "REVIEW", "CREDIT"],
        "reason": ["政策性搬迁", "复核调整", None, None],
    })
    result = evaluate(facts, method, overrides=overrides)
    assert result.row(19, named=True)["class"] == "T"
    assert result.row(19, named=True)["rules"] == ["政策性搬迁，暂不评价（T）"]
    assert result.row(19, named=True)["benchmark_tax_per_mu"] is None
    assert result["rank_of"].drop_nulls().unique().to_list() == [18]  # 20 − exempt − vetoed
    forced = result.row(0, named=True)
    assert forced["class"] == "A" and "复核调整，调整为A类" in forced["rules"]
    assert forced["class_by_score"] == "D"  # the lowest of 18 ranked: 18 × 95 % rounds to 17
    assert forced["lift"] == "经人工调整为A类，升级以复核结论为准"
    both = result.row(5, named=True)
    assert both["class"] == "D"  # the veto wins over the forced class
    assert both["rules"] == [
        "列入严重失信主体名单，定为D类",
        "首年列入D类，用电加价0.05元/千瓦时（鲁发改价格〔2022〕56号）",
    ]


def test_an_override_text_never_shows_its_reason_code():
    method = packaged_method("shandong-default")
    facts = ladder(4, above_scale=False)
    overrides = pl.DataFrame({"uscc": facts["uscc"][:3].to_list(),
                              "kind": ["force_class", "force_class", "exempt_t"],
                              "class": ["B", "C", None], "reason_code": ["REVIEW", "LOCAL-7", "NEW"],
                              "reason": [None, None, None]})
    rules = evaluate(facts, method, overrides=overrides)["rules"].to_list()
    assert rules[0] == ["经异议复核调整类别，调整为B类"]  # a known code: its text
    assert rules[1] == ["人工调整，调整为C类"]  # an unknown code: the default text, not the code
    assert rules[2] == ["列入豁免名单，暂不评价（T）"]


def test_override_kinds_are_checked():
    method = packaged_method("shandong-default")
    facts = firms({})
    with pytest.raises(FactsInvalid) as info:
        evaluate(facts, method, overrides=pl.DataFrame({"uscc": [facts["uscc"][0]], "kind": ["promote"]}))
    assert "kind 只能为" in str(info.value)
    with pytest.raises(FactsInvalid):
        evaluate(facts, method, overrides=pl.DataFrame({"uscc": [facts["uscc"][0]], "kind": ["force_class"],
                                                        "class": ["T"]}))
    closed = custom(overrides={"veto_d": False})
    with pytest.raises(FactsInvalid) as info:
        evaluate(facts, closed, overrides=pl.DataFrame({"uscc": [facts["uscc"][0]], "kind": ["veto_d"]}))
    assert "未启用 veto_d" in str(info.value)


# ---------------------------------------------------------------- prices


def test_electricity_surcharge_over_consecutive_years_in_d():
    method = packaged_method("shandong-default")
    facts = ladder(20, above_scale=False)
    d_firm = facts["uscc"][0]  # the lowest: D this year (round(20 × 95 %) = 19)
    cases = {
        (): (1, 0.05),
        (2023,): (2, 0.10),
        (2023, 2022): (3, 0.15),
        (2023, 2022, 2021, 2020): (5, 0.15),
        (2022, 2021): (1, 0.05),  # 2023 was not D: the run starts again
    }
    for years, (d_years, surcharge) in cases.items():
        history = pl.DataFrame(
            {"uscc": [d_firm] * len(years), "year": list(years), "class": ["D"] * len(years)},
            schema={"uscc": pl.String, "year": pl.Int64, "class": pl.String},
        )
        result = evaluate(facts, method, history=history).row(0, named=True)
        got = (result["class"], result["d_years"], result["surcharge_kwh"])
        assert got == ("D", d_years, surcharge), years
    history = pl.DataFrame({"uscc": [d_firm, d_firm], "year": [2023, 2022], "class": ["D", "D"]})
    result = evaluate(facts, method, history=history)
    assert rules_of(result, 0) == ["连续3年及以上列入D类，用电加价0.15元/千瓦时（鲁发改价格〔2022〕56号）"]
    assert result["d_years"][1:].to_list() == [0] * 19
    assert result["surcharge_kwh"][1:].to_list() == [0.0] * 19
    second = evaluate(facts, method, history=history.head(1))
    assert rules_of(second, 0) == ["连续2年列入D类，用电加价0.1元/千瓦时（鲁发改价格〔2022〕56号）"]


def test_only_the_highest_of_overlapping_surcharges_applies():
    method = packaged_method("shandong-default")
    # 差别电价 etc. already charged: 0.3 on the D firm, 0.2 on a B/C firm, 0.02 on another
    other = pl.Series([0.3, 0.2, 0.02] + [None] * 17)
    facts = ladder(20, above_scale=False).with_columns(other_surcharge_kwh=other)
    result = evaluate(facts, method)
    assert result["class"][0] == "D"
    assert result["surcharge_kwh"][0] == 0.3  # 差别电价 0.3 > 0.05: not 0.35
    assert rules_of(result, 0)[-1] == (
        "另执行差别电价、惩罚性电价或阶梯电价等加价0.3元/千瓦时，按最高标准0.3元/千瓦时执行，不重复加价"
    )
    assert result["surcharge_kwh"][1] == 0.2  # a B/C firm under 差别电价 keeps it (not a 亩均 surcharge)
    assert result["surcharge_kwh"][2] == 0.02


def test_local_gas_table_applies_only_in_its_regions():
    method = packaged_method("shandong-default")
    facts = ladder(20, above_scale=False, region="370202")
    result = evaluate(facts, method)
    assert result["surcharge_gas"][0] == 1.0
    assert "首年列入D类" not in " ".join(rules_of(result, 1))
    jinan = evaluate(facts.with_columns(region=pl.lit("370102")), method)
    assert jinan["surcharge_gas"].to_list() == [0.0] * 20
    assert jinan["surcharge_kwh"][0] == 0.05


def test_methods_without_price_tables_have_no_surcharge():
    result = evaluate(ladder(20), packaged_method("huaian-2024"))
    assert result["surcharge_kwh"].to_list() == [0.0] * 20


# ---------------------------------------------------------------- output


def test_output_columns_and_lift_sentence():
    method = packaged_method("shandong-default")
    result = hundred(method, above_scale=False)
    for column in ("uscc", "name", "region", "group", "evaluated", "value_tax_per_mu", "benchmark_tax_per_mu",
                   "score_tax_per_mu", "value_rd_intensity", "score_rd_intensity", "total", "rank", "rank_of",
                   "class", "class_by_score", "class_name", "policy", "rules", "d_years", "surcharge_kwh",
                   "surcharge_gas", "lift", "lift_gap"):
        assert column in result.columns
    assert result.schema["rules"] == pl.List(pl.String)
    assert result.schema["rank"] == pl.Int64 and result.schema["total"] == pl.Float64
    c_firm = result.filter(pl.col("rank") == 70).row(0, named=True)
    cut = result.filter(pl.col("rank") == 60)["total"][0]  # the last B
    assert c_firm["class"] == "C"
    assert c_firm["lift"] == f"升至B类需总分不低于{cut}分；单位用地税收提升空间最大（基准50.5，权重100）"
    assert c_firm["lift_gap"] == pytest.approx(round(cut - c_firm["total"], 2))
    assert result.filter(pl.col("rank") == 1)["lift"][0] == "已为A类（最高类别）"
    assert result["lift_gap"].filter(result["class"] == "A").null_count() == 20


def test_empty_facts_give_an_empty_result():
    result = evaluate(firms({}).head(0), packaged_method("shandong-default"))
    assert result.height == 0
    assert "score_tax_per_mu" in result.columns


def test_bad_facts_are_reported_in_chinese():
    method = packaged_method("shandong-default")
    with pytest.raises(FactsInvalid) as info:
        evaluate(firms({}, {}).with_columns(uscc=pl.lit("91370100MA3C0000XX")), method)
    assert "uscc 重复" in str(info.value)
    with pytest.raises(FactsInvalid):
        evaluate(pl.DataFrame({"name": ["甲"]}), method)
    with pytest.raises(FactsInvalid) as info:
        evaluate(firms({}).with_columns(tax=pl.lit("很多")), method)
    assert "tax" in str(info.value)


def test_missing_fact_columns_count_as_missing_data():
    method = packaged_method("shandong-default")
    facts = firms({}, {}).drop("emissions_t", "rd_expense", "new_product_sales")
    result = evaluate(facts, method)
    assert result["score_rev_per_emission"].to_list() == [0.0, 0.0]  # nobody has the figure: mean of none
    assert "研发经费投入强度数据缺失，计0分" in rules_of(result, 0)


def test_nan_inputs_are_missing_data():
    method = packaged_method("shandong-default")
    result = evaluate(firms({}, {"emissions_t": float("nan")}, {}), method)
    assert result["value_rev_per_emission"][1] is None


def test_version_is_exposed_and_method_is_not_mutated():
    method = packaged_method("shandong-default")
    before = copy.deepcopy(method_to_dict(method))
    evaluate(firms(*[{}] * 3), method)
    assert method_to_dict(method) == before
    assert MUJUN_VERSION.startswith("mujun-")


def test_large_random_frame_is_consistent():
    rng = random.Random(3)
    rows = [{"tax": rng.uniform(0, 500), "land_mu": rng.uniform(1, 60), "above_scale": rng.random() < 0.3,
             "region": rng.choice(["370102", "370103", "370104"]),
             "emissions_t": rng.choice([None, 1.0, 3.0])}
            for _ in range(500)]
    result = evaluate(firms(*rows), packaged_method("shandong-default"))
    ranked = result.filter(pl.col("rank").is_not_null())
    # ranks are 1…n in every unit, and the class order follows the rank order
    per_unit = ranked.group_by("group", "region").agg(pl.col("rank").sort(), pl.len())
    for ranks, n in zip(per_unit["rank"].to_list(), per_unit["len"].to_list(), strict=True):
        assert ranks == list(range(1, n + 1))
    worst = ranked.sort("group", "region", "rank").group_by("group", "region", maintain_order=True).agg(
        pl.col("class").cast(pl.String))
    for classes in worst["class"].to_list():
        assert classes == sorted(classes)
