"""Project pipeline engine: transitions and stalls, every figure worked by hand."""

from datetime import date

import polars as pl
import pytest

from qiangshi.engine.projects import (
    DEFAULT_RULES,
    OUTPUT_SCHEMA,
    RULE_LABELS,
    STAGE_LABELS,
    STAGES,
    stalls,
    transition_problem,
)

DATE_COLS = ("signed_on", "started_on", "registered_on", "completed_on", "producing_on", "counted_on")


def project(**overrides) -> dict:
    row = {
        "project_id": 1, "name": "济南新材料产业园", "unit": "市发改委", "region": "370112",
        "stage": "signed", "planned_investment": 1000.0, "signed_on": None, "started_on": None,
        "registered_on": None, "completed_on": None, "producing_on": None, "counted_on": None,
        "owner_above_scale": False, "owner_revenue": None, "year_plan": 0.0,
    }
    row.update(overrides)
    return row


def projects_frame(*rows: dict) -> pl.DataFrame:
    schema = {
        "project_id": pl.Int64, "name": pl.String, "unit": pl.String, "region": pl.String,
        "stage": pl.String, "planned_investment": pl.Float64, **{c: pl.Date for c in DATE_COLS},
        "owner_above_scale": pl.Boolean, "owner_revenue": pl.Float64, "year_plan": pl.Float64,
    }
    return pl.DataFrame(list(rows), schema=schema)


def progress_frame(rows: list[tuple[int, int, int, float]] | None = None) -> pl.DataFrame:
    schema = {"project_id": pl.Int64, "year": pl.Int32, "month": pl.Int32, "invested_month": pl.Float64}
    return pl.DataFrame(rows or [], schema=schema, orient="row")


def run(*rows: dict, as_of: date, progress=None, rules=None) -> pl.DataFrame:
    return stalls(projects_frame(*rows), progress_frame(progress), as_of=as_of, rules=rules)


# --- constants -------------------------------------------------------------------------------


def test_labels_cover_stages_and_rules():
    assert STAGES == ("planning", "reserve", "signed", "started", "building", "completed", "producing",
                      "counted")
    labels = [STAGE_LABELS[s] for s in STAGES]
    assert labels == ["谋划", "储备", "签约", "开工", "在建", "竣工", "投产", "纳统"]
    assert set(RULE_LABELS) == set(DEFAULT_RULES)
    assert RULE_LABELS["started_not_registered"] == "在建未入库"


# --- signed_not_started ------------------------------------------------------------------------


def test_signed_not_started_boundary_day_is_not_stalled():
    # 2024-01-10 + 90 days = 2024-04-09 (Jan 21 + Feb 29 + Mar 31 + 9)
    assert run(project(signed_on=date(2024, 1, 10)), as_of=date(2024, 4, 9)).is_empty()


def test_signed_not_started_one_day_after():
    out = run(project(signed_on=date(2024, 1, 10)), as_of=date(2024, 4, 10))
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["rule"] == "signed_not_started"
    assert row["rule_label"] == "签约未开工"
    assert row["days_overdue"] == 1
    assert row["stage"] == "signed" and row["stage_label"] == "签约"
    assert row["unit"] == "市发改委" and row["region"] == "370112"
    assert row["detail"] == "2024-01-10签约，已91天未开工（规定90天）"


def test_signed_not_started_detail_example():
    out = run(project(signed_on=date(2024, 1, 10)), as_of=date(2024, 6, 29))
    assert out["detail"].to_list() == ["2024-01-10签约，已171天未开工（规定90天）"]
    assert out["days_overdue"].to_list() == [81]


def test_rule_parameters_override_defaults():
    out = run(project(signed_on=date(2024, 1, 10)), as_of=date(2024, 2, 10),
              rules={"signed_not_started": {"days": 30}})
    assert out["days_overdue"].to_list() == [1]
    off = run(project(signed_on=date(2024, 1, 10)), as_of=date(2024, 6, 29),
              rules={"signed_not_started": None})
    assert off.is_empty()
    with pytest.raises(ValueError, match="未知的预警规则"):
        run(project(), as_of=date(2024, 1, 1), rules={"nope": {}})


