"""目标分解 (issue 14 §1): each method worked by hand, the check against the city's target, and
the progress engine judging a district against its own target, not the city's."""

import polars as pl
import pytest

from qiangshi.engine import breakdown as bd
from qiangshi.engine.progress import milestone_path, progress
from tests.engine.test_progress import CITY, PERIOD, annual, indicator, indicators, observations, row

LIXIA, SHIZHONG = "370102", "370103"


def city(*rows):
    columns = list(bd.CITY)[:len(rows[0])]
    return pl.DataFrame(rows, schema={c: bd.CITY[c] for c in columns}, orient="row")


def bases(*rows):
    return pl.DataFrame(rows, schema=bd.BASES, orient="row")


def values(result):
    return {(r["region"], r["year"]): r["value"] for r in result.to_dicts()}


def test_base_share_gives_each_region_the_city_target_times_its_base_year_share():
    # bases 300 and 100 → shares 3/4 and 1/4 of the city's 2025 target of 1,000 → 750 and 250
    result = bd.breakdown_targets(
        city(("REV", "level", "base_share", 2024, 900.0, 700.0),
             ("REV", "level", "base_share", 2025, 1000.0, 700.0)),
        bases(("REV", LIXIA, 300.0), ("REV", SHIZHONG, 100.0)))
    assert values(result) == {(LIXIA, 2024): 675.0, (LIXIA, 2025): 750.0,
                              (SHIZHONG, 2024): 225.0, (SHIZHONG, 2025): 250.0}
    assert result["problem"].is_null().all()
    assert set(result["method"]) == {"base_share"}


def test_base_share_refuses_when_one_region_has_no_base_year_figure():
    result = bd.breakdown_targets(city(("REV", "level", "base_share", 2025, 1000.0, 700.0)),
                                  bases(("REV", LIXIA, 300.0), ("REV", SHIZHONG, None)))
    assert result["value"].is_null().all()
    assert set(result["problem"]) == {"部分地区缺少基期值，无法计算占比"}


def test_base_share_refuses_a_growth_rate_target():
    result = bd.breakdown_targets(city(("AVG", "avg_growth", "base_share", 2025, 8.0, None)),
                                  bases(("AVG", LIXIA, 5.0)))
    assert result["value"].to_list() == [None]
    assert result["problem"].to_list() == ["增幅类目标不能按基期占比分解"]


def test_equal_growth_scales_each_base_by_the_citys_required_growth():
    # the city must go from 700 to 1,000 (×10/7): a base of 350 → 500, 70 → 100
    result = bd.breakdown_targets(city(("REV", "level", "equal_growth", 2025, 1000.0, 700.0)),
                                  bases(("REV", LIXIA, 350.0), ("REV", SHIZHONG, 70.0)))
    got = values(result)
    assert got[(LIXIA, 2025)] == pytest.approx(500.0)
    assert got[(SHIZHONG, 2025)] == pytest.approx(100.0)


def test_equal_growth_of_a_percentage_target_is_the_same_percentage_even_without_a_base():
    result = bd.breakdown_targets(city(("EN", "change", "equal_growth", 2025, -15.0, None)),
                                  bases(("EN", LIXIA, None), ("EN", SHIZHONG, 0.8)))
    assert values(result) == {(LIXIA, 2025): -15.0, (SHIZHONG, 2025): -15.0}


def test_equal_growth_without_a_city_base_is_refused_not_divided_by_zero():
    result = bd.breakdown_targets(city(("REV", "level", "equal_growth", 2025, 1000.0, 0.0)),
                                  bases(("REV", LIXIA, 350.0)))
    assert result["value"].to_list() == [None]
    assert result["problem"].to_list() == ["全市基期值缺失或为零，无法按同等增速分解"]


def test_weighted_divides_the_target_in_proportion_to_the_weights():
    # weights 2 and 3 of a total of 5: 1,000 → 400 and 600
    weights = pl.DataFrame({"code": ["REV", "REV"], "region": [LIXIA, SHIZHONG],
                            "weight": [2.0, 3.0]})
    result = bd.breakdown_targets(city(("REV", "level", "weighted", 2025, 1000.0, 700.0)),
                                  bases(("REV", LIXIA, None), ("REV", SHIZHONG, None)), weights)
    assert values(result) == {(LIXIA, 2025): 400.0, (SHIZHONG, 2025): 600.0}


