"""Target-progress engine: one test per behaviour, numbers worked by hand in the comments.

Plain pytest, no database: the engine is pure polars.
"""

import polars as pl
import pytest

from qiangshi.engine.progress import (
    METHOD_VERSION,
    OUTPUT_COLUMNS,
    STATUS_LABELS,
    milestone_path,
    progress,
    project_annual,
    yoy_growth,
)

CITY = "370100"
PERIOD = {"period_start": 2023, "period_end": 2025}


def indicator(code, kind="level", comparator="gte", target_value=None, **extra):
    row = {
        "code": code,
        "kind": kind,
        "comparator": comparator,
        "target_value": target_value,
        "target_value_high": None,
        "target_year": 2025,
        "base_value": None,
        "base_year": None,
        "tolerance": None,
        "lower_limit": None,
        "upper_limit": None,
        "compare_to": None,
        "flow": False,
    }
    row.update(extra)
    return row


def indicators(*rows):
    return pl.DataFrame(
        list(rows),
        schema={
            "code": pl.String,
            "kind": pl.String,
            "comparator": pl.String,
            "target_value": pl.Float64,
            "target_value_high": pl.Float64,
            "target_year": pl.Int32,
            "base_value": pl.Float64,
            "base_year": pl.Int32,
            "tolerance": pl.Float64,
            "lower_limit": pl.Float64,
            "upper_limit": pl.Float64,
            "compare_to": pl.String,
            "flow": pl.Boolean,
        },
    )


def annual(code, year, value, region=CITY):
    return {
        "code": code,
        "region": region,
        "year": year,
        "month": 12,
        "period_type": "annual",
        "value": value,
    }


def ytd(code, year, month, value, region=CITY):
    return {
        "code": code,
        "region": region,
        "year": year,
        "month": month,
        "period_type": "ytd",
        "value": value,
    }


def observations(*rows):
    return pl.DataFrame(
        list(rows),
        schema={
            "code": pl.String,
            "region": pl.String,
            "year": pl.Int32,
            "month": pl.Int32,
            "period_type": pl.String,
            "value": pl.Float64,
        },
    )


def run(ind, obs, as_of=(2024, 12), milestones=None, **period):
    return progress(
        ind,
        obs,
        as_of_year=as_of[0],
        as_of_month=as_of[1],
        milestones=milestones,
        **(period or PERIOD),
    )


def row(result, code, region=CITY):
    rows = result.filter((pl.col("code") == code) & (pl.col("region") == region)).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


# --- API -----------------------------------------------------------------------------------


def test_output_has_one_row_per_series_with_the_documented_columns():
    ind = indicators(indicator("A", target_value=10.0))
    obs = observations(
        annual("A", 2022, 5.0), annual("A", 2024, 6.0), annual("A", 2024, 7.0, region="370102")
    )
    result = run(ind, obs)
    assert result.columns == OUTPUT_COLUMNS
    assert result.select("code", "region").rows() == [("A", CITY), ("A", "370102")]
    assert METHOD_VERSION.startswith("progress-")
    for r in result.to_dicts():
        assert r["status_label"] == STATUS_LABELS[r["status"]]


def test_indicator_without_observations_is_insufficient_in_the_city_region():
    result = run(indicators(indicator("EMPTY", target_value=1.0)), observations())
    r = row(result, "EMPTY")
    assert (r["status"], r["method"], r["status_label"]) == ("insufficient", "no_data", "数据不足")
    assert r["explanation"] == "暂无观测数据，数据不足"


def test_time_progress_counts_months_from_january_of_period_start():
    ind = indicators(indicator("A", target_value=10.0))
    obs = observations(annual("A", 2022, 5.0))
    # 2023-01 … 2024-06 = 18 of 36 months
    assert row(run(ind, obs, as_of=(2024, 6)), "A")["time_progress"] == pytest.approx(0.5)
    assert row(run(ind, obs, as_of=(2022, 12)), "A")["time_progress"] == 0.0
    assert row(run(ind, obs, as_of=(2026, 3)), "A")["time_progress"] == 1.0


