"""Each unit explained: contributions, what would move it up a place, 位次变化, 红黄蓝 marks,
the task-15 zone rule and the one-call run."""

from __future__ import annotations

import polars as pl
import pytest

from qiangshi.engine.assessment import (
    METHOD_VERSION,
    Alternatives,
    MarkCounts,
    Options,
    assess,
    assessment_run,
)
from qiangshi.engine.assessment.explain import item_sentence, move_up
from qiangshi.engine.assessment.marks import marks, rank_change
from qiangshi.engine.assessment.zones import zone_growth_gaps, zone_status
from tests.engine.assessment_tables import by_unit, tables

INDICATORS = [
    {"indicator": "growth", "method": "efficacy", "low": 0.0, "high": 10.0, "weight": 0.6, "cap": 100.0},
    {"indicator": "energy", "method": "minmax", "direction": -1, "weight": 0.4},
]
VALUES = {
    "u1": {"growth": 5.0, "energy": 1.0},  # 80 × 0.6 + 100 × 0.4 = 88
    "u2": {"growth": 10.0, "energy": 3.0},  # 100 × 0.6 + 0 × 0.4 = 60
    "u3": {"growth": 0.0, "energy": 2.0},  # 60 × 0.6 + 50 × 0.4 = 56
}


def test_contributions_are_score_times_weight_and_add_up_to_the_total():
    result = assess(*tables(VALUES, INDICATORS))
    u1 = result.items.filter(unit="u1")
    assert dict(zip(u1["indicator"], u1["contribution"], strict=True)) == pytest.approx(
        {"growth": 48.0, "energy": 40.0}
    )
    assert by_unit(result.units, "total") == pytest.approx({"u1": 88.0, "u2": 60.0, "u3": 56.0})


def test_an_item_is_worded_as_the_ranking_page_shows_it():
    sentence = item_sentence("规上工业增加值增速", "8.2 %", "efficacy", 86.4, 0.15)
    assert sentence == "规上工业增加值增速 8.2 %，功效系数得分 86.4 × 权重 15 % = 12.96"


def test_move_up_gives_the_value_at_which_the_unit_reaches_the_next_one():
    indicators = tables(VALUES, INDICATORS)[1]
    rows = move_up(assess(*tables(VALUES, INDICATORS)), indicators)
    assert "u1" not in rows["unit"].to_list()  # first: nothing above it
    # u3 (56) to u2 (60): growth needs 60 + 4 / 0.6 = 66.67 → 0 + 6.67 / 40 × 10 = 1.667 %;
    # energy needs 50 + 4 / 0.4 = 60 → 3 − 0.6 × 2 = 1.8.
    u3 = {row["indicator"]: row for row in rows.filter(unit="u3").iter_rows(named=True)}
    assert u3["growth"]["value_needed"] == pytest.approx(5 / 3)
    assert u3["growth"]["gain"] == pytest.approx(5 / 3)
    assert u3["energy"]["value_needed"] == pytest.approx(1.8)
    assert u3["energy"]["gain"] == pytest.approx(-0.2)
    # u2 (60) to u1 (88): growth is already at its cap of 100; energy needs 0 + 28 / 0.4 = 70 → 1.6.
    u2 = {row["indicator"]: row for row in rows.filter(unit="u2").iter_rows(named=True)}
    assert u2["growth"]["reachable"] is False and u2["growth"]["value_needed"] is None
    assert u2["energy"]["reachable"] is True and u2["energy"]["value_needed"] == pytest.approx(1.6)


def test_move_up_inverts_the_completion_score():
    indicators = [
        {"indicator": "rate", "method": "completion", "high": 8.0, "weight": 1.0},
    ]
    values = {"a": {"rate": 10.0}, "b": {"rate": 6.0}}  # 81 and 79
    table_values, table_indicators, units = tables(values, indicators)
    rows = move_up(assess(table_values, table_indicators, units), table_indicators)
    assert rows["value_needed"].to_list() == pytest.approx([10.0])


def test_move_up_is_not_offered_under_geometric_aggregation():
    values, indicators, units = tables(VALUES, INDICATORS)
    assert move_up(
        assess(values, indicators, units, options=Options(aggregation="geometric")), indicators
    ).is_empty()


def test_rank_change_is_previous_minus_current_and_null_for_a_new_unit():
    current = pl.DataFrame({"unit": ["a", "b", "c"], "rank": [1, 2, 3]})
    previous = pl.DataFrame({"unit": ["a", "b"], "rank": [2, 1]})
    changed = rank_change(current, previous)
    assert by_unit(changed, "change") == {"a": 1, "b": -1, "c": None}
    assert by_unit(changed, "previous_rank") == {"a": 2, "b": 1, "c": None}


