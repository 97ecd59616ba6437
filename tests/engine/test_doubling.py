import polars as pl
import pytest

from qiangshi.engine.doubling import (
    CANDIDATE_SCHEMA,
    DEFAULT_WEIGHTS,
    FACT_SCHEMA,
    MEMBER_SCHEMA,
    doubling_progress,
    selection_scores,
    weights_checked,
)


def candidates(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame([dict.fromkeys(CANDIDATE_SCHEMA) | row for row in rows],
                        schema=CANDIDATE_SCHEMA)


def by_firm(frame: pl.DataFrame) -> dict[int, dict]:
    return {row["enterprise_id"]: row for row in frame.to_dicts()}


# Three firms, every part known:
#   firm 1: revenue 1210 two years after 1000 → growth (1210/1000)^0.5 − 1 = 0.10
#           R&D 24.2 / 1210 = 2 %, 1 honour → innovation 2 + 1 = 3
#           planned investment 605 / 1210 = 0.5; willingness 强 = 1
#   firm 2: 1440 after 1000 → growth 0.20; R&D 14.4/1440 = 1 %, 0 honours → 1
#           investment 0 (no active project) → 0; willingness 一般 = 0.5
#   firm 3: 810 after 1000 → growth −0.10; R&D 40.5/810 = 5 %, 5 honours capped at 3 → 8
#           investment 1620/810 = 2; willingness 弱 = 0
# Percentile rank 100 × (rank − 1)/(3 − 1): lowest 0, middle 50, highest 100.
THREE = candidates(
    {"enterprise_id": 1, "revenue": 1210, "revenue_two_years_before": 1000, "rd_expense": 24.2,
     "honours": 1, "planned_investment": 605, "willingness": "strong"},
    {"enterprise_id": 2, "revenue": 1440, "revenue_two_years_before": 1000, "rd_expense": 14.4,
     "honours": 0, "planned_investment": 0, "willingness": "normal"},
    {"enterprise_id": 3, "revenue": 810, "revenue_two_years_before": 1000, "rd_expense": 40.5,
     "honours": 5, "planned_investment": 1620, "willingness": "weak"},
)


def test_selection_parts_are_the_documented_raw_figures():
    firms = by_firm(selection_scores(THREE, DEFAULT_WEIGHTS))
    assert firms[1]["growth_value"] == pytest.approx(0.10)
    assert firms[2]["growth_value"] == pytest.approx(0.20)
    assert firms[3]["growth_value"] == pytest.approx(-0.10)
    assert [firms[i]["innovation_value"] for i in (1, 2, 3)] == pytest.approx([3.0, 1.0, 8.0])
    assert [firms[i]["projects_value"] for i in (1, 2, 3)] == pytest.approx([0.5, 0.0, 2.0])
    assert [firms[i]["willingness_value"] for i in (1, 2, 3)] == [1.0, 0.5, 0.0]


def test_selection_scores_are_percentile_ranks_weighted_into_a_total():
    firms = by_firm(selection_scores(THREE, DEFAULT_WEIGHTS))
    # growth: firm 3 < firm 1 < firm 2 → 0, 50, 100
    assert [firms[i]["growth_score"] for i in (1, 2, 3)] == [50.0, 100.0, 0.0]
    # innovation: firm 2 < firm 1 < firm 3
    assert [firms[i]["innovation_score"] for i in (1, 2, 3)] == [50.0, 0.0, 100.0]
    assert [firms[i]["projects_score"] for i in (1, 2, 3)] == [50.0, 0.0, 100.0]
    assert [firms[i]["willingness_score"] for i in (1, 2, 3)] == [100.0, 50.0, 0.0]
    # firm 1: 0.4×50 + 0.3×50 + 0.2×50 + 0.1×100 = 20 + 15 + 10 + 10 = 55
    # firm 2: 0.4×100 + 0 + 0 + 0.1×50 = 45
    # firm 3: 0 + 0.3×100 + 0.2×100 + 0 = 50
    assert [firms[i]["total"] for i in (1, 2, 3)] == pytest.approx([55.0, 45.0, 50.0])
    assert [firms[i]["rank"] for i in (1, 2, 3)] == [1, 3, 2]
    assert all(firms[i]["missing"] == [] for i in (1, 2, 3))


def test_selection_is_sorted_by_rank_and_weights_change_the_order():
    assert selection_scores(THREE, DEFAULT_WEIGHTS)["enterprise_id"].to_list() == [1, 3, 2]
    # Growth alone: firm 2 grew fastest.
    growth_only = selection_scores(THREE, {"growth": 1})
    assert growth_only["enterprise_id"].to_list() == [2, 1, 3]
    assert growth_only["total"].to_list() == [100.0, 50.0, 0.0]


def test_weights_are_relative_so_scaling_them_leaves_the_totals_alone():
    doubled = {part: 2 * weight for part, weight in DEFAULT_WEIGHTS.items()}
    assert (selection_scores(THREE, doubled)["total"].to_list()
            == pytest.approx(selection_scores(THREE, DEFAULT_WEIGHTS)["total"].to_list()))


def test_missing_data_scores_zero_and_is_listed_never_taken_for_a_real_zero():
    # Firm 2 reports no R&D, no revenue two years ago, no willingness, and its projects'
    # planned investment is unknown: all four parts are missing.
    frame = candidates(
        {"enterprise_id": 1, "revenue": 1000, "revenue_two_years_before": 800, "rd_expense": 0,
         "honours": 0, "planned_investment": 0, "willingness": "weak"},
        {"enterprise_id": 2, "revenue": 1000},
    )
    firms = by_firm(selection_scores(frame, DEFAULT_WEIGHTS))
    assert firms[2]["missing"] == ["growth", "innovation", "projects", "willingness"]
    assert firms[2]["total"] == 0.0
    # Firm 1's zeros are real: it is the only firm with these parts known → 50 each.
    assert firms[1]["missing"] == []
    assert firms[1]["innovation_score"] == 50.0 and firms[1]["total"] == pytest.approx(50.0)


def test_a_zero_or_missing_base_revenue_leaves_growth_undefined():
    frame = candidates(
        {"enterprise_id": 1, "revenue": 500, "revenue_two_years_before": 0},
        {"enterprise_id": 2, "revenue": 0, "revenue_two_years_before": 100, "rd_expense": 0,
         "planned_investment": 10},
    )
    firms = by_firm(selection_scores(frame, {"growth": 1}))
    assert firms[1]["growth_value"] is None and "growth" in firms[1]["missing"]
    # Revenue fell to 0: growth −100 % is defined, the ratios over revenue are not.
    assert firms[2]["growth_value"] == -1.0
    assert {"innovation", "projects"} <= set(firms[2]["missing"])


def test_equal_parts_share_their_average_rank():
    # All three 强: ranks 1,2,3 tie at 2 → 100 × (2 − 1)/2 = 50 each; nobody is favoured.
    frame = THREE.with_columns(pl.lit("strong").alias("willingness"))
    assert selection_scores(frame, {"willingness": 1})["willingness_score"].to_list() == [50.0] * 3


def test_equal_totals_share_the_better_rank():
    frame = THREE.with_columns(pl.lit("strong").alias("willingness"))
    assert selection_scores(frame, {"willingness": 1})["rank"].to_list() == [1, 1, 1]


def test_weights_must_be_known_non_negative_and_not_all_zero():
    with pytest.raises(ValueError, match="未知的评分项"):
        weights_checked({"size": 1})
    with pytest.raises(ValueError, match="负数"):
        weights_checked({"growth": -0.1, "innovation": 1})
    with pytest.raises(ValueError, match="负数"):
        weights_checked({"growth": float("inf")})
    with pytest.raises(ValueError, match="全为 0"):
        weights_checked({"growth": 0})
    assert weights_checked({"growth": 1}) == {"growth": 1.0, "innovation": 0.0, "projects": 0.0,
                                              "willingness": 0.0}


def test_unknown_willingness_is_refused():
    with pytest.raises(pl.exceptions.InvalidOperationError):
        selection_scores(candidates({"enterprise_id": 1, "revenue": 1, "willingness": "很强"}),
                         DEFAULT_WEIGHTS)


def test_no_candidates_give_an_empty_ranking():
    result = selection_scores(candidates(), DEFAULT_WEIGHTS)
    assert result.is_empty() and {"total", "rank", "missing"} <= set(result.columns)


def members(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame([dict.fromkeys(MEMBER_SCHEMA) | row for row in rows],
                        schema=MEMBER_SCHEMA)


def facts(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=FACT_SCHEMA, orient="row")


def progress(member_rows, fact_rows, target_years=3) -> dict[tuple[int, str], dict]:
    frame = doubling_progress(members(*member_rows), facts(*fact_rows), target_years=target_years)
    return {(row["member_id"], row["measure"]): row for row in frame.to_dicts()}


def test_revenue_half_way_after_one_year_of_three_is_on_track():
    # base 1000 (2022) → 1500 (2023), target 3 years:
    #   multiple 1.5, progress (1500 − 1000)/1000 = 0.5
    #   required growth 2^(1/3) − 1 = 0.2599 (26.0 %); actual (1.5)^(1/1) − 1 = 50 %: on track
    #   years left 2022 + 3 − 2023 = 2; still needed (2000/1500)^(1/2) − 1 = 15.5 %
    #   the doubling path stands at 2^(1/3) − 1 = 0.26 of the way after one year
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": 100}],
                    [(10, 2022, 1000, 100), (10, 2023, 1500, 90)])
    revenue = rows[(1, "revenue")]
    assert revenue["base"] == 1000 and revenue["latest"] == 1500 and revenue["latest_year"] == 2023
    assert revenue["multiple"] == 1.5 and revenue["progress"] == 0.5
    assert revenue["required_growth"] == pytest.approx(0.259921, abs=1e-6)
    assert revenue["actual_growth"] == pytest.approx(0.5)
    assert revenue["remaining_growth"] == pytest.approx(0.154701, abs=1e-6)
    assert revenue["expected_progress"] == pytest.approx(0.259921, abs=1e-6)
    assert revenue["on_track"] is True and revenue["doubled"] is False
    assert revenue["years_left"] == 2 and revenue["status"] == "on_track"
    # profit 100 → 90: progress −0.1, actual −10 % < 26 %: behind
    profit = rows[(1, "profit")]
    assert profit["progress"] == pytest.approx(-0.1)
    assert profit["on_track"] is False and profit["status"] == "behind"


def test_compound_growth_counts_the_years_since_the_base():
    # base 1000 (2022) → 1440 (2024): (1.44)^(1/2) − 1 = 20 % < 26 % → behind with 1 year left;
    # still needed 2000/1440 − 1 = 38.9 % in that year.
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": 10}],
                    [(10, 2023, 1100, None), (10, 2024, 1440, None)])
    revenue = rows[(1, "revenue")]
    assert revenue["actual_growth"] == pytest.approx(0.2)
    assert revenue["remaining_growth"] == pytest.approx(2000 / 1440 - 1)
    assert revenue["years_left"] == 1 and revenue["status"] == "behind"