def test_weighted_names_the_region_without_a_weight():
    weights = pl.DataFrame({"code": ["REV"], "region": [LIXIA], "weight": [2.0]})
    result = bd.breakdown_targets(city(("REV", "level", "weighted", 2025, 1000.0, 700.0)),
                                  bases(("REV", LIXIA, None), ("REV", SHIZHONG, None)), weights)
    assert values(result) == {(LIXIA, 2025): 1000.0, (SHIZHONG, 2025): None}
    assert result.filter(pl.col("region") == SHIZHONG)["problem"].to_list() == ["本地区未给出权重"]


def test_manual_indicators_generate_nothing_and_unbreakable_kinds_say_so():
    result = bd.breakdown_targets(
        city(("M", "level", "manual", 2025, 10.0, 5.0), ("Q", "qualitative", "base_share", 2025,
                                                           1.0, None)),
        bases(("M", LIXIA, 1.0), ("Q", LIXIA, 1.0)))
    assert result.select("code", "problem").rows() == [("Q", "该类指标不分解到地区")]


def test_region_total_adds_amounts_and_counts_and_averages_rates():
    frame = pl.DataFrame({
        "kind": ["level", "level", "level", "share", "annual_flow", "avg_growth", "rank"],
        "unit": ["亿元", "家", "万元/亩", "%", "个", "%", ""]})
    assert frame.select(bd.region_total(pl.col("kind"), pl.col("unit")).alias("t"))["t"].to_list() == [
        "sum", "sum", "mean", "mean", "sum", "mean", "none"]


def test_check_shows_the_difference_of_the_regions_sum_from_the_city_target():
    targets = pl.DataFrame({"code": ["REV", "REV", "SH", "SH"], "region": [LIXIA, SHIZHONG] * 2,
                            "year": [2025] * 4, "value": [760.0, 250.0, 30.0, None]})
    check = bd.breakdown_check(
        targets, pl.DataFrame({"code": ["REV", "SH"], "year": [2025, 2025],
                               "target": [1000.0, 32.0]}),
        pl.DataFrame({"code": ["REV", "SH"], "total": ["sum", "mean"]}), regions=2)
    rev, share = check.to_dicts()
    # 760 + 250 = 1,010 against 1,000: +10, +1 %
    assert (rev["regions_value"], rev["difference"]) == (1010.0, 10.0)
    assert rev["relative"] == pytest.approx(0.01)
    assert rev["complete"] is True
    # one region of two has a value: the mean of what there is, marked incomplete
    assert (share["regions_value"], share["difference"], share["filled"]) == (30.0, -2.0, 1)
    assert share["complete"] is False


def test_check_of_a_zero_city_target_shows_no_relative_difference():
    check = bd.breakdown_check(
        pl.DataFrame({"code": ["N"], "region": [LIXIA], "year": [2025], "value": [1.0]}),
        pl.DataFrame({"code": ["N"], "year": [2025], "target": [0.0]}),
        pl.DataFrame({"code": ["N"], "total": ["sum"]}), regions=1)
    assert check["relative"].to_list() == [None]


# --- the progress engine with the regions' own targets -----------------------------------

REV = indicator("REV", target_value=1000.0, base_value=700.0, base_year=2022)
REV_OBS = (annual("REV", 2022, 700.0), annual("REV", 2024, 880.0),
           annual("REV", 2022, 60.0, LIXIA), annual("REV", 2024, 63.0, LIXIA),
           annual("REV", 2022, 40.0, SHIZHONG), annual("REV", 2024, 50.0, SHIZHONG))


def own(*rows):
    return pl.DataFrame(rows, schema={"code": pl.String, "region": pl.String,
                                      "target_value": pl.Float64}, orient="row")


def test_a_district_is_judged_against_its_own_target_from_its_own_base():
    result = progress(indicators(REV), observations(*REV_OBS), as_of_year=2024, as_of_month=12,
                      region_targets=own(("REV", LIXIA, 80.0)), **PERIOD)
    lixia = row(result, "REV", LIXIA)
    # its own target and base-year figure, not the city's 1,000 from 700
    assert (lixia["target_value"], lixia["base_value"]) == (80.0, 60.0)
    # 63 of 80: completion 78.75 %, not 6.3 % of the city's target
    assert lixia["completion"] == pytest.approx(63 / 80)
    assert lixia["status"] != "unassigned"
    city_row = row(result, "REV")
    assert (city_row["target_value"], city_row["base_value"]) == (1000.0, 700.0)


def test_a_district_without_a_target_of_its_own_is_unassigned_not_regressing():
    result = progress(indicators(REV), observations(*REV_OBS), as_of_year=2024, as_of_month=12,
                      region_targets=own(("REV", LIXIA, 80.0)), **PERIOD)
    shizhong = row(result, "REV", SHIZHONG)
    assert (shizhong["status"], shizhong["status_label"]) == ("unassigned", "目标未分解")
    assert shizhong["completion"] is None and shizhong["projected_value"] is None
    assert "尚未分解到本地区" in shizhong["explanation"]


