"""Uncertainty analysis: rank intervals that can be checked by hand, and the draws' totals
against the assessment's own."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from qiangshi.engine.assessment.composite import Options, assess
from qiangshi.engine.assessment.inputs import group_table
from qiangshi.engine.assessment.uncertainty import (
    Alternatives,
    draw_totals,
    enumerated_plan,
    rank_intervals,
)
from tests.engine.assessment_tables import IDENTITY, by_unit, tables

TWO = [{"indicator": "x", **IDENTITY}, {"indicator": "y", **IDENTITY}]
# A is strong on one indicator only: first under the arithmetic mean (60 > 50), second
# under the geometric mean (√(100 × 20) = 44.7 < 50). C is last either way.
THREE_UNITS = {"A": {"x": 100.0, "y": 20.0}, "B": {"x": 50.0, "y": 50.0}, "C": {"x": 30.0, "y": 30.0}}
BOTH_AGGREGATIONS = Alternatives(normalisations=("scheme",), aggregations=("arithmetic", "geometric"))


def test_the_interval_spans_the_ranks_of_every_enumerated_alternative():
    assessment = assess(*tables(THREE_UNITS, TWO))
    plan = enumerated_plan(BOTH_AGGREGATIONS, 2, 1)
    result = rank_intervals(assessment, BOTH_AGGREGATIONS, plan)
    assert by_unit(result, "rank") == {"A": 1, "B": 2, "C": 3}
    assert by_unit(result, "rank_low") == {"A": 1, "B": 1, "C": 3}
    assert by_unit(result, "rank_high") == {"A": 2, "B": 2, "C": 3}
    assert by_unit(result, "rank_median") == {"A": 1.5, "B": 1.5, "C": 3.0}
    assert set(result["draws"]) == {2}


def test_one_alternative_with_fixed_weights_gives_an_interval_of_the_rank_itself():
    alternatives = Alternatives(
        normalisations=("scheme",), aggregations=("arithmetic",), weight_range=0.0, draws=50
    )
    result = rank_intervals(assess(*tables(THREE_UNITS, TWO)), alternatives)
    assert by_unit(result, "rank_low") == by_unit(result, "rank_high") == {"A": 1, "B": 2, "C": 3}


def test_weights_perturbed_by_a_quarter_can_swap_two_close_units():
    # A = 20 + 80 p against B = 55, p = x's share of the weight: A falls behind when
    # p < 0.4375, i.e. x's factor < 0.778 × y's. With both factors uniform on [0.75, 1.25]
    # that happens with probability 0.5 × 0.222 × 0.286 / 0.25 ≈ 12.7 % — above 5 %, so both
    # units' intervals span places 1–2; with a range of 0.1 it cannot happen (p ≥ 0.45).
    values = {"A": {"x": 100.0, "y": 20.0}, "B": {"x": 55.0, "y": 55.0}}
    assessment = assess(*tables(values, TWO))
    wide = Alternatives(normalisations=("scheme",), aggregations=("arithmetic",), weight_range=0.25)
    result = rank_intervals(assessment, wide)
    assert by_unit(result, "rank_low") == {"A": 1, "B": 1}
    assert by_unit(result, "rank_high") == {"A": 2, "B": 2}
    narrow = Alternatives(normalisations=("scheme",), aggregations=("arithmetic",), weight_range=0.1)
    result = rank_intervals(assessment, narrow)
    assert by_unit(result, "rank_low") == by_unit(result, "rank_high") == {"A": 1, "B": 2}


def test_the_same_seed_gives_the_same_intervals_and_the_default_quantiles_are_5_and_95_percent():
    values = {f"u{n}": {"x": float(n * 7 % 10), "y": float(n * 3 % 10)} for n in range(10)}
    assessment = assess(*tables(values, TWO))
    first = rank_intervals(assessment, Alternatives(draws=200, seed=7))
    again = rank_intervals(assessment, Alternatives(draws=200, seed=7))
    assert first.equals(again)
    widest = rank_intervals(assessment, Alternatives(draws=200, seed=7, low_quantile=0.0, high_quantile=1.0))
    assert (widest["rank_low"] <= first["rank_low"]).all()
    assert (widest["rank_high"] >= first["rank_high"]).all()


def test_a_unit_without_coverage_has_no_interval_and_a_vetoed_unit_stays_last():
    indicators = [*TWO, {"indicator": "accident", "method": "count", "kind": "veto"}]
    values = {**THREE_UNITS, "D": {"x": 90.0, "y": 90.0, "accident": 1.0}, "E": {"x": 90.0, "y": None}}
    result = rank_intervals(assess(*tables(values, indicators)), Alternatives(draws=100))
    assert by_unit(result, "rank_low")["E"] is None
    assert by_unit(result, "rank_low")["D"] == by_unit(result, "rank_high")["D"] == 4
    excluded = rank_intervals(
        assess(*tables(values, indicators), options=Options(veto="exclude")), Alternatives(draws=100)
    )
    assert by_unit(excluded, "rank_low")["D"] is None


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric"])
def test_the_draws_reproduce_the_assessment_when_nothing_is_perturbed(aggregation):
    rng = np.random.default_rng(1)
    codes = [f"i{n}" for n in range(6)]
    indicators = [
        {
            "indicator": code,
            "group": f"G{n % 3}",
            "weight": float(n + 1),
            "method": method,
            "low": 0.0,
            "high": 20.0,
        }
        for n, (code, method) in enumerate(
            zip(codes, ["efficacy", "minmax", "zscore", "target", "rank", "linear"], strict=True)
        )
    ]
    values = {
        f"u{u}": {
            code: (None if (u + n) % 11 == 0 else float(rng.uniform(0, 25))) for n, code in enumerate(codes)
        }
        for u in range(12)
    }
    bands = {f"u{u}": "AB"[u % 2] for u in range(12)}
    values_t, indicators_t, units_t = tables(values, indicators, bands)
    groups = group_table(
        [{"group": "G0", "weight": 2.0}, {"group": "G1", "weight": 1.0}, {"group": "G2", "weight": 1.5}],
        indicators_t,
    )
    options = Options(aggregation=aggregation)
    assessment = assess(values_t, indicators_t, units_t, groups, options)
    alternatives = Alternatives(normalisations=("scheme",), aggregations=(aggregation,))
    units, totals = draw_totals(
        assessment.prepared, options, alternatives, enumerated_plan(alternatives, 6, 3)
    )
    drawn = pl.DataFrame({"unit": units["unit"], "drawn": totals[:, 0]})
    both = assessment.units.join(drawn, on="unit")
    assert both["composite"].to_list() == pytest.approx(both["drawn"].to_list())


def test_unknown_alternatives_are_refused_in_chinese():
    with pytest.raises(ValueError, match="备选加总方式无法识别"):
        rank_intervals(assess(*tables(THREE_UNITS, TWO)), Alternatives(aggregations=("harmonic",)))


def test_a_unit_with_nothing_scorable_gets_no_interval():
    values = {"u1": {"x": 5.0, "y": 1.0}, "u2": {"x": 7.0, "y": 2.0}}
    no_targets = [{"indicator": "x", "method": "minmax"}, {"indicator": "y", "method": "minmax"}]
    assessment = assess(*tables(values, no_targets), options=Options(normalisation="target"))
    result = rank_intervals(assessment, Alternatives(normalisations=("scheme",), draws=20))
    assert by_unit(result, "rank_low") == {"u1": None, "u2": None}
