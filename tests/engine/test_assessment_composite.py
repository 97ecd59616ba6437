"""The composite index: coverage, imputation, weights, aggregation, 加分/减分, 一票否决, bands.

Indicators here score by the identity linear method (score = value), so every total below is
worked by hand from the values.
"""

from __future__ import annotations

import pytest

from qiangshi.engine.assessment.composite import Options, assess
from qiangshi.engine.assessment.inputs import group_table
from tests.engine.assessment_tables import IDENTITY, by_unit, tables


def test_a_unit_at_exactly_65_percent_coverage_is_scored_and_below_it_is_flagged_not_scored():
    codes = [f"i{n:02d}" for n in range(20)]
    values = {
        "at": {code: 50.0 if n < 13 else None for n, code in enumerate(codes)},  # 13 / 20 = 65 %
        "below": {code: 50.0 if n < 12 else None for n, code in enumerate(codes)},  # 60 %
        "full": dict.fromkeys(codes, 50.0),
    }
    result = assess(
        *tables(values, [{"indicator": code, **IDENTITY} for code in codes]),
        options=Options(coverage_threshold=0.5),
    )
    assert by_unit(result.units, "status") == {"at": "scored", "below": "scored", "full": "scored"}
    result = assess(*tables(values, [{"indicator": code, **IDENTITY} for code in codes]))
    assert by_unit(result.units, "status") == {"at": "scored", "below": "low_coverage", "full": "scored"}
    assert by_unit(result.units, "total")["below"] is None
    assert by_unit(result.units, "rank") == {"at": 1, "full": 1, "below": None}


def test_an_indicator_below_coverage_is_flagged_and_left_out_of_the_index():
    values = {"u1": {"a": 80.0, "b": 10.0}, "u2": {"a": 60.0, "b": None}, "u3": {"a": 40.0, "b": None}}
    result = assess(
        *tables(values, [{"indicator": "a", **IDENTITY}, {"indicator": "b", **IDENTITY}]),
        options=Options(coverage_threshold=0.5),
    )
    assert dict(zip(result.indicators["indicator"], result.indicators["covered"], strict=True)) == {
        "a": True,
        "b": False,
    }
    assert by_unit(result.units, "total") == {"u1": 80.0, "u2": 60.0, "u3": 40.0}


IMPUTATION_CASE = {
    "u1": {"a": 10.0, "b": 50.0},
    "u2": {"a": 20.0, "b": 50.0},
    "u3": {"a": 60.0, "b": 50.0},
    "u4": {"a": None, "b": 50.0},
}
IMPUTATION_BANDS = {"u1": "A", "u2": "A", "u3": "B", "u4": "B"}


@pytest.mark.parametrize(
    ("rule", "filled"), [("mean", 30.0), ("median", 20.0), ("band_mean", 60.0), ("min", 10.0)]
)
def test_imputation_fills_the_gap_by_the_declared_rule(rule, filled):
    result = assess(
        *tables(
            IMPUTATION_CASE,
            [{"indicator": "a", **IDENTITY}, {"indicator": "b", **IDENTITY}],
            IMPUTATION_BANDS,
        ),
        options=Options(coverage_threshold=0.5, imputation=rule),
    )
    item = result.items.filter(unit="u4", indicator="a")
    assert item["value"].item() is None  # the reported value stays missing; the score uses the filled one
    assert item["imputed"].item() is True
    assert item["score"].item() == pytest.approx(filled)
    assert by_unit(result.units, "total")["u4"] == pytest.approx((filled + 50.0) / 2)


def test_min_imputation_takes_the_highest_value_when_lower_is_better():
    result = assess(
        *tables(
            IMPUTATION_CASE,
            [{"indicator": "a", "method": "minmax", "direction": -1}, {"indicator": "b", **IDENTITY}],
        ),
        options=Options(coverage_threshold=0.5, imputation="min"),
    )
    # u4's a becomes 60 (the worst, as lower is better) and so scores 0 on min–max.
    assert result.items.filter(unit="u4", indicator="a")["score"].item() == 0.0


def test_without_imputation_a_gap_is_left_out_and_the_weights_of_the_rest_renormalised():
    result = assess(
        *tables(IMPUTATION_CASE, [{"indicator": "a", **IDENTITY}, {"indicator": "b", **IDENTITY}]),
        options=Options(coverage_threshold=0.5),
    )
    assert by_unit(result.units, "total")["u4"] == 50.0
    assert result.items.filter(unit="u4", indicator="b")["weight"].item() == 1.0


TWO_SCORES = {"u1": {"a": 100.0, "b": 25.0}, "u2": {"a": 100.0, "b": 0.0}}
TWO_INDICATORS = [{"indicator": "a", **IDENTITY}, {"indicator": "b", **IDENTITY}]


def test_arithmetic_aggregation_is_the_weighted_mean():
    result = assess(*tables(TWO_SCORES, TWO_INDICATORS))
    assert by_unit(result.units, "total") == {"u1": 62.5, "u2": 50.0}


def test_geometric_aggregation_is_the_weighted_geometric_mean_with_zeros_raised_to_the_floor():
    result = assess(*tables(TWO_SCORES, TWO_INDICATORS), options=Options(aggregation="geometric"))
    totals = by_unit(result.units, "total")
    assert totals["u1"] == pytest.approx(50.0)  # √(100 × 25)
    assert totals["u2"] == pytest.approx(10.0)  # √(100 × 1): the 0 is raised to the floor 1
    floored = assess(
        *tables(TWO_SCORES, TWO_INDICATORS), options=Options(aggregation="geometric", geometric_floor=4.0)
    )
    assert by_unit(floored.units, "total")["u2"] == pytest.approx(20.0)