def test_doubling_is_reached_at_twice_the_base():
    # 1000 → 2000 after 2 years: multiple 2.0, progress 1.0 (doubled), nothing more needed
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": 10}],
                    [(10, 2024, 2000, 5)])
    revenue = rows[(1, "revenue")]
    assert revenue["progress"] == 1.0 and revenue["doubled"] is True
    assert revenue["remaining_growth"] == 0.0 and revenue["status"] == "doubled"


def test_a_loss_making_base_year_leaves_profit_doubling_undefined_without_failing():
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": -50}],
                    [(10, 2023, 1200, 80)])
    profit = rows[(1, "profit")]
    assert profit["status"] == "base_not_positive"
    assert profit["latest"] == 80
    assert profit["multiple"] is None and profit["on_track"] is None and profit["doubled"] is None
    assert rows[(1, "revenue")]["status"] == "behind"  # 20 % < 26 %


def test_a_profit_turned_loss_is_behind_with_no_growth_rate():
    # 100 → −20: progress (−20 − 100)/100 = −1.2; a compound rate of a sign change is undefined
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": 100}],
                    [(10, 2023, 1000, -20)])
    profit = rows[(1, "profit")]
    assert profit["progress"] == pytest.approx(-1.2)
    assert profit["actual_growth"] is None and profit["remaining_growth"] is None
    assert profit["on_track"] is False and profit["status"] == "behind"


