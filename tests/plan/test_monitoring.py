import io
import json

import pytest
from django.core.management import call_command

from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, ProgressRun
from qiangshi.plan.monitoring.progress import progress_for, progress_rows
from qiangshi.plan.monitoring.selectors import METHOD_VERSION, AsOf
from tests.plan_data import mini_plan_text


def _progress_json(*args) -> dict:
    out = io.StringIO()
    call_command("progress", "--json", *args, stdout=out)
    return {row["code"]: row for row in json.loads(out.getvalue())}


def test_progress_is_stored_with_method_version_input_hash_and_figure_count(figures):
    run = progress_for(figures, AsOf(2024, 6))
    assert run.method_version == METHOD_VERSION
    assert len(run.input_hash) == 64
    assert run.observation_count == 7
    assert run.results.filter(region__code="370100").count() == 3


def test_unchanged_figures_reuse_the_stored_run_and_a_change_makes_a_new_one(figures):
    first = progress_for(figures, AsOf(2024, 6))
    assert progress_for(figures, AsOf(2024, 6)).pk == first.pk
    observation_import("指标代码,地区代码,期别,数值\nGRN-SOLID-WASTE,370100,2023,59\n".encode(),
                       "revised.csv", plan=figures)
    assert progress_for(figures, AsOf(2024, 6)).pk != first.pk
    assert ProgressRun.objects.count() == 2


def test_progress_command_prints_the_documented_fields(figures):
    rows = _progress_json("--as-of", "2024-06")
    revenue = rows["MFG-REV"]
    assert {"code", "status", "latest_value", "latest_period", "target_value", "completion",
            "time_progress", "projected_value", "required_growth", "observed_growth",
            "score"} <= set(revenue)
    # 2024 from 1–6月 4400 with no earlier season on record: linear, 4400 × 12/6 = 8800.
    # Observed (8800/8000)^(1/2) − 1 = 4.88 %/yr; needed (10000/8000)^(1/3) − 1 = 7.72 %/yr;
    # R = 4.88/7.72 = 0.63, between 0.60 and 0.95: 需加快.
    assert revenue["observed_growth"] == pytest.approx(4.88, abs=0.01)
    assert revenue["required_growth"] == pytest.approx(7.72, abs=0.01)
    assert revenue["status"] == "accelerate"
    assert revenue["latest_period"] == "2024年1-6月"
    # 18 of the 36 months of 2023–2025 have passed by June 2024.
    assert revenue["time_progress"] == pytest.approx(0.5)


def test_a_falling_share_is_reported_as_regressing(figures):
    assert _progress_json("--as-of", "2024-06")["GRN-SOLID-WASTE"]["status"] == "regressing"


def test_as_of_excludes_later_figures(figures):
    call_command("figures", "refresh", "--as-of", "2023-12", stdout=io.StringIO())
    rows = _progress_json("--as-of", "2023-12")
    assert rows["MFG-REV"]["latest_period"] == "2023年"


def test_region_option_reports_a_district(figures):
    rows = _progress_json("--as-of", "2024-06", "--region", "370102")
    assert rows["GRN-SOLID-WASTE"]["latest_value"] == 71


def test_yearly_growth_rates_of_an_average_growth_target_are_chain_linked(reference):
    text = mini_plan_text(**{
        "kind: cumulative": "kind: avg_growth",
        "unit: 家\n": 'unit: "%"\n',
        "target_value: 100\n": "target_value: 10\n",
    })
    plan = plan_load(text).plan
    observation_import("指标代码,地区代码,期别,数值\nT1-LABS,370100,2023,12\nT1-LABS,370100,2024,9\n"
                       .encode(), "rates.csv", plan=plan)
    run = progress_for(plan, AsOf(2024, 12))
    row = {r["code"]: r for r in progress_rows(run, region_code="370100")}["T1-LABS"]
    # Index 100 → 112 → 122.08: average (1.12·1.09)^(1/2) − 1 = 10.49 % ≥ 10 %.
    assert row["observed_growth"] == pytest.approx(10.49, abs=0.01)
    assert row["latest_value"] == 9
    assert row["status"] == "on_track"


def test_city_row_of_a_differential_target_summarises_the_zones(reference):
    text = mini_plan_text(**{
        "kind: cumulative": "kind: differential\n    compare_to: 全市平均",
        "unit: 家\n": "unit: 百分点\n",
        "target_value: 100\n": "target_value: 3\n",
    })
    plan = plan_load(text).plan
    observation_import(
        "指标代码,地区代码,期别,数值\nT1-LABS,370100,2024,6\nT1-LABS,370171,2024,10\n"
        "T1-LABS,济南新旧动能转换起步区,2024,5\n".encode(), "zones.csv", plan=plan)
    run = progress_for(plan, AsOf(2024, 12))
    city = run.results.get(indicator__code="T1-LABS", region__code="370100")
    assert city.status == "lagging"
    assert city.explanation == "各开发区较全市：起步区-1.0个百分点（滞后）；高新区+4.0个百分点（进度正常）"


def test_demo_figures_are_labelled_as_demo(shared_demo):
    assert Observation.objects.filter(source_kind="demo").exists()
    assert not Observation.objects.filter(source_kind="demo").exclude(
        source__contains="演示数据").exists()
    published = Observation.objects.filter(source_kind="published")
    assert published.filter(indicator__code="MFG-REV", year=2024, period_type="annual",
                            value=10189.4).exists()


def test_the_input_hash_does_not_depend_on_the_order_queries_return_rows_in(figures, monkeypatch):
    from qiangshi.plan.monitoring import progress as monitoring
    from tests.row_order import rows_reversed

    first = monitoring.progress_compute(figures, AsOf(2024, 6))
    rows_reversed(monkeypatch, monitoring, "indicator_table", "figure_table", "region_targets",
                  "milestones_with_breakdown")
    again = monitoring.progress_compute(figures, AsOf(2024, 6))
    assert (again.input_hash, again.pk) == (first.input_hash, first.pk)
