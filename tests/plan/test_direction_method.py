"""The no-target method of a 持续提升 target chosen per indicator in the plan (issue 13 §1):
the plan's choice decides over the city's QIANGSHI_DIRECTION_METHOD, the page names the method
used, and a method the platform does not know is refused on its line."""

import pytest

from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.monitoring.progress import progress_for, progress_rows
from qiangshi.plan.monitoring.selectors import AsOf
from tests.conftest import login
from tests.plan.test_schema import _errors
from tests.plan_data import mini_plan_text

WASTE = "kind: share\n    comparator: gte\n    target_value: 73\n"


def _direction_plan(method_line: str):
    """The waste share as a 持续提升 target, 50 in the base year 2022 and 51.51125 in 2024:
    x = (51.51125/50)^(1/2) − 1 = 1.5 % a year, on track under Open SDG method 1 (≥ 1.5 %),
    需加快 under UNSD's no-target table (< 2 %)."""
    plan = plan_load(mini_plan_text(**{
        WASTE: f"kind: direction\n    comparator: increase\n{method_line}    target_value: null\n",
    })).plan
    observation_import("指标代码,地区代码,期别,数值\nGRN-SOLID-WASTE,370100,2022,50\n"
                       "GRN-SOLID-WASTE,370100,2024,51.51125\n".encode(), "waste.csv", plan=plan)
    return plan


def _waste(plan) -> dict:
    rows = progress_rows(progress_for(plan, AsOf(2024, 12)), region_code="370100")
    return {r["code"]: r for r in rows}["GRN-SOLID-WASTE"]


@pytest.mark.parametrize("city, method_line, status, named", [
    ("open_sdg_1", "", "on_track", "Open SDG 无目标方法（全市默认）"),
    ("open_sdg_1", "    direction_method: unsd\n", "accelerate", "UNSD 无目标方法（计划为本指标指定）"),
    ("unsd", "", "accelerate", "UNSD 无目标方法（全市默认）"),
    ("unsd", "    direction_method: open_sdg_1\n", "on_track",
     "Open SDG 无目标方法（计划为本指标指定）"),
])
def test_the_plans_direction_method_for_an_indicator_decides_over_the_citys(
        client, reference, make_user, settings, city, method_line, status, named):
    settings.QIANGSHI_DIRECTION_METHOD = city
    plan = _direction_plan(method_line)
    row = _waste(plan)
    assert row["status"] == status
    assert named.split("（")[0] in row["explanation"]
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/plan/indicators/GRN-SOLID-WASTE/?as_of=2024-12").content.decode()
    assert f"<dt>无目标判定方法</dt><dd>{named}</dd>" in page
    assert named.split("（")[0] in page.split("进度判断")[1]


def test_an_unknown_direction_method_is_refused_in_chinese_on_its_line():
    text = mini_plan_text(**{WASTE: "kind: direction\n    comparator: increase\n"
                                    "    direction_method: oecd\n    target_value: null\n"})
    line = text.splitlines().index("    direction_method: oecd") + 1
    assert (f"第 {line} 行，indicators[1].direction_method：取值 'oecd' 无效，"
            "可选：open_sdg_1、unsd") in _errors(text)


def test_a_direction_method_is_refused_on_a_target_with_a_number():
    errors = _errors(mini_plan_text(**{WASTE: WASTE + "    direction_method: unsd\n"}))
    assert any("只有持续提升/持续下降的指标可以选择无目标判定方法" in e for e in errors)


def test_plan_export_carries_the_direction_method_where_the_plan_names_one(reference):
    from qiangshi.plan.selectors import plan_export

    plan = _direction_plan("    direction_method: unsd\n")
    assert {r["code"]: r["direction_method"] for r in plan_export(plan)} == {
        "MFG-REV": None, "GRN-SOLID-WASTE": "unsd", "T1-LABS": None}
