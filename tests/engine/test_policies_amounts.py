"""Each amount pattern of engine.policies, hand-worked at and beside its thresholds (万元)."""

from tests.engine.policy_docs import amounts, clause, document, run


def test_rate_times_base_is_capped_only_above_the_cap():
    amount = {"kind": "rate", "base": "equipment_investment", "rate": 0.1, "cap": 1000}
    firms = [{"equipment_investment": v} for v in (9999.99, 10000, 10000.01, 50000)]
    assert amounts(amount, firms) == [999.999, 1000, 1000, 1000]


def test_fixed_by_designation_level_pays_the_level_and_nothing_for_a_level_not_listed():
    amount = {"kind": "by_level", "field": "zjtx_level", "values": {"省级": 30, "市级": 10}}
    firms = [{"zjtx_level": "省级"}, {"zjtx_level": "市级"}, {"zjtx_level": "区级"}, {}]
    assert amounts(amount, firms) == [30, 10, 0, 0]


def test_rate_by_category_uses_the_firms_category():
    amount = {
        "kind": "rate_by_category",
        "base": "equipment_investment",
        "field": "upgrade_scope",
        "values": {"整线": 0.12, "整车间": 0.15, "整工厂": 0.2},
        "cap": 2000,
    }
    firms = [{"equipment_investment": 1000, "upgrade_scope": s} for s in ("整线", "整车间", "整工厂")]
    capped = {"equipment_investment": 20000, "upgrade_scope": "整工厂"}
    assert amounts(amount, [*firms, capped]) == [120, 150, 200, 2000]


def test_rate_by_band_takes_the_band_reached_with_its_start_included():
    amount = {
        "kind": "rate_by_band",
        "base": "equipment_investment",
        "cap": 100,
        "bands": [
            {"from": 500, "value": 0.015},
            {"from": 3000, "value": 0.018},
            {"from": 5000, "value": 0.02},
        ],
    }
    firms = [{"equipment_investment": v} for v in (499.99, 500, 2999.99, 3000, 4999, 5000, 6000)]
    # 2999.99 × 1.5 % = 44.99985 → 44.9999 (四舍五入 to the yuan); 5000 × 2 % = 100 = the cap; 6000 capped.
    assert amounts(amount, firms) == [0, 7.5, 44.9999, 54, 89.982, 100, 100]


def test_first_crossing_bands_pay_only_a_threshold_not_reached_before():
    amount = {
        "kind": "by_band",
        "base": "revenue",
        "previous": "revenue_max_before",
        "bands": [{"from": 100000, "value": 50}, {"from": 300000, "value": 100}],
    }
    firms = [
        {"revenue": 100000, "revenue_max_before": 99999},
        {"revenue": 310000, "revenue_max_before": 120000},
        {"revenue": 310000, "revenue_max_before": 300000},
        {"revenue": 99999.99, "revenue_max_before": 0},
    ]
    assert amounts(amount, firms) == [50, 100, 0, 0]


def test_installments_share_the_amount_over_years_and_sum_to_it():
    rows = run(document(clause(amount={"kind": "fixed", "value": 60, "installments": [3, 2, 1]})), [{}])
    assert rows[0]["schedule"] == [
        {"period": "2024年", "amount": 30},
        {"period": "2025年", "amount": 20},
        {"period": "2026年", "amount": 10},
    ]
    thirds = run(document(clause(amount={"kind": "fixed", "value": 100, "installments": [1, 1, 1]})), [{}])
    parts = [p["amount"] for p in thirds[0]["schedule"]]
    assert parts == [33.3333, 33.3333, 33.3334] and sum(parts) == 100


def test_incremental_base_pays_the_increase_and_nothing_under_the_minimum():
    amount = {
        "kind": "incremental",
        "base": "rd",
        "previous": "rd_prev",
        "rate": 0.1,
        "cap": 100,
        "minimum": 1,
    }
    firms = [
        {"rd": 110, "rd_prev": 100},
        {"rd": 109.99, "rd_prev": 100},
        {"rd": 90, "rd_prev": 100},
        {"rd": 2000, "rd_prev": 500},
    ]
    rows = run(document(clause(amount=amount)), firms)
    assert [r["amount"] for r in rows] == [1, 0, 0, 100]
    assert [r["eligible"] for r in rows] == [True, False, False, True]
    assert rows[1]["unmet"] == ["补助额不足 1 万元，不予补助"]


def test_interest_subsidy_is_loan_times_reference_rate_times_share_capped():
    amount = {"kind": "interest", "base": "loan", "rate": "lpr", "share": 0.35, "cap": 300}
    parameters = {"lpr": [{"from": "2023-06-20", "value": 0.042, "ref": "5年期以上LPR"}]}
    firms = [{"loan": 1000}, {"loan": 20408.16}, {"loan": 20408.17}]
    # 1000 × 4.2 % × 35 % = 14.7; 20408.16 × 0.0147 = 299.99995 → 300.0000 rounds up; above it is the cap.
    assert amounts(amount, firms, parameters=parameters) == [14.7, 300, 300]


def test_uplift_for_mujun_a_multiplies_the_capped_amount():
    amount = {
        "kind": "rate",
        "base": "equipment_investment",
        "rate": 0.1,
        "cap": 500,
        "uplift": {"field": "mujun_class", "equals": "A", "factor": 1.2},
    }
    firms = [
        {"equipment_investment": 1000, "mujun_class": "A"},
        {"equipment_investment": 1000, "mujun_class": "B"},
        {"equipment_investment": 9000, "mujun_class": "A"},
    ]
    rows = run(document(clause(amount=amount)), firms)
    assert [r["amount"] for r in rows] == [120, 100, 600]
    assert "（亩均效益等级为 A，上浮 ×1.2）" in rows[0]["trace"] and "上浮" not in rows[1]["trace"]


def test_staged_payment_pays_a_share_now_and_the_rest_after_review():
    amount = {
        "kind": "rate",
        "base": "project_investment",
        "rate": 0.2,
        "staged": {"now": 0.5, "after": "考核通过后"},
    }
    rows = run(document(clause(amount=amount)), [{"project_investment": 1000.01}])
    assert rows[0]["amount"] == 200.002
    assert rows[0]["schedule"] == [
        {"period": "2024年（首期）", "amount": 100.001},
        {"period": "考核通过后", "amount": 100.001},
    ]


def test_non_stacking_gives_the_larger_and_marks_the_other():
    general = clause(
        "general",
        title="普通技改",
        amount={"kind": "rate", "base": "equipment_investment", "rate": 0.1},
        non_stacking=["smart"],
    )
    smart = clause(
        "smart",
        title="智能化改造",
        amount={
            "kind": "rate_by_category",
            "base": "equipment_investment",
            "field": "upgrade_scope",
            "values": {"整线": 0.12, "无": 0.1},
        },
    )
    rows = run(
        document(general, smart),
        [
            {"equipment_investment": 1000, "upgrade_scope": "整线"},
            {"equipment_investment": 1000, "upgrade_scope": "无"},
        ],
    )
    first = {r["clause"]: r for r in rows if r["uscc"] == "F0"}
    assert first["smart"]["eligible"] and first["smart"]["amount"] == 120
    assert not first["general"]["eligible"] and first["general"]["amount"] == 0
    assert first["general"]["unmet"] == ["不与智能化改造叠加（取较高者）"]
    assert "不与智能化改造叠加" in first["general"]["trace"]
    tie = {r["clause"]: r for r in rows if r["uscc"] == "F1"}  # 100 each: the clause written first wins
    assert tie["general"]["eligible"] and not tie["smart"]["eligible"]
