"""Target statuses that mean what the plan's sentence says (issue 13 §1): over-achievement,
左右 tolerances, completion against the target, zero bases, thin data, direction-only targets
(Open SDG method 1 / UNSD no-target), average-growth amounts or rates, qualitative goals.

Numbers worked by hand in the comments; helpers shared with test_progress.
"""

import re

import polars as pl
import pytest

from qiangshi.engine.progress import METHOD_VERSION, milestone_path, plan_progress
from tests.engine.test_progress import (
    CITY,
    PERIOD,
    annual,
    indicator,
    indicators,
    observations,
    row,
    run,
)


def test_method_version_names_the_changed_rules():
    assert METHOD_VERSION == "progress-4"


def test_every_rule_the_engine_can_name_has_chinese_words():
    from pathlib import Path

    import qiangshi.engine.progress as engine

    source = Path(engine.__file__).with_name("kinds.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'"[a-z_]+", "([a-z_]+)"\)', source))
    codes |= {"unsupported_kind", "differential_zones"}
    assert len(codes) > 20
    assert codes <= set(engine.METHOD_LABELS)


# --- over-achievement ---------------------------------------------------------------------


def test_level_target_already_exceeded_is_achieved_not_regressing():
    # 十亿级企业达到150家左右: base 207 (2022), 259 in 2024 — 109 firms past the target
    ind = indicators(indicator("E10", comparator="approx", target_value=150.0))
    obs = observations(annual("E10", 2022, 207.0), annual("E10", 2024, 259.0))
    r = row(run(ind, obs), "E10")
    assert (r["status"], r["method"]) == ("achieved", "target_met")
    # value against target: 259/150 = 172.7 %; no base-relative figure (the base was past it)
    assert r["completion"] == pytest.approx(259 / 150)
    assert r["completion_basis"] == "value_to_target"
    assert r["progress_from_base"] is None
    assert r["expected_ratio"] is None
    assert "超额完成" in r["explanation"]


def test_milestones_of_a_target_the_base_already_exceeds_stay_at_the_target():
    ind = indicators(indicator("E10", comparator="approx", target_value=150.0))
    obs = observations(annual("E10", 2022, 207.0), annual("E10", 2023, 230.0))
    path = milestone_path(ind, obs, **PERIOD)
    # not 186 → 167 → 150 (a path away from "达到"): the target every year
    assert path["value"].to_list() == [150.0, 150.0, 150.0]


def test_milestones_below_the_target_still_climb_geometrically():
    ind = indicators(indicator("L", comparator="approx", target_value=133.1))
    obs = observations(annual("L", 2022, 100.0))
    assert milestone_path(ind, obs, **PERIOD)["value"].to_list() == pytest.approx(
        [110.0, 121.0, 133.1])


# --- 左右 tolerance ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, met",
    [
        (142.5, True),  # 150·(1 − 0.05): exactly at the tolerance
        (142.4, False),
        (150.0, True),
        (170.0, True),  # over-achievement
    ],
)
def test_approx_level_tolerance_is_on_the_level(value, met):
    ind = indicators(indicator("A", comparator="approx", target_value=150.0))
    obs = observations(annual("A", 2022, 100.0), annual("A", 2024, value))
    r = row(run(ind, obs), "A")
    assert (r["status"] == "achieved") is met
    assert r["met_threshold"] == pytest.approx(142.5)
    assert r["tolerance"] == pytest.approx(0.05)


@pytest.mark.parametrize(
    "value, tolerance, met",
    [
        # 降低17%左右 from 100: the change is promised, 5 % of 17 points = 0.85 → 83.85
        (83.85, None, True),
        (83.9, None, False),
        (87.0, None, False),  # a 13 % fall: met under the old 5 %-of-level band (≤ 87.15)
        (80.0, None, True),  # a 20 % fall: past the target
        (87.25, 0.25, True),  # tolerance 25 % of the change: 100 − 17·0.75 = 87.25
        (87.3, 0.25, False),
    ],
)
def test_approx_change_tolerance_is_on_the_change(value, tolerance, met):
    ind = indicators(indicator("EN", kind="change", comparator="approx", target_value=-17.0,
                               base_year=2020, tolerance=tolerance))
    obs = observations(annual("EN", 2020, 100.0), annual("EN", 2024, value))
    r = row(run(ind, obs), "EN")
    assert (r["status"] == "achieved") is met, r["explanation"]
    assert r["completion_basis"] == "change_to_required"