def test_marks_give_blue_to_the_leaders_red_to_the_last_and_yellow_above_them():
    ranked = pl.DataFrame(
        {"unit": list("abcdefgh"), "band": [""] * 7 + ["2"], "rank": [1, 2, 3, 4, 5, 6, 7, 1]}
    )
    marked = marks(ranked, blue=2, yellow=2, red=1)
    assert by_unit(marked, "mark") == {
        "a": "blue",
        "b": "blue",
        "c": None,
        "d": None,
        "e": "yellow",
        "f": "yellow",
        "g": "red",
        "h": "blue",
    }


def test_units_tied_for_last_both_get_red_and_tied_at_the_blue_boundary_both_get_blue():
    ranked = pl.DataFrame({"unit": list("abcde"), "band": [""] * 5, "rank": [1, 2, 2, 4, 4]})
    assert by_unit(marks(ranked, blue=2, red=1), "mark") == {
        "a": "blue",
        "b": "blue",
        "c": "blue",
        "d": "red",
        "e": "red",
    }


def test_an_unranked_unit_gets_no_mark():
    ranked = pl.DataFrame({"unit": ["a", "b"], "band": ["", ""], "rank": [1, None]})
    assert by_unit(marks(ranked, blue=0, red=1), "mark") == {"a": "red", "b": None}


CITY = pl.DataFrame({"measure": ["规上工业增加值", "工业投资", "技改投资"], "growth": [7.3, 5.2, 5.2]})


def test_zone_rule_meets_at_exactly_3_points_and_fully_meets_at_exactly_5():
    zones = pl.DataFrame(
        {
            "zone": ["z"] * 3,
            "measure": ["规上工业增加值", "工业投资", "技改投资"],
            "growth": [10.3, 10.2, 8.2],
        }
    )
    gaps = zone_growth_gaps(zones, CITY)
    assert 8.2 - 5.2 < 3.0 and 10.2 - 5.2 < 5.0  # binary floats fall short; exact() does not
    assert dict(zip(gaps["measure"], gaps["status"], strict=True)) == {
        "规上工业增加值": "met",
        "工业投资": "fully_met",
        "技改投资": "met",
    }
    assert gaps["gap"].to_list() == [5.0, 3.0, 3.0]  # sorted by measure: 工业投资, 技改投资, 规上…


def test_zone_rule_below_3_points_is_not_met_and_just_below_5_only_met():
    zones = pl.DataFrame(
        {
            "zone": ["z", "z", "z"],
            "measure": ["规上工业增加值", "工业投资", "技改投资"],
            "growth": [10.29, 10.19, 5.2],
        }
    )
    status = dict(
        zip(*zone_growth_gaps(zones, CITY).select("measure", "status").to_dict().values(), strict=True)
    )
    assert status == {"规上工业增加值": "not_met", "工业投资": "met", "技改投资": "not_met"}


def test_zone_rule_band_is_a_parameter_and_a_missing_measure_counts_as_worst():
    zones = pl.DataFrame(
        {
            "zone": ["a", "a", "a", "b", "b"],
            "measure": ["规上工业增加值", "工业投资", "技改投资"] * 1 + ["规上工业增加值", "工业投资"],
            "growth": [9.3, 9.0, 7.1, 20.0, 20.0],
        }
    )
    gaps = zone_growth_gaps(zones, CITY, met_at=1.0, fully_met_at=2.0)
    assert by_unit(zone_status(gaps).rename({"zone": "unit"}), "status") == {"a": "met", "b": "missing"}


def test_one_run_carries_score_rank_interval_previous_rank_marks_items_and_the_method_version():
    values, indicators, units = tables(VALUES, INDICATORS)
    previous = pl.DataFrame({"unit": ["u1", "u2", "u3"], "rank": [3, 1, 2]})
    run = assessment_run(
        values,
        indicators,
        units,
        alternatives=Alternatives(draws=100),
        previous=previous,
        mark_counts=MarkCounts(blue=1, red=1),
    )
    assert METHOD_VERSION == "assessment-1"
    assert by_unit(run.units, "rank") == {"u1": 1, "u2": 2, "u3": 3}
    assert by_unit(run.units, "change") == {"u1": 2, "u2": -1, "u3": -1}
    assert by_unit(run.units, "mark") == {"u1": "blue", "u2": None, "u3": "red"}
    assert run.units["rank_low"].null_count() == 0 and run.units["rank_high"].null_count() == 0
    assert set(run.items.columns) >= {"unit", "indicator", "value", "score", "weight", "contribution"}
    # u2 and u3 by either indicator; u2's growth is already at its cap, so that one is unreachable.
    assert run.move_up.height == 4 and run.move_up["reachable"].to_list().count(False) == 1