# --- level / share / change: Open SDG R and UNSD expected value ---------------------------------


def test_level_flow_projects_ytd_seasonally_and_is_on_track_by_open_sdg_and_unsd():
    ind = indicators(indicator("REV", target_value=130.0, flow=True))
    obs = observations(
        annual("REV", 2022, 100.0),
        annual("REV", 2023, 110.0),
        ytd("REV", 2023, 6, 55.0),
        ytd("REV", 2024, 6, 60.0),
    )
    r = row(run(ind, obs, as_of=(2024, 6)), "REV")
    # share of the year by June 2023 = 55/110 = 0.5 → 2024 projected 60/0.5 = 120
    assert r["current_value"] == pytest.approx(120.0)
    assert (r["latest_value"], r["latest_year"], r["latest_month"]) == (60.0, 2024, 6)
    assert r["latest_period_type"] == "ytd"
    # base 2022 (period_start − 1): CAGR_o = (120/100)^(1/2) − 1 = 9.5445 %
    # CAGR_r = (130/100)^(1/3) − 1 = 9.1393 %;  R = 0.095445/0.091393 = 1.04434 ≥ 0.95
    assert (r["base_year"], r["base_value"]) == (2022, 100.0)
    assert r["observed_growth"] == pytest.approx(9.5445, abs=1e-4)
    assert r["required_growth"] == pytest.approx(9.1393, abs=1e-4)
    assert r["ratio"] == pytest.approx(1.04434, abs=1e-5)
    # score 7.1429·1.04434 − 4.2857 = 3.1739
    assert r["score"] == pytest.approx(3.1739, abs=1e-4)
    # UNSD: 120·1.095445 = 131.4534 in 2025; (131.4534 − 100)/(130 − 100) = 1.04845
    assert r["projected_value"] == pytest.approx(131.4534, abs=1e-4)
    assert r["expected_ratio"] == pytest.approx(1.04845, abs=1e-5)
    # completion: value against target 120/130; from the base (120 − 100)/(130 − 100) = 2/3;
    # time 18/36
    assert r["completion"] == pytest.approx(120 / 130)
    assert r["progress_from_base"] == pytest.approx(2 / 3)
    assert r["time_progress"] == pytest.approx(0.5)
    assert (r["status"], r["method"]) == ("on_track", "open_sdg")
    assert r["explanation"] == (
        "2024年1-6月累计 60.0（全年预计 120.0），目标 130.0（2025年），"
        "按观测年均增速 9.5% 推算 2025年 131.5，需年均 9.1%，进度正常"
    )


def test_share_not_flow_uses_the_ytd_value_itself():
    ind = indicators(
        indicator("SH", kind="share", target_value=50.0, lower_limit=0.0, upper_limit=100.0)
    )
    obs = observations(annual("SH", 2022, 40.0), ytd("SH", 2023, 6, 30.0), ytd("SH", 2024, 6, 44.0))
    r = row(run(ind, obs, as_of=(2024, 6)), "SH")
    # no ×2 projection: 44 is the 2024 estimate; CAGR_o = (44/40)^(1/2) − 1 = 4.8809 %
    assert r["current_value"] == 44.0
    assert r["observed_growth"] == pytest.approx(4.8809, abs=1e-4)
    # CAGR_r = (50/40)^(1/3) − 1 = 7.7217 %; R = 0.048809/0.077217 = 0.63210 → accelerate
    assert r["ratio"] == pytest.approx(0.63210, abs=1e-5)
    assert r["status"] == "accelerate"


def test_change_target_is_base_times_one_plus_change():
    # 单位工业增加值能耗比2020年降低17%左右: base 2020 = 1.0 → target 0.83, lower is better
    ind = indicators(
        indicator("EN", kind="change", comparator="approx", target_value=-17.0, base_year=2020)
    )
    obs = observations(annual("EN", 2020, 1.0), annual("EN", 2023, 0.9))
    r = row(run(ind, obs), "EN")
    assert r["target_level"] == pytest.approx(0.83)
    # CAGR_o = 0.9^(1/3) − 1 = −3.4511 %; CAGR_r = 0.83^(1/5) − 1 = −3.6580 %
    # direction −1 (target below base): R = −1·(−0.034511)/0.036580 = 0.94343 → accelerate
    assert r["ratio"] == pytest.approx(0.94343, abs=1e-5)
    assert r["status"] == "accelerate"
    # 0.9 is 8.4 % above 0.83, outside the default 5 % tolerance: not yet met