def test_explanation_states_the_tolerance():
    ind = indicators(indicator("EN", kind="change", comparator="approx", target_value=-17.0,
                               base_year=2020))
    # from 200: target 166, met from 200 − 34·0.95 = 167.7
    obs = observations(annual("EN", 2020, 200.0), annual("EN", 2024, 167.7))
    text = row(run(ind, obs), "EN")["explanation"]
    assert "目标 较2020年降低17%，即 166.0（2025年），“左右”按所需变化的5%计（降至 167.7 即视为完成）" in text
    assert "在“左右”容差内，视为达到目标" in text


# --- completion -------------------------------------------------------------------------------


def test_level_completion_is_value_over_target_and_progress_from_base_is_apart():
    ind = indicators(indicator("L", target_value=200.0))
    obs = observations(annual("L", 2022, 100.0), annual("L", 2024, 150.0))
    r = row(run(ind, obs), "L")
    assert r["completion"] == pytest.approx(0.75)  # 150/200
    assert r["completion_basis"] == "value_to_target"
    assert r["progress_from_base"] == pytest.approx(0.5)  # (150 − 100)/(200 − 100)


# --- edge cases -------------------------------------------------------------------------------


def test_zero_base_shows_no_projection_or_expected_ratio_and_says_why():
    ind = indicators(indicator("NEW", target_value=10.0, base_value=0.0, base_year=2022))
    r = row(run(ind, observations(annual("NEW", 2024, 4.0))), "NEW")
    assert r["ratio"] is not None  # Open SDG's 0.001 substitute still gives R
    assert r["projected_value"] is None
    assert r["expected_ratio"] is None
    assert "基期值为0" in r["explanation"]


def test_a_single_point_shows_no_growth_projection_or_ratio():
    ind = indicators(indicator("ONE", target_value=200.0))
    r = row(run(ind, observations(annual("ONE", 2024, 150.0))), "ONE")
    assert r["status"] == "insufficient"
    assert [r[c] for c in ("observed_growth", "projected_value", "expected_ratio", "ratio")] == [
        None, None, None, None]


@pytest.mark.parametrize(
    "comparator, value_2024, status",
    [
        # Open SDG method 1 on d·CAGR from the 2022 base of 100: ≥ 1.5 %, ≥ 0.5 %, ≥ 0, below
        ("increase", 103.0225, "on_track"),  # 100·1.015²: exactly 1.5 %
        ("increase", 102.01, "accelerate"),  # 1 %
        ("increase", 101.0025, "accelerate"),  # exactly 0.5 %
        ("increase", 100.5, "lagging"),  # 0.25 %
        ("increase", 100.0, "lagging"),  # exactly 0
        ("increase", 99.0, "regressing"),
        ("decrease", 97.0225, "on_track"),  # 100·0.985²: −1.5 %
        ("decrease", 101.0, "regressing"),
    ],
)
def test_direction_follows_open_sdg_method_1(comparator, value_2024, status):
    ind = indicators(indicator("D", kind="direction", comparator=comparator))
    obs = observations(annual("D", 2022, 100.0), annual("D", 2023, 50.0),
                       annual("D", 2024, value_2024))
    r = row(run(ind, obs), "D")
    assert (r["status"], r["method"]) == (status, "direction")
    assert r["base_year"] == 2022
    assert ("年均降幅≥1.5%为进度正常" in r["explanation"]) is (comparator == "decrease")


def test_direction_thresholds_can_be_the_unsd_no_target_table():
    ind = indicators(indicator("D", kind="direction", comparator="increase"))
    obs = observations(annual("D", 2022, 100.0), annual("D", 2024, 103.0225))
    r = row(progress(ind, obs, direction_method="unsd"), "D")
    # 1.5 % is below UNSD's 2 % line: fair progress, acceleration needed
    assert r["status"] == "accelerate"
    assert "UNSD" in r["explanation"]