def test_latest_value_skips_years_without_the_measure():
    # 2024 has no revenue reported: the latest revenue is 2023's; profit's is 2024's.
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": 100}],
                    [(10, 2023, 1300, 110), (10, 2024, None, 120)])
    assert rows[(1, "revenue")]["latest_year"] == 2023 and rows[(1, "revenue")]["latest"] == 1300
    assert rows[(1, "profit")]["latest_year"] == 2024


def test_a_firm_without_figures_after_the_base_year_or_without_any_is_reported():
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2024,
                      "base_revenue": 1000, "base_profit": 100},
                     {"member_id": 2, "enterprise_id": 20, "base_year": 2024,
                      "base_revenue": 500, "base_profit": None}],
                    [(10, 2023, 900, 80), (10, 2024, 1000, 100)])
    assert rows[(1, "revenue")]["status"] == "no_data" and rows[(1, "revenue")]["latest"] is None
    assert rows[(1, "revenue")]["years_left"] == 3
    assert rows[(2, "revenue")]["status"] == "no_data"
    assert rows[(2, "profit")]["status"] == "no_base"


def test_years_left_never_go_below_zero():
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2020,
                      "base_revenue": 1000, "base_profit": 100}],
                    [(10, 2025, 1500, 100)], target_years=3)
    assert rows[(1, "revenue")]["years_left"] == 0
    assert rows[(1, "revenue")]["remaining_growth"] is None


def test_a_firm_pooled_at_two_levels_is_followed_in_both():
    rows = progress([{"member_id": 1, "enterprise_id": 10, "base_year": 2022,
                      "base_revenue": 1000, "base_profit": 100},
                     {"member_id": 2, "enterprise_id": 10, "base_year": 2023,
                      "base_revenue": 1500, "base_profit": 90}],
                    [(10, 2023, 1500, 90), (10, 2024, 1800, 99)])
    assert rows[(1, "revenue")]["multiple"] == 1.8
    assert rows[(2, "revenue")]["multiple"] == pytest.approx(1.2)


def test_target_years_must_be_at_least_one():
    with pytest.raises(ValueError, match="至少为 1 年"):
        doubling_progress(members(), facts(), target_years=0)