def test_geometric_aggregation_leaves_no_contribution_since_it_is_not_a_sum():
    result = assess(*tables(TWO_SCORES, TWO_INDICATORS), options=Options(aggregation="geometric"))
    assert result.items["contribution"].null_count() == result.items.height


HIERARCHY = [
    {"indicator": "a", "group": "G1", "weight": 1.0, **IDENTITY},
    {"indicator": "b", "group": "G1", "weight": 3.0, **IDENTITY},
    {"indicator": "c", "group": "G2", "weight": 1.0, **IDENTITY},
]
HIERARCHY_VALUES = {"u": {"a": 100.0, "b": 0.0, "c": 50.0}}


def test_hierarchical_weights_aggregate_indicators_into_groups_then_groups_into_the_total():
    values, indicators, units = tables(HIERARCHY_VALUES, HIERARCHY)
    groups = group_table([{"group": "G1", "weight": 0.6}, {"group": "G2", "weight": 0.4}], indicators)
    result = assess(values, indicators, units, groups)
    # G1 = (1 × 100 + 3 × 0) / 4 = 25; total = 0.6 × 25 + 0.4 × 50 = 35.
    assert result.units["total"].item() == pytest.approx(35.0)
    contributions = dict(zip(result.items["indicator"], result.items["contribution"], strict=True))
    assert contributions == pytest.approx({"a": 15.0, "b": 0.0, "c": 20.0})


def test_without_group_weights_the_indicator_weights_apply_across_the_whole_index():
    result = assess(*tables(HIERARCHY_VALUES, HIERARCHY))
    assert result.units["total"].item() == pytest.approx(30.0)  # (100 + 0 + 50) / 5


def test_equal_weighting_weighs_every_indicator_of_a_group_and_every_group_the_same():
    result = assess(*tables(HIERARCHY_VALUES, HIERARCHY), options=Options(weighting="equal"))
    assert result.units["total"].item() == pytest.approx(50.0)  # G1 = 50, G2 = 50


EVENTS = [
    {"indicator": "a", **IDENTITY},
    {"indicator": "new_firms", "method": "count", "kind": "bonus", "per_count": 1.0, "cap": 3.0},
    {"indicator": "incidents", "method": "count", "kind": "deduction", "per_count": 0.3},
    {"indicator": "accident", "method": "count", "kind": "veto"},
]
EVENT_VALUES = {
    "u1": {"a": 80.0, "new_firms": 5.0, "incidents": 2.0},
    "u2": {"a": 82.0},
    "u3": {"a": 99.0, "accident": 1.0},
    "u4": {"a": 70.0, "accident": 0.0},
}


def test_bonus_points_are_added_and_deductions_subtracted_after_aggregation():
    result = assess(*tables(EVENT_VALUES, EVENTS))
    # u1: 80 + 3 (5 new firms, capped at 3) − 0.6 (2 × 0.3) = 82.4, above u2's 82.
    assert by_unit(result.units, "total")["u1"] == pytest.approx(82.4)
    assert by_unit(result.units, "rank")["u1"] == 1
    assert result.items.filter(unit="u1", indicator="incidents")["contribution"].item() == pytest.approx(-0.6)


def test_a_veto_event_disqualifies_the_unit_ranked_last_by_default():
    result = assess(*tables(EVENT_VALUES, EVENTS))
    assert by_unit(result.units, "status")["u3"] == "vetoed"
    assert by_unit(result.units, "total")["u3"] is None
    assert by_unit(result.units, "rank") == {"u1": 1, "u2": 2, "u4": 3, "u3": 4}


def test_a_veto_event_can_exclude_the_unit_from_the_ranking():
    result = assess(*tables(EVENT_VALUES, EVENTS), options=Options(veto="exclude"))
    assert by_unit(result.units, "rank") == {"u1": 1, "u2": 2, "u4": 3, "u3": None}


def test_units_are_ranked_within_their_band_and_equal_totals_share_the_better_place():
    values = {"a1": {"a": 50.0}, "a2": {"a": 70.0}, "a3": {"a": 50.0}, "b1": {"a": 10.0}}
    bands = {"a1": "1档", "a2": "1档", "a3": "1档", "b1": "2档"}
    result = assess(*tables(values, [{"indicator": "a", **IDENTITY}], bands))
    assert by_unit(result.units, "rank") == {"a2": 1, "a1": 2, "a3": 2, "b1": 1}


def test_totals_equal_in_decimals_tie_although_binary_floats_differ():
    # 0.1 + 0.2 and 0.3 differ in the last bit; they are the same total.
    values = {"u1": {"a": 0.1, "b": 0.2}, "u2": {"a": 0.3, "b": 0.0}}
    result = assess(*tables(values, [{"indicator": "a", **IDENTITY}, {"indicator": "b", **IDENTITY}]))
    totals = by_unit(result.units, "total")
    assert totals["u1"] != totals["u2"]
    assert by_unit(result.units, "rank") == {"u1": 1, "u2": 1}


def test_unknown_options_are_refused_in_chinese():
    with pytest.raises(ValueError, match="加总方式 harmonic 无法识别"):
        assess(*tables(TWO_SCORES, TWO_INDICATORS), options=Options(aggregation="harmonic"))


def test_a_covered_unit_with_nothing_scorable_is_flagged_not_ranked_first():
    # Distance to target needs a target; without one no item scores and no unit is ranked.
    values = {"u1": {"a": 5.0}, "u2": {"a": 7.0}}
    result = assess(
        *tables(values, [{"indicator": "a", "method": "minmax"}]), options=Options(normalisation="target")
    )
    assert by_unit(result.units, "status") == {"u1": "no_score", "u2": "no_score"}
    assert by_unit(result.units, "rank") == {"u1": None, "u2": None}