def _two_direction_targets(own_method):
    """D1 names its own no-target method, D2 none; both rise 1.5 % a year from the 2022 base of
    100 (100·1.015² = 103.0225): on track under Open SDG (≥ 1.5 %), 需加快 under UNSD (< 2 %)."""
    ind = pl.concat([
        indicators(indicator("D1", kind="direction", comparator="increase")).with_columns(
            pl.lit(own_method, dtype=pl.String).alias("direction_method")),
        indicators(indicator("D2", kind="direction", comparator="increase")).with_columns(
            pl.lit(None, dtype=pl.String).alias("direction_method")),
    ])
    obs = observations(annual("D1", 2022, 100.0), annual("D1", 2024, 103.0225),
                       annual("D2", 2022, 100.0), annual("D2", 2024, 103.0225))
    return ind, obs


@pytest.mark.parametrize("default, own, d1, d2", [
    ("open_sdg_1", "unsd", "accelerate", "on_track"),
    ("unsd", "open_sdg_1", "on_track", "accelerate"),
])
def test_an_indicators_own_direction_method_decides_over_the_runs_default(default, own, d1, d2):
    ind, obs = _two_direction_targets(own)
    result = progress(ind, obs, direction_method=default)
    assert (row(result, "D1")["status"], row(result, "D2")["status"]) == (d1, d2)
    names = {"open_sdg_1": "Open SDG 无目标方法", "unsd": "UNSD 无目标方法"}
    assert names[own] in row(result, "D1")["explanation"]
    assert names[default] in row(result, "D2")["explanation"]


def test_an_unknown_direction_method_is_refused():
    ind, obs = _two_direction_targets("oecd")
    with pytest.raises(ValueError, match="oecd"):
        progress(ind, obs)


def progress(ind, obs, **options):
    from qiangshi.engine.progress import progress as engine_progress

    return engine_progress(ind, obs, as_of_year=2024, as_of_month=12, **PERIOD, **options)


# --- average growth: amounts or rates -----------------------------------------------------------


def _plan(ind, obs):
    return plan_progress(ind, obs, as_of_year=2024, as_of_month=12, milestones=None,
                         reference_region=CITY, region_names={}, **PERIOD)


@pytest.mark.parametrize(
    "observed_as, figures",
    [
        ("amount", [(2022, 100.0), (2023, 110.0), (2024, 121.0)]),
        ("rate", [(2023, 10.0), (2024, 10.0)]),
    ],
)
def test_average_growth_reads_amounts_or_rates_as_declared(observed_as, figures):
    ind = indicators(indicator("G", kind="avg_growth", target_value=10.0)).with_columns(
        pl.lit(observed_as).alias("observed_as"))
    obs = observations(*[annual("G", year, value) for year, value in figures])
    r = row(_plan(ind, obs), "G")
    assert r["observed_growth"] == pytest.approx(10.0)
    assert r["status"] == "on_track"


# --- qualitative ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, as_of, target_year, status, label",
    [
        (1.0, (2024, 12), 2025, "achieved", "已完成"),
        (0.0, (2024, 12), 2025, "in_progress", "进行中"),
        (0.0, (2025, 11), 2025, "in_progress", "进行中"),
        (0.0, (2025, 12), 2025, "missed", "未完成"),  # the deadline has passed: final
        (0.0, (2026, 1), 2025, "missed", "未完成"),
    ],
)
def test_qualitative_goal_is_done_in_progress_or_missed(value, as_of, target_year, status, label):
    ind = indicators(indicator("Q", kind="qualitative", comparator="achieve",
                               target_year=target_year))
    r = row(run(ind, observations(annual("Q", 2024, value)), as_of=as_of), "Q")
    assert (r["status"], r["status_label"]) == (status, label)
    assert "0.0" not in r["explanation"] and "1.0" not in r["explanation"]