# --- started_not_registered ---------------------------------------------------------------------


def test_started_not_registered_boundary_and_day_after():
    p = project(stage="started", signed_on=date(2024, 1, 1), started_on=date(2024, 3, 1))
    assert run(p, as_of=date(2024, 3, 31)).is_empty()  # 30 days
    out = run(p, as_of=date(2024, 4, 1))
    assert out["rule"].to_list() == ["started_not_registered"]
    assert out["days_overdue"].to_list() == [1]
    assert out["detail"][0] == "2024-03-01开工，计划总投资1000万元，已31天未入库（规定30天）"


def test_started_not_registered_needs_min_investment_and_no_registration():
    base = {"stage": "started", "started_on": date(2024, 3, 1)}
    assert run(project(**base, planned_investment=499.9), as_of=date(2024, 6, 1)).is_empty()
    assert run(project(**base, planned_investment=500.0), as_of=date(2024, 6, 1)).height == 1
    assert run(project(**base, registered_on=date(2024, 3, 20)), as_of=date(2024, 6, 1)).is_empty()


# --- completed_not_producing -------------------------------------------------------------------


def test_completed_not_producing_boundary_and_day_after():
    p = project(stage="completed", started_on=date(2023, 1, 1), registered_on=date(2023, 1, 5),
                completed_on=date(2024, 1, 1))
    assert run(p, as_of=date(2024, 3, 31)).is_empty()  # 31 + 29 + 30 = 90 days
    out = run(p, as_of=date(2024, 4, 1))
    assert out["rule"].to_list() == ["completed_not_producing"]
    assert out["days_overdue"].to_list() == [1]
    assert out["detail"][0] == "2024-01-01竣工，已91天未投产（规定90天）"
    assert out["stage_label"][0] == "竣工"


# --- producing_not_counted ---------------------------------------------------------------------


def producing(**overrides) -> dict:
    fields = {"stage": "producing", "started_on": date(2022, 1, 1), "registered_on": date(2022, 1, 2),
              "completed_on": date(2022, 12, 1), "producing_on": date(2023, 3, 15)}
    return project(**{**fields, **overrides})


def test_producing_not_counted_boundary_and_day_after_by_months():
    assert run(producing(), as_of=date(2024, 3, 15)).is_empty()  # exactly 12 months
    out = run(producing(), as_of=date(2024, 3, 16))
    assert out["rule"].to_list() == ["producing_not_counted"]
    assert out["days_overdue"].to_list() == [1]
    assert out["detail"][0] == "2023-03-15投产，已超过12个月未纳统（逾期1天）"


def test_producing_not_counted_month_end_clamps():
    # 2023-01-31 + 1 month = 2023-02-28; 2023-03-02 is 2 days after
    p = producing(producing_on=date(2023, 1, 31))
    out = run(p, as_of=date(2023, 3, 2), rules={"producing_not_counted": {"months": 1}})
    assert out["days_overdue"].to_list() == [2]


def test_producing_not_counted_revenue_branch():
    # revenue 2,500 ≥ 2,000: stalled at once, overdue since the producing date (2023-03-15 → 2023-05-01)
    out = run(producing(owner_revenue=2500.0), as_of=date(2023, 5, 1))
    assert out["rule"].to_list() == ["producing_not_counted"]
    assert out["days_overdue"].to_list() == [47]  # 16 + 30 + 1
    assert out["detail"][0] == "2023-03-15投产，企业营业收入2500万元已达2000万元，已47天未纳统"
    # below the threshold and within 12 months: not stalled
    assert run(producing(owner_revenue=1999.0), as_of=date(2023, 5, 1)).is_empty()