@pytest.mark.parametrize(
    "value_2024, expected_r, expected_score, status",
    [
        # target 133.1 in 2025 from 100 in 2022 needs 10 %/yr (1.1³ = 1.331)
        (121.0, 1.0, 2.8572, "on_track"),  # (121/100)^(1/2) − 1 = 10 %; 7.1429 − 4.2857
        (116.64, 0.8, 1.42862, "accelerate"),  # 8 %; 7.1429·0.8 − 4.2857
        (106.09, 0.3, -1.24999, "lagging"),  # 3 %; 4.1667·0.3 − 2.5
        (90.25, -0.5, -4.58335, "regressing"),  # −5 %; 4.1667·(−0.5) − 2.5
    ],
)
def test_open_sdg_thresholds_and_score_decide_the_trend_status(
    value_2024, expected_r, expected_score, status
):
    ind = indicators(indicator("L", target_value=133.1))
    obs = observations(annual("L", 2022, 100.0), annual("L", 2024, value_2024))
    r = row(run(ind, obs), "L")
    assert r["ratio"] == pytest.approx(expected_r, abs=1e-6)
    assert r["score"] == pytest.approx(expected_score, abs=1e-4)
    assert (r["status"], r["method"]) == (status, "open_sdg")


def test_target_already_met_is_achieved_whatever_the_trend():
    # falling 120 → 105 (R < 0) but 105 ≥ 100 already
    ind = indicators(indicator("M", target_value=100.0))
    obs = observations(annual("M", 2022, 120.0), annual("M", 2024, 105.0))
    r = row(run(ind, obs), "M")
    assert (r["status"], r["method"], r["score"]) == ("achieved", "target_met", 5.0)
    assert r["ratio"] < 0
    assert r["explanation"] == "2024年实际 105.0，目标 100.0（2025年），已超额完成目标，已完成"


def test_flow_met_in_its_last_complete_year_is_achieved_during_the_next_year():
    ind = indicators(indicator("REV", target_value=100.0, flow=True))
    obs = observations(annual("REV", 2023, 102.0), ytd("REV", 2024, 3, 20.0))
    r = row(run(ind, obs, as_of=(2024, 3)), "REV")
    assert r["status"] == "achieved"
    assert r["explanation"].startswith("2023年实际 102.0，")


def test_approx_target_within_tolerance_is_met():
    # 百亿级企业20家左右: 19.2 is within 5 % of 20 (|19.2 − 20| = 0.8 ≤ 1.0)
    ind = indicators(indicator("E", comparator="approx", target_value=20.0))
    obs = observations(annual("E", 2022, 12.0), annual("E", 2024, 19.2))
    assert row(run(ind, obs), "E")["status"] == "achieved"


def test_natural_limits_target_100_within_one_point_is_met_and_projection_is_clipped():
    ind = indicators(
        indicator("FULL", kind="share", target_value=100.0, upper_limit=100.0, lower_limit=0.0),
        indicator("CAP", kind="share", target_value=98.0, upper_limit=100.0, lower_limit=0.0),
    )
    obs = observations(
        annual("FULL", 2022, 95.0),
        annual("FULL", 2024, 99.2),  # 0.8 points short of 100
        annual("CAP", 2022, 90.0),
        annual("CAP", 2023, 96.0),
    )
    result = run(ind, obs)
    assert row(result, "FULL")["status"] == "achieved"
    cap = row(result, "CAP")
    # 96·(96/90)² = 109.2 in 2025 → clipped to 100; expected_ratio (100 − 90)/(98 − 90) = 1.25
    assert cap["projected_value"] == 100.0
    assert cap["expected_ratio"] == pytest.approx(1.25)
    # R = (96/90 − 1)/((98/90)^(1/3) − 1) = 0.066667/0.028793 = 2.3154
    assert cap["ratio"] == pytest.approx(2.3154, abs=1e-4)
    assert cap["status"] == "on_track"


