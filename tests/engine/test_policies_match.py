"""engine.policies.match: conditions, 新认定, dated parameters, traces, near misses, dry run."""

import polars as pl
import pytest

from qiangshi.engine.policies import case_firms, dryrun, match, policy_read
from tests.engine.policy_docs import clause, document, run


def _eligible(condition: dict, firms: list[dict], year: int = 2024) -> list[bool]:
    return [r["eligible"] for r in run(document(clause(conditions=[condition])), firms, year)]


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        (">=", [False, True, True]),
        (">", [False, False, True]),
        ("<=", [True, True, False]),
        ("<", [True, False, False]),
        ("==", [False, True, False]),
    ],
)
def test_each_numeric_comparison_at_and_beside_the_threshold(op, expected):
    firms = [{"revenue": v} for v in (1999.99, 2000, 2000.01)]
    assert _eligible({"field": "revenue", "op": op, "value": 2000}, firms) == expected


def test_a_computed_ratio_exactly_on_the_threshold_meets_it():
    # 0.15 / 3 × 100 is 4.999999… in binary: exact() keeps it on the line.
    assert _eligible({"field": "rd_ratio", "op": ">=", "value": 5}, [{"rd_ratio": 0.15 / 3 * 100}]) == [True]


def test_in_and_not_in_over_text_and_over_the_chain_list():
    firms = [
        {"district": "历下区", "chain_codes": ["nev"]},
        {"district": "市中区", "chain_codes": ["ic", "ai"]},
        {"district": None, "chain_codes": []},
    ]
    assert _eligible({"field": "district", "op": "in", "value": ["历下区"]}, firms) == [True, False, False]
    assert _eligible({"field": "district", "op": "not_in", "value": ["历下区"]}, firms) == [
        False,
        True,
        False,
    ]
    assert _eligible({"field": "chain_codes", "op": "in", "value": ["ai"]}, firms) == [False, True, False]
    assert _eligible({"field": "chain_codes", "op": "not_in", "value": ["ai"]}, firms) == [True, False, True]


def test_negative_flags_count_a_missing_record_as_none():
    firms = [{"dishonest": True}, {"dishonest": False}, {}]
    assert _eligible({"field": "dishonest", "op": "==", "value": False}, firms) == [False, True, True]


def test_all_any_and_not_groups():
    group = {
        "any": [
            {"field": "tier", "op": "==", "value": "领航"},
            {"not": {"field": "mujun_class", "op": "in", "value": ["C", "D"]}},
        ]
    }
    firms = [
        {"tier": "领航", "mujun_class": "D"},
        {"tier": "成长", "mujun_class": "A"},
        {"tier": "成长", "mujun_class": "C"},
    ]
    assert _eligible(group, firms) == [True, True, False]


def test_newly_granted_means_granted_in_the_year_evaluated_not_earlier():
    new = {"field": "zjtx_year", "op": "==", "value": "$year"}
    firms = [{"zjtx_year": 2024}, {"zjtx_year": 2023}]
    assert _eligible(new, firms, 2024) == [True, False]
    assert _eligible(new, firms, 2023) == [False, True]


def _dated(firms: list[dict], year: int) -> list[dict]:
    parameters = {
        "rate": [
            {"from": "2020-01-01", "value": 0.1, "ref": "济发〔2020〕16号 第7条"},
            {"from": "2024-01-01", "value": 0.08, "ref": "济发〔2023〕9号 第3条"},
        ]
    }
    amount = {"kind": "rate", "base": "equipment_investment", "rate": "rate"}
    return run(document(clause(amount=amount), parameters=parameters), firms, year)


def test_a_dated_parameter_uses_the_value_in_force_on_1_january_of_the_year():
    firms = [{"equipment_investment": 1000}]
    assert _dated(firms, 2023)[0]["amount"] == 100
    later = _dated(firms, 2024)[0]
    assert later["amount"] == 80
    assert "参数依据：济发〔2023〕9号 第3条" in later["trace"]


def test_a_year_before_any_value_of_a_parameter_makes_the_clause_not_apply():
    row = _dated([{"equipment_investment": 1000}], 2019)[0]
    assert not row["eligible"] and row["amount"] == 0
    assert row["unmet"] == ["参数 rate 在 2019 年 1 月 1 日未生效"]
    assert row["trace"].startswith("2019年测试条款：不适用，参数 rate 在 2019 年 1 月 1 日未生效")