def test_producing_not_counted_skips_firms_already_above_scale_or_counted():
    assert run(producing(owner_above_scale=True, owner_revenue=9000.0), as_of=date(2025, 1, 1)).is_empty()
    assert run(producing(counted_on=date(2024, 1, 1)), as_of=date(2025, 1, 1)).is_empty()


# --- investment_behind -------------------------------------------------------------------------


def test_investment_behind_worked_example():
    # plan 1,200 for 2024; at 2024-06-20 expected 1,200 × 6/12 = 600; allowed down to 80 % = 480.
    # done Jan–Jun 2024: 100 + 150 + 200 = 450 (< 480) → behind (600 − 450) / 600 = 25 %.
    # rows of 2023 and of July 2024 do not count.
    p = project(stage="building", started_on=date(2023, 6, 1), registered_on=date(2023, 6, 10),
                year_plan=1200.0)
    rows = [(1, 2023, 12, 999.0), (1, 2024, 1, 100.0), (1, 2024, 3, 150.0), (1, 2024, 6, 200.0),
            (1, 2024, 7, 500.0)]
    out = run(p, as_of=date(2024, 6, 20), progress=rows)
    assert out["rule"].to_list() == ["investment_behind"]
    row = out.row(0, named=True)
    assert row["behind_percent"] == pytest.approx(25.0)
    assert row["days_overdue"] == 20
    assert row["detail"] == "本年计划投资1200万元，截至6月应完成600万元，实际完成450万元，滞后25%（允许20%）"
    # 480 exactly is on the line: not behind
    on_line = [(1, 2024, 1, 480.0)]
    assert run(p, as_of=date(2024, 6, 20), progress=on_line).is_empty()


def test_investment_behind_exactly_on_the_allowed_line_is_not_behind():
    # plan 3,300, at 2024-07-20 expected 3,300 × 7/12 = 1,925 (1925.0000000000002 in floating
    # point); 20 % allowed leaves 1,540, which 0.8 × 1925.0000000000002 puts a hair above 1,540.
    p = project(stage="building", started_on=date(2023, 6, 1), registered_on=date(2023, 6, 10),
                year_plan=3300.0)
    assert run(p, as_of=date(2024, 7, 20), progress=[(1, 2024, 1, 1540.0)]).is_empty()
    assert run(p, as_of=date(2024, 7, 20), progress=[(1, 2024, 1, 1539.99)])["rule"].to_list() == [
        "investment_behind"]


def test_investment_behind_only_for_started_or_building_with_a_plan():
    rows = [(1, 2024, 1, 0.0)]
    done = project(stage="completed", started_on=date(2023, 1, 1), registered_on=date(2023, 1, 2),
                   completed_on=date(2024, 5, 1), year_plan=1200.0)
    assert run(done, as_of=date(2024, 6, 20), progress=rows).is_empty()
    no_plan = project(stage="building", started_on=date(2023, 1, 1), registered_on=date(2023, 1, 2))
    assert run(no_plan, as_of=date(2024, 6, 20), progress=rows).is_empty()
    # no progress rows at all: nothing done, 100 % behind
    p = project(stage="started", started_on=date(2024, 1, 2), registered_on=date(2024, 1, 3),
                year_plan=120.0)
    out = run(p, as_of=date(2024, 2, 5))
    assert out["behind_percent"].to_list() == [pytest.approx(100.0)]


# --- as_of -------------------------------------------------------------------------------------


def test_dates_after_as_of_are_not_reached():
    # started on 2024-05-01, but at 2024-04-20 the project is still only signed (100 days): stalled
    p = project(stage="building", signed_on=date(2024, 1, 11), started_on=date(2024, 5, 1),
                year_plan=1200.0)
    out = run(p, as_of=date(2024, 4, 20), progress=[(1, 2024, 1, 0.0)])
    assert out["rule"].to_list() == ["signed_not_started"]
    assert out["days_overdue"].to_list() == [10]
    assert out["stage"].to_list() == ["signed"]  # not building yet, so no investment_behind either
    # a signing after as_of: nothing at all
    assert run(project(signed_on=date(2024, 5, 1)), as_of=date(2024, 4, 20)).is_empty()