def test_base_zero_and_target_zero_are_replaced_by_0001():
    ind = indicators(
        indicator("NEW", target_value=10.0, base_value=0.0, base_year=2022),
        indicator("ZERO", comparator="lte", target_value=0.0),
    )
    obs = observations(
        annual("NEW", 2024, 5.0), annual("ZERO", 2022, 10.0), annual("ZERO", 2024, 4.0)
    )
    result = run(ind, obs)
    new = row(result, "NEW")
    # (5/0.001)^(1/2) − 1 = 69.7107; (10/0.001)^(1/3) − 1 = 20.5443; R = 3.3932
    assert new["ratio"] == pytest.approx(3.3932, abs=1e-4)
    assert (new["status"], new["score"]) == ("on_track", 5.0)  # 7.1429·3.39 − 4.29 clipped
    zero = row(result, "ZERO")
    # (4/10)^(1/2) − 1 = −0.367544; (0.001/10)^(1/3) − 1 = −0.953584
    # R = −1·(−0.367544)/0.953584 = 0.385435 → lagging
    assert zero["ratio"] == pytest.approx(0.385435, abs=1e-6)
    assert zero["status"] == "lagging"


def test_sign_change_between_base_and_latest_is_insufficient():
    # profit −10 (a loss) in 2022, +5 in 2024: a growth rate is undefined
    ind = indicators(indicator("P", target_value=20.0))
    obs = observations(annual("P", 2022, -10.0), annual("P", 2024, 5.0))
    r = row(run(ind, obs), "P")
    assert (r["status"], r["method"]) == ("insufficient", "sign_change")
    assert r["ratio"] is None and r["score"] is None


def test_fewer_than_two_points_is_insufficient():
    # a single complete year: it is both base and latest
    ind = indicators(indicator("ONE", target_value=100.0))
    obs = observations(annual("ONE", 2024, 50.0))
    r = row(run(ind, obs), "ONE")
    assert (r["status"], r["method"]) == ("insufficient", "too_few_points")
    assert r["explanation"] == (
        "2024年实际 50.0，基期为2024年，至少需要基期和其后一个时点的数据，数据不足"
    )


def test_base_falls_back_to_the_next_year_then_to_the_nearest_earlier_year():
    ind = indicators(
        indicator("NEXT", target_value=200.0, base_year=2020),
        indicator("EARLIER", target_value=200.0),
    )
    obs = observations(
        # base 2020 missing: the next available year (Open SDG) is 2021, not 2019
        annual("NEXT", 2019, 80.0),
        annual("NEXT", 2021, 100.0),
        annual("NEXT", 2023, 121.0),
        # base 2022 (period_start − 1) missing and no later year before the latest:
        # the nearest earlier year that still gives two points (UNSD), 2021
        annual("EARLIER", 2020, 90.0),
        annual("EARLIER", 2021, 100.0),
        annual("EARLIER", 2023, 110.0),
    )
    result = run(ind, obs)
    assert (row(result, "NEXT")["base_year"], row(result, "NEXT")["base_value"]) == (2021, 100.0)
    earlier = row(result, "EARLIER")
    assert (earlier["base_year"], earlier["base_value"]) == (2021, 100.0)


def test_passed_target_year_is_evaluated_up_to_the_target_year():
    ind = indicators(indicator("T", target_value=110.0, target_year=2024))
    obs = observations(annual("T", 2022, 90.0), annual("T", 2024, 100.0), annual("T", 2025, 120.0))
    r = row(run(ind, obs, as_of=(2025, 12)), "T")
    # 2025 (120 ≥ 110) is after the target year and does not count
    assert r["latest_year"] == 2024
    assert r["status"] != "achieved"


# --- observations ---------------------------------------------------------------------------


