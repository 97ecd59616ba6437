"""Scheme scoring methods and normalisations, hand-worked at and around each boundary.

Sources of the methods: policies-assessment-bulletins.md §B2 (功效系数法, 宁波 基数值/目标值,
target completion 80 % ± 0.5 per point, 济宁 赋分 100/97/…, counts); OECD/JRC Handbook (2008)
for the normalisations.
"""

from __future__ import annotations

import polars as pl
import pytest

from qiangshi.engine.assessment.inputs import SCHEME_METHODS, AssessmentInputInvalid, indicator_table
from qiangshi.engine.assessment.normalise import normalised
from qiangshi.engine.assessment.scoring import scheme_score


def scores(values: list[float | None], bands: list[str] | None = None, **indicator) -> list[float | None]:
    """The scheme score (or, when `method` is a normalisation, the normalised score) of each value."""
    params = indicator_table([{"indicator": "x", **indicator}])
    cells = pl.DataFrame(
        {"unit": [f"u{i}" for i in range(len(values))], "band": bands or [""] * len(values), "value": values},
        schema_overrides={"value": pl.Float64},
    ).join(params, how="cross")
    method = indicator["method"]
    expr = scheme_score() if method in SCHEME_METHODS else normalised(method)
    return [None if s is None else round(s, 6) for s in cells.select(expr.alias("s"))["s"]]


def test_efficacy_scores_60_at_the_unacceptable_value_and_100_at_the_satisfactory_value():
    assert scores([50.0, 75.0, 100.0], method="efficacy", low=50.0, high=100.0) == [60.0, 80.0, 100.0]


def test_efficacy_without_declared_bounds_extrapolates_both_ways():
    assert scores([40.0, 110.0], method="efficacy", low=50.0, high=100.0) == [52.0, 108.0]


def test_efficacy_is_clipped_to_the_schemes_declared_floor_and_cap():
    assert scores([0.0, 110.0, 100.0], method="efficacy", low=50.0, high=100.0, floor=0.0, cap=100.0) == [
        20.0,
        100.0,
        100.0,
    ]


def test_efficacy_base_and_span_are_parameters():
    assert scores([50.0, 100.0], method="efficacy", low=50.0, high=100.0, base=50.0, span=50.0) == [
        50.0,
        100.0,
    ]


def test_efficacy_with_the_satisfactory_value_below_scores_lower_is_better():
    assert scores([10.0, 7.5, 5.0], method="efficacy", low=10.0, high=5.0) == [60.0, 80.0, 100.0]


def test_linear_gives_0_at_the_base_full_at_the_target_and_clips_outside():
    # 宁波: 全部工业增加值增长率 基数 15 %, 目标 25 %.
    assert scores([15.0, 20.0, 25.0, 10.0, 30.0], method="linear", low=15.0, high=25.0) == [
        0.0,
        50.0,
        100.0,
        0.0,
        100.0,
    ]


def test_linear_full_marks_are_a_parameter():
    assert scores([20.0], method="linear", low=15.0, high=25.0, full=30.0) == [15.0]


def test_completion_gives_80_percent_at_target_and_half_a_point_per_point():
    assert scores([8.0, 10.0, 6.0], method="completion", high=8.0) == [80.0, 81.0, 79.0]


def test_completion_is_capped_at_the_standard_score_and_floored_at_0():
    # 标准分 10: 8 at the target 8 %; +4 points → 10 exactly; +5 → 10.5 capped; −10 → −1 floored.
    assert scores([8.0, 12.0, 13.0, -10.0], method="completion", high=8.0, full=10.0) == [
        8.0,
        10.0,
        10.0,
        0.0,
    ]


def test_completion_lower_is_better_adds_points_below_the_target():
    assert scores([6.0], method="completion", high=8.0, direction=-1) == [81.0]


def test_completion_share_and_points_per_point_are_parameters():
    assert scores([9.0], method="completion", high=8.0, at_target=0.9, per_point=2.0) == [92.0]