def test_a_policy_not_yet_in_force_applies_to_nobody():
    doc = document(clause(), in_force={"from": "2025-01-01"})
    assert run(doc, [{}], 2024)[0]["unmet"] == ["政策在 2024 年 1 月 1 日不在施行期内"]


def test_the_trace_says_in_chinese_who_gets_what_under_which_article():
    c = clause(
        title="新认定专精特新中小企业",
        conditions=[
            {"field": "zjtx_level", "op": "==", "value": "省级"},
            {"field": "zjtx_year", "op": "==", "value": "$year"},
        ],
        amount={"kind": "by_level", "label": "一次性奖励", "field": "zjtx_level", "values": {"省级": 30}},
    )
    rows = run(
        document(c), [{"zjtx_level": "省级", "zjtx_year": 2024}, {"zjtx_level": "省级", "zjtx_year": 2022}]
    )
    assert (
        rows[0]["trace"]
        == "2024年新认定专精特新中小企业（省级） → 一次性奖励 30 万元（济政发〔2019〕1号 第2条）"
    )
    assert rows[1]["trace"] == "2024年新认定专精特新中小企业：不符合（专精特新中小企业认定年份为评价当年）"


def test_an_unverified_amount_is_flagged_in_the_trace():
    row = run(document(clause(verified=False)), [{}])[0]
    assert row["trace"].endswith("⚠ 金额未核实")


def test_near_misses_are_one_condition_short_with_the_gap_in_figures():
    c = clause(
        conditions=[
            {"field": "revenue", "op": ">=", "value": 20000},
            {"field": "dishonest", "op": "==", "value": False},
        ]
    )
    firms = [
        {"revenue": 18765.5},
        {"revenue": 30000, "dishonest": True},
        {"revenue": 100, "dishonest": True},
        {"revenue": 25000},
    ]
    rows = run(document(c), firms, keep="near")
    assert [r["uscc"] for r in rows] == ["F0", "F1", "F3"]
    assert [r["near_miss"] for r in rows] == [True, True, False]
    assert rows[0]["gap"] == "营业收入差 1,234.5 万元"
    assert rows[1]["gap"] is None and rows[1]["unmet"] == ["无严重失信"]


def test_keep_eligible_leaves_out_firms_that_miss_a_condition():
    c = clause(conditions=[{"field": "revenue", "op": ">=", "value": 2000}])
    assert [r["uscc"] for r in run(document(c), [{"revenue": 1}, {"revenue": 3000}], keep="eligible")] == [
        "F1"
    ]


def test_a_firm_table_missing_a_column_a_clause_uses_is_refused_by_name():
    policy = policy_read(document(clause(conditions=[{"field": "revenue", "op": ">=", "value": 1}])))
    with pytest.raises(ValueError, match="企业表缺少条款用到的列：revenue（营业收入）"):
        match([policy], pl.DataFrame({"uscc": ["A"]}), 2024)


def test_dryrun_counts_firms_and_money_by_district_and_chain_against_the_budget():
    c = clause(amount={"kind": "rate", "base": "revenue", "rate": 0.01})
    firms = case_firms(
        [
            {"uscc": "A", "revenue": 1000, "district": "历下区", "chain_codes": ["nev", "ai"]},
            {"uscc": "B", "revenue": 3000, "district": "历下区", "chain_codes": ["nev"]},
            {"uscc": "C", "revenue": 5000, "district": "市中区", "chain_codes": []},
        ]
    )
    result = match([policy_read(document(c))], firms, 2024)
    rows = {(r["dimension"], r["name"]): r for r in dryrun(result, firms, budget=80).to_dicts()}
    assert (rows[("区县", "历下区")]["firms"], rows[("区县", "历下区")]["amount"]) == (2, 40)
    assert (rows[("区县", "市中区")]["firms"], rows[("区县", "市中区")]["amount"]) == (1, 50)
    assert (rows[("产业链", "nev")]["firms"], rows[("产业链", "ai")]["amount"]) == (2, 10)
    total = rows[("合计", "合计")]
    assert (total["firms"], total["amount"], total["budget"], total["over_budget"]) == (3, 90, 80, True)
    assert rows[("区县", "历下区")]["over_budget"] is None