def test_annual_value_is_preferred_over_december_ytd():
    ind = indicators(indicator("A", target_value=2000.0, flow=True))
    obs = observations(
        annual("A", 2022, 900.0), ytd("A", 2023, 12, 990.0), annual("A", 2023, 1000.0)
    )
    r = row(run(ind, obs), "A")
    assert (r["latest_value"], r["latest_period_type"]) == (1000.0, "annual")
    growth = yoy_growth(obs).filter(pl.col("year") == 2023).to_dicts()
    assert len(growth) == 1
    # (1000/900 − 1)·100 = 11.111 %
    assert growth[0]["yoy_growth"] == pytest.approx(11.1111, abs=1e-4)


def test_december_ytd_counts_as_the_year_when_there_is_no_annual_value():
    ind = indicators(indicator("A", target_value=2000.0, flow=True))
    obs = observations(annual("A", 2022, 900.0), ytd("A", 2023, 12, 990.0))
    r = row(run(ind, obs), "A")
    assert (r["latest_value"], r["current_value"]) == (990.0, 990.0)
    # CAGR_o = 990/900 − 1 = 10 %
    assert r["observed_growth"] == pytest.approx(10.0)


def test_observations_after_as_of_are_ignored():
    ind = indicators(indicator("A", target_value=200.0))
    obs = observations(
        annual("A", 2022, 100.0),
        ytd("A", 2024, 6, 150.0),
        ytd("A", 2024, 9, 250.0),
        annual("A", 2024, 260.0),
    )
    r = row(run(ind, obs, as_of=(2024, 6)), "A")
    # 2024-09 and the 2024 annual value (month 12) are after 2024-06
    assert (r["latest_value"], r["latest_month"]) == (150.0, 6)
    assert r["status"] != "achieved"


def test_seasonal_projection_uses_mean_share_of_earlier_years():
    obs = observations(
        annual("R", 2022, 200.0),
        ytd("R", 2022, 6, 80.0),  # share 0.4
        annual("R", 2023, 300.0),
        ytd("R", 2023, 6, 150.0),  # share 0.5
        ytd("R", 2024, 6, 135.0),
    )
    p = project_annual(obs).filter(pl.col("year") == 2024).to_dicts()[0]
    # mean share (0.4 + 0.5)/2 = 0.45 → 135/0.45 = 300
    assert (p["ytd_value"], p["method"]) == (135.0, "seasonal")
    assert p["projected_value"] == pytest.approx(300.0)
    # 2023-06 uses only 2022's share: 150/0.4 = 375 (never its own year)
    p2023 = project_annual(obs).filter(pl.col("year") == 2023).to_dicts()[0]
    assert p2023["projected_value"] == pytest.approx(375.0)


def test_linear_fallback_when_no_earlier_year_has_both_values():
    obs = observations(ytd("R", 2022, 6, 80.0), annual("R", 2022, 200.0), ytd("R", 2024, 3, 30.0))
    rows = {r["year"]: r for r in project_annual(obs).to_dicts()}
    # 2022-06 has no earlier year: 80·12/6 = 160; 2024-03: no March in any earlier year: 30·12/3
    assert (rows[2022]["projected_value"], rows[2022]["method"]) == (160.0, "linear")
    assert (rows[2024]["projected_value"], rows[2024]["method"]) == (120.0, "linear")


def test_yoy_growth_compares_the_same_period_a_year_earlier():
    obs = observations(
        ytd("Y", 2023, 6, 100.0),
        ytd("Y", 2024, 6, 110.0),
        ytd("Y", 2024, 9, 170.0),
        annual("Z", 2023, 0.0),
        annual("Z", 2024, 5.0),
    )
    g = {(r["code"], r["year"], r["month"]): r["yoy_growth"] for r in yoy_growth(obs).to_dicts()}
    assert g[("Y", 2024, 6)] == pytest.approx(10.0)  # 110/100 − 1
    assert g[("Y", 2024, 9)] is None  # no 2023 1-9月
    assert g[("Y", 2023, 6)] is None
    assert g[("Z", 2024, 12)] is None  # growth from 0 is undefined


# --- annual_flow ------------------------------------------------------------------------------