def test_without_region_targets_every_region_takes_the_plans_target_as_before():
    result = progress(indicators(REV), observations(*REV_OBS), as_of_year=2024, as_of_month=12,
                      **PERIOD)
    assert row(result, "REV", SHIZHONG)["target_value"] == 1000.0


def test_kinds_not_broken_down_apply_to_every_region_as_they_stand():
    # 持续提升 has no target to break down: a district's own trend decides
    ind = indicators(indicator("UP", kind="direction", comparator="increase"))
    obs = observations(annual("UP", 2022, 10.0, LIXIA), annual("UP", 2024, 12.0, LIXIA))
    result = progress(ind, obs, as_of_year=2024, as_of_month=12, region_targets=own(), **PERIOD)
    assert row(result, "UP", LIXIA)["status"] != "unassigned"


def test_a_districts_milestones_run_from_its_own_base_to_its_own_target():
    path = milestone_path(indicators(REV), observations(*REV_OBS), region_targets=own(
        ("REV", LIXIA, 80.0)), **PERIOD)
    lixia = path.filter(pl.col("region") == LIXIA)
    # geometric from 60 (2022) to 80 (2025): 60·(4/3)^(1/3) in 2023
    assert lixia.filter(pl.col("year") == 2023)["value"].item() == pytest.approx(
        60 * (80 / 60) ** (1 / 3))
    assert lixia.filter(pl.col("year") == 2025)["value"].item() == pytest.approx(80.0)
    assert CITY in set(path["region"])


def test_a_zero_yearly_target_of_a_district_is_met_and_shows_no_ratio_to_zero():
    # 起步区's base-year share of a count of 20 firms a year rounds to nothing: a target of 0
    flow = indicator("POOL", kind="annual_flow", target_value=20.0, target_year=2023)
    obs = observations(annual("POOL", 2023, 21.0), annual("POOL", 2024, 22.0),
                       annual("POOL", 2023, 0.0, LIXIA), annual("POOL", 2024, 1.0, LIXIA))
    result = progress(indicators(flow), obs, as_of_year=2024, as_of_month=12,
                      region_targets=own(("POOL", LIXIA, 0.0)), **PERIOD)
    lixia = row(result, "POOL", LIXIA)
    assert lixia["status"] in {"achieved", "on_track"}
    numbers = [v for v in lixia.values() if isinstance(v, float)]
    assert all(v == v and abs(v) != float("inf") for v in numbers)


def test_shares_that_add_back_up_to_the_target_show_no_difference_not_minus_zero():
    # a city target computed as 0.1 + 0.2 is 0.30000000000000004 in binary floating point:
    # regions adding up to 0.3 differ from it by −5.6e−17, which would show as "-0"
    values = pl.DataFrame({"code": ["S"] * 2, "region": [LIXIA, SHIZHONG],
                           "year": [2025] * 2, "value": [0.3, 0.0]})
    check = bd.breakdown_check(values, pl.DataFrame({"code": ["S"], "year": [2025],
                                                     "target": [0.1 + 0.2 + 0.0]}),
                               pl.DataFrame({"code": ["S"], "total": ["sum"]}), regions=2)
    difference = check["difference"].item()
    assert difference == 0.0 and str(difference) == "0.0"


def test_a_count_is_broken_down_into_whole_numbers_that_keep_the_citys_total():
    # 20 firms by shares 0.44 / 0.33 / 0.23 → 8.8 / 6.6 / 4.6: floors 8 + 6 + 4 = 18, the two
    # largest remainders (0.8, 0.6) take one more each → 9 / 7 / 4 = 20
    result = bd.breakdown_targets(
        city(("POOL", "annual_flow", "base_share", 2025, 20.0, None, True),
             ("REV", "level", "base_share", 2025, 20.0, None, False)),
        bases(("POOL", LIXIA, 44.0), ("POOL", SHIZHONG, 33.0), ("POOL", "370104", 23.0),
              ("REV", LIXIA, 44.0), ("REV", SHIZHONG, 33.0), ("REV", "370104", 23.0)))
    pool = result.filter(pl.col("code") == "POOL").sort("region")["value"].to_list()
    assert pool == [9.0, 7.0, 4.0]
    # an amount keeps its fractions
    assert result.filter(pl.col("code") == "REV").sort("region")["value"].to_list() == \
        pytest.approx([8.8, 6.6, 4.6])
