"""The whole progress method (engine.progress.plan_progress): growth rates indexed before
progress(), the rate shown and the zones' summary after it, all inside the engine.

Plain pytest, no database: the region names come in as a dict."""

import polars as pl
import pytest

from qiangshi.engine.progress import plan_progress

from .test_progress import CITY, PERIOD, annual, indicator, indicators, observations

ZONES = {"370171": "高新区", "370100Z01": "起步区"}


def run(ind, obs, *, year=2024, month=12):
    return plan_progress(ind, obs, as_of_year=year, as_of_month=month, milestones=None,
                         reference_region=CITY, region_names=ZONES, **PERIOD)


def row(result, code, region=CITY):
    return result.filter((pl.col("code") == code) & (pl.col("region") == region)).to_dicts()[0]


def test_yearly_growth_rates_are_judged_as_an_index_and_shown_as_the_latest_rate():
    result = run(indicators(indicator("G", kind="avg_growth", target_value=10.0)),
                 observations(annual("G", 2023, 12.0), annual("G", 2024, 9.0)))
    r = row(result, "G")
    # Index 100 (2022) → 112 → 122.08: average (1.12·1.09)^(1/2) − 1 = 10.49 % ≥ 10 %.
    assert r["observed_growth"] == pytest.approx(10.49, abs=0.01)
    assert r["status"] == "on_track"
    assert r["latest_value"] == 9.0
    assert r["projected_value"] is None


def test_the_city_row_of_a_differential_target_carries_the_worst_zone_and_every_gap():
    ind = indicators(indicator("D", kind="differential", target_value=3.0))
    result = run(ind, observations(annual("D", 2024, 6.0), annual("D", 2024, 10.0, region="370171"),
                                   annual("D", 2024, 5.0, region="370100Z01")))
    city = row(result, "D")
    assert (city["status"], city["method"]) == ("lagging", "differential_zones")
    assert city["explanation"] == "各开发区较全市：起步区-1.0个百分点（滞后）；高新区+4.0个百分点（进度正常）"
    assert row(result, "D", "370171")["status"] == "on_track"


def test_a_zone_without_a_given_name_is_shown_by_its_code():
    ind = indicators(indicator("D", kind="differential", target_value=3.0))
    result = run(ind, observations(annual("D", 2024, 6.0), annual("D", 2024, 10.0, region="370199")))
    assert row(result, "D")["explanation"] == "各开发区较全市：370199+4.0个百分点（进度正常）"