def test_annual_flow_judges_the_current_year_on_its_seasonal_projection():
    ind = indicators(
        indicator("PRJ", kind="annual_flow", target_value=300.0, target_year=2023, flow=True)
    )
    obs = observations(
        annual("PRJ", 2023, 310.0), ytd("PRJ", 2023, 6, 150.0), ytd("PRJ", 2024, 6, 140.0)
    )
    r = row(run(ind, obs, as_of=(2024, 6)), "PRJ")
    # share 150/310 = 0.48387 → 140/0.48387 = 289.33; 289.33/300 = 0.9644 ≥ 0.9
    assert r["projected_value"] == pytest.approx(289.3333, abs=1e-4)
    assert r["ratio"] == pytest.approx(0.96444, abs=1e-5)
    assert r["completion"] == pytest.approx(140 / 300)
    assert (r["status"], r["method"]) == ("accelerate", "annual_flow")
    assert r["milestone_value"] == 300.0
    assert r["explanation"] == (
        "2024年1-6月累计 140.0，全年预计 289.3，年度目标 300.0，为目标的 96.4%，需加快"
    )


@pytest.mark.parametrize(
    "values, as_of, status",
    [
        ((310.0, 305.0, 300.0), (2026, 1), "achieved"),  # every year met, period over
        ((310.0, 290.0, 300.0), (2026, 1), "on_track"),  # 2024 missed: 2025 300/300 = 1.0
        ((310.0, 305.0, 210.0), (2026, 1), "lagging"),  # 210/300 = 0.7
        ((310.0, 305.0, 150.0), (2026, 1), "regressing"),  # 0.5
        # 2025 not over: 1-6月 150 with last year's June share 0.5 → 300 = target, on track only
        ((310.0, 305.0, None), (2025, 6), "on_track"),
    ],
)
def test_annual_flow_is_achieved_only_when_every_year_met_and_the_period_ended(
    values, as_of, status
):
    ind = indicators(
        indicator("PRJ", kind="annual_flow", target_value=300.0, target_year=2023, flow=True)
    )
    rows = [annual("PRJ", y, v) for y, v in zip((2023, 2024, 2025), values, strict=True) if v]
    rows += [ytd("PRJ", 2024, 6, 152.5), ytd("PRJ", 2025, 6, 150.0)]  # 152.5/305 = 0.5
    assert row(run(ind, observations(*rows), as_of=as_of), "PRJ")["status"] == status


# --- cumulative -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "added_2024, status",
    [
        (8.0, "on_track"),  # (12 + 8)/40 = 0.50 ≥ time 0.50
        (5.0, "accelerate"),  # 17/40 = 0.425 ≥ 0.8·0.5 = 0.40
        (3.0, "lagging"),  # 15/40 = 0.375 < 0.40
        (28.0, "achieved"),  # 40/40
    ],
)
def test_cumulative_compares_completion_with_time_progress(added_2024, status):
    ind = indicators(indicator("AW", kind="cumulative", target_value=40.0, flow=True))
    obs = observations(
        annual("AW", 2022, 10.0),  # before the period: not counted
        annual("AW", 2023, 12.0),
        ytd("AW", 2024, 6, added_2024),
    )
    r = row(run(ind, obs, as_of=(2024, 6)), "AW")  # time progress 18/36 = 0.5
    assert r["current_value"] == 12.0 + added_2024
    assert r["completion"] == pytest.approx((12.0 + added_2024) / 40.0)
    assert r["status"] == status


# --- avg_growth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value_2024, growth, status",
    [
        (122.0, 10.4536, "on_track"),  # (122/100)^(1/2) − 1 ≥ 10 %
        (117.7225, 8.5, "accelerate"),  # 1.085² = 1.177225: 8.5 ≥ 0.8·10
        (104.04, 2.0, "lagging"),  # 1.02²: 0 ≤ 2 < 8
        (96.04, -2.0, "regressing"),  # 0.98²
    ],
)
def test_avg_growth_compares_realised_geometric_growth_with_target(value_2024, growth, status):
    ind = indicators(indicator("INV", kind="avg_growth", target_value=10.0, flow=True))
    obs = observations(annual("INV", 2022, 100.0), annual("INV", 2024, value_2024))
    r = row(run(ind, obs), "INV")
    assert r["observed_growth"] == pytest.approx(growth, abs=1e-4)
    assert r["required_growth"] == 10.0
    assert r["status"] == status