def test_rank_points_give_the_first_full_and_each_place_a_step_less_ties_sharing():
    # 济宁 观摩评比: 100, 97, 94 …
    assert scores([10.0, 8.0, 8.0, 5.0], method="rank_points") == [100.0, 97.0, 97.0, 91.0]


def test_rank_points_lower_is_better_and_never_below_zero():
    assert scores([10.0, 8.0, 5.0], method="rank_points", direction=-1, step=60.0) == [0.0, 40.0, 100.0]


def test_rank_points_rank_within_each_band():
    assert scores([10.0, 8.0, 1.0], bands=["A", "A", "B"], method="rank_points") == [100.0, 97.0, 100.0]


def test_count_gives_points_per_unit_counted_up_to_the_cap():
    # 每新增 1 家规上企业 +2 分, at most 5.
    assert scores([0.0, 2.0, 3.0], method="count", per_count=2.0, cap=5.0) == [0.0, 4.0, 5.0]


def test_a_missing_value_has_no_score():
    assert scores([None, 75.0], method="efficacy", low=50.0, high=100.0) == [None, 80.0]


def test_minmax_scores_0_for_the_worst_and_100_for_the_best():
    assert scores([10.0, 20.0, 30.0], method="minmax") == [0.0, 50.0, 100.0]
    assert scores([10.0, 20.0, 30.0], method="minmax", direction=-1) == [100.0, 50.0, 0.0]


def test_minmax_with_all_units_equal_gives_everyone_100():
    assert scores([7.0, 7.0], method="minmax") == [100.0, 100.0]


def test_zscore_is_the_t_score_50_plus_10_z():
    # mean 20, sample sd 10.
    assert scores([10.0, 20.0, 30.0], method="zscore") == [40.0, 50.0, 60.0]
    assert scores([10.0, 20.0, 30.0], method="zscore", direction=-1) == [60.0, 50.0, 40.0]


def test_distance_to_target_is_the_share_of_the_target_clipped_at_100():
    assert scores([10.0, 20.0, 25.0, 30.0], method="target", high=25.0) == [40.0, 80.0, 100.0, 100.0]
    assert scores([10.0, 20.0, 30.0], method="target", high=20.0, direction=-1) == [100.0, 100.0, 66.666667]


def test_rank_normalisation_maps_first_to_100_and_last_to_0_ties_sharing_the_better_place():
    assert scores([10.0, 20.0, 30.0], method="rank") == [0.0, 50.0, 100.0]
    assert scores([10.0, 20.0, 20.0], method="rank") == [0.0, 100.0, 100.0]


def test_normalisations_compare_units_within_their_band():
    assert scores([10.0, 20.0, 5.0, 50.0], bands=["A", "A", "B", "B"], method="minmax") == [
        0.0,
        100.0,
        0.0,
        100.0,
    ]


def test_indicator_table_refuses_unknown_methods_and_missing_endpoints_in_chinese():
    with pytest.raises(AssessmentInputInvalid) as refused:
        indicator_table(
            [
                {"indicator": "a", "method": "magic"},
                {"indicator": "b", "method": "efficacy", "low": 5.0},
                {"indicator": "c", "method": "completion"},
                {"indicator": "d", "method": "count", "direction": 2},
            ]
        )
    assert refused.value.problems == [
        "指标 a：计分方法无法识别",
        "指标 d：指标方向应为 +1（越高越好）或 −1（越低越好）",
        "指标 b：功效系数法与线性计分须给出两个不同的端点值（不允许值/满意值或基数值/目标值）",
        "指标 c：须给出目标值",
    ]


def test_indicator_table_refuses_a_duplicated_indicator():
    with pytest.raises(AssessmentInputInvalid, match="指标 a 重复出现"):
        indicator_table([{"indicator": "a", "method": "minmax"}, {"indicator": "a", "method": "rank"}])