def test_output_schema_order_and_empty_inputs():
    a = project(project_id=1, signed_on=date(2024, 1, 1))
    b = project(project_id=2, stage="completed", started_on=date(2023, 1, 1), registered_on=date(2023, 1, 2),
                completed_on=date(2023, 6, 1))
    out = run(a, b, as_of=date(2024, 6, 1))
    assert dict(out.schema) == OUTPUT_SCHEMA
    assert out["project_id"].to_list() == [2, 1]  # most overdue first
    empty = stalls(projects_frame(), progress_frame(), as_of=date(2024, 6, 1))
    assert empty.is_empty() and dict(empty.schema) == OUTPUT_SCHEMA


# --- transitions -------------------------------------------------------------------------------


def test_forward_moves_and_skips_are_allowed():
    d = date(2024, 5, 1)
    assert transition_problem(None, "planning", dates={}, new_date=d) is None
    assert transition_problem("planning", "reserve", dates={}, new_date=d) is None
    assert transition_problem("planning", "signed", dates={}, new_date=d) is None
    assert transition_problem("signed", "started", dates={"signed": date(2024, 3, 1)}, new_date=d) is None
    started = {"signed": date(2024, 1, 1), "started": date(2024, 3, 1)}
    assert transition_problem("started", "producing", dates=started, new_date=d) is None
    assert transition_problem("started", "registered", dates=started, new_date=d) is None
    assert transition_problem("producing", "counted", dates={**started, "producing": d}, new_date=d) is None


def test_backward_move_is_refused():
    assert transition_problem("producing", "building", dates={}, new_date=date(2024, 5, 1)) == \
        "不能从投产退回到在建"
    assert transition_problem("signed", "signed", dates={}, new_date=date(2024, 5, 1)) == "项目已处于签约阶段"


def test_stage_prerequisites_are_refused():
    d = date(2024, 5, 1)
    assert transition_problem("signed", "producing", dates={}, new_date=d) == "尚未开工，不能投产"
    assert transition_problem("signed", "building", dates={}, new_date=d) == "尚未开工，不能转为在建"
    assert transition_problem("reserve", "completed", dates={}, new_date=d) == "尚未开工，不能竣工"
    assert transition_problem("completed", "counted", dates={}, new_date=d) == "尚未投产，不能纳统"
    assert transition_problem("signed", "registered", dates={}, new_date=d) == "尚未开工，不能入库"
    assert transition_problem("started", "registered", dates={"registered": date(2024, 4, 1)},
                              new_date=d) == "已于 2024-04-01 入库，不能重复入库"
    assert transition_problem("signed", "nowhere", dates={}, new_date=d) == "未知的项目阶段：nowhere"


def test_dates_earlier_than_previous_stage_or_in_future_are_refused():
    dates = {"signed": date(2024, 3, 1)}
    assert transition_problem("signed", "started", dates=dates, new_date=date(2024, 2, 28)) == \
        "日期早于签约日期 2024-03-01"
    assert transition_problem("signed", "started", dates=dates, new_date=date(2024, 3, 1)) is None
    # the latest stage reached counts: 开工 2024-04-01 after 签约
    later = {"signed": date(2024, 3, 1), "started": date(2024, 4, 1)}
    assert transition_problem("started", "completed", dates=later, new_date=date(2024, 3, 15)) == \
        "日期早于开工日期 2024-04-01"
    assert transition_problem("signed", "started", dates=dates, new_date=date(2024, 6, 2),
                              today=date(2024, 6, 1)) == "日期 2024-06-02 晚于今天 2024-06-01"
    assert transition_problem("signed", "started", dates=dates, new_date=date(2024, 6, 1),
                              today=date(2024, 6, 1)) is None