def test_avg_growth_is_achieved_when_the_target_year_is_complete_and_met():
    ind = indicators(indicator("INV", kind="avg_growth", target_value=10.0))
    # 100 → 133.1 over 2022–2025 = 10 %/yr exactly (1.1³); 133.2 for a margin
    obs = observations(annual("INV", 2022, 100.0), annual("INV", 2025, 133.2))
    assert row(run(ind, obs, as_of=(2026, 2)), "INV")["status"] == "achieved"


# --- differential ---------------------------------------------------------------------------


def test_differential_gap_against_the_city_in_the_latest_common_period():
    ind = indicators(indicator("ZONE", kind="differential", target_value=3.0, compare_to="CITY"))
    obs = observations(
        ytd("CITY", 2024, 6, 5.5),
        ytd("ZONE", 2024, 6, 9.0, region="370171"),
        ytd("ZONE", 2024, 9, 2.0, region="370171"),  # no city value for 1-9月 yet
        ytd("ZONE", 2024, 6, 7.0, region="370172"),
        ytd("ZONE", 2024, 6, 4.0, region="370173"),
    )
    result = run(ind, obs, as_of=(2024, 9))
    a, b, c = (row(result, "ZONE", z) for z in ("370171", "370172", "370173"))
    # 9.0 − 5.5 = 3.5 ≥ 3; 7.0 − 5.5 = 1.5 in [0, 3); 4.0 − 5.5 = −1.5 < 0
    assert (a["status"], a["compare_value"], a["ratio"]) == (
        "on_track",
        5.5,
        pytest.approx(3.5 / 3),
    )
    assert b["status"] == "accelerate"
    assert c["status"] == "lagging"
    assert a["explanation"] == (
        "2024年1-6月本地区 9.0，全市 5.5，相差 3.5 个百分点，目标高出 3.0 个百分点，进度正常"
    )


def test_differential_without_compare_to_uses_the_same_code_in_the_city():
    ind = indicators(indicator("G", kind="differential", target_value=3.0))
    obs = observations(annual("G", 2025, 6.0), annual("G", 2025, 9.5, region="370171"))
    result = run(ind, obs, as_of=(2026, 1))
    # 9.5 − 6.0 = 3.5 ≥ 3 with the 2025 full year in after the period: achieved
    assert row(result, "G", "370171")["status"] == "achieved"
    assert row(result, "G")["method"] == "reference_series"


# --- rank, direction, qualitative -------------------------------------------------------------


@pytest.mark.parametrize(
    "previous, latest, status",
    [
        (9.0, 7.0, "on_track"),
        (7.0, 7.0, "accelerate"),
        (6.0, 8.0, "regressing"),
        (7.0, 4.0, "achieved"),
        (None, 8.0, "insufficient"),
    ],
)
def test_rank_lower_is_better(previous, latest, status):
    ind = indicators(indicator("RK", kind="rank", comparator="lte", target_value=5.0))
    rows = [annual("RK", 2024, latest)]
    if previous is not None:
        rows.append(annual("RK", 2023, previous))
    assert row(run(ind, observations(*rows)), "RK")["status"] == status


@pytest.mark.parametrize(
    "comparator, before, after, status",
    [
        ("stable", 20.0, 20.1, "on_track"),  # |+0.5 %| ≤ 1 %
        ("stable", 20.0, 21.0, "accelerate"),  # 5 %
    ],
)
def test_stable_compares_the_last_two_complete_years(comparator, before, after, status):
    ind = indicators(indicator("D", kind="direction", comparator=comparator))
    obs = observations(annual("D", 2022, 1.0), annual("D", 2023, before), annual("D", 2024, after))
    assert row(run(ind, obs), "D")["status"] == status


def test_direction_projects_a_flow_ytd_to_the_year_before_the_growth_rate():
    ind = indicators(indicator("D", kind="direction", comparator="increase", flow=True))
    obs = observations(annual("D", 2023, 50.0), ytd("D", 2023, 6, 20.0), ytd("D", 2024, 6, 22.0))
    r = row(run(ind, obs, as_of=(2024, 6)), "D")
    # 1-6月 was 20/50 = 0.4 of 2023 → 2024 projected 22/0.4 = 55; base 2023 (no 2022): +10 %
    assert r["current_value"] == pytest.approx(55.0)
    assert r["observed_growth"] == pytest.approx(10.0)
    assert r["status"] == "on_track"


@pytest.mark.parametrize(
    "value, status", [(1.0, "achieved"), (0.0, "in_progress"), (None, "insufficient")]
)
def test_qualitative_done_is_achieved_not_done_is_in_progress(value, status):
    ind = indicators(indicator("Q", kind="qualitative", comparator="achieve"))
    rows = [] if value is None else [annual("Q", 2024, value)]
    assert row(run(ind, observations(*rows)), "Q")["status"] == status


# --- milestones -------------------------------------------------------------------------------


def test_milestone_path_is_geometric_from_base_to_target():
    ind = indicators(indicator("L", target_value=133.1))
    obs = observations(annual("L", 2022, 100.0), annual("L", 2023, 104.0))
    path = milestone_path(ind, obs, **PERIOD)
    # 100·1.331^((y − 2022)/3): 110, 121, 133.1
    assert path["year"].to_list() == [2023, 2024, 2025]
    assert path["value"].to_list() == pytest.approx([110.0, 121.0, 133.1])
    assert set(path["source"]) == {"path"}


def test_milestone_path_is_linear_for_cumulative_and_flat_for_annual_flow():
    ind = indicators(
        indicator("C", kind="cumulative", target_value=30.0),
        indicator("F", kind="annual_flow", target_value=300.0, target_year=2024),
        indicator("R", kind="rank", target_value=5.0),
    )
    obs = observations(annual("C", 2023, 1.0), annual("F", 2023, 1.0), annual("R", 2023, 9.0))
    path = milestone_path(ind, obs, **PERIOD)
    got = {(r["code"], r["year"]): r["value"] for r in path.to_dicts()}
    # 30·1/3, 30·2/3, 30; the yearly target from 2024 on; no milestones for rank
    assert got == {
        ("C", 2023): 10.0,
        ("C", 2024): 20.0,
        ("C", 2025): 30.0,
        ("F", 2024): 300.0,
        ("F", 2025): 300.0,
    }


def test_milestone_override_replaces_the_path_value():
    ind = indicators(indicator("L", target_value=133.1))
    obs = observations(annual("L", 2022, 100.0), annual("L", 2023, 104.0))
    overrides = pl.DataFrame({"code": ["L"], "year": [2024], "value": [125.0]})
    path = milestone_path(ind, obs, overrides=overrides, **PERIOD)
    got = {r["year"]: (r["value"], r["source"]) for r in path.to_dicts()}
    assert got[2024] == (125.0, "override")
    assert got[2023] == (pytest.approx(110.0), "path")
    # progress reports this year's milestone, override included
    r = row(run(ind, obs, as_of=(2024, 3), milestones=overrides), "L")
    assert r["milestone_value"] == 125.0
    assert row(run(ind, obs, as_of=(2024, 3)), "L")["milestone_value"] == pytest.approx(121.0)


def test_numbers_in_the_explanation_have_their_thousands_separated():
    ind = indicators(indicator("REV", target_value=12345.0))
    obs = observations(annual("REV", 2022, 8000.0), annual("REV", 2024, 9850.04))
    text = row(run(ind, obs), "REV")["explanation"]
    assert "9,850.0" in text and "12,345.0" in text and "10,929.8" in text
    # the sign is kept in front of the grouped digits
    obs = observations(annual("REV", 2022, 8000.0), annual("REV", 2024, -1234567.84))
    assert "-1,234,567.8" in row(run(ind, obs), "REV")["explanation"]
