import io
import json

from django.core.management import call_command

from qiangshi.accounts.models import Region
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.models import Indicator, Observation, Plan
from tests.plan_data import MINI_PLAN, mini_plan_text


def _command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_loading_stores_tasks_indicators_and_units(mini_plan):
    assert mini_plan.revision == 1 and mini_plan.is_current
    revenue = Indicator.objects.get(plan=mini_plan, code="MFG-REV")
    assert revenue.target_value == 10000 and revenue.category.name == "制造业能级"
    assert sorted(u.name for u in revenue.reporting_units.all()) == ["市工业和信息化局", "市统计局"]
    task = mini_plan.tasks.get(number=1)
    assert [u.name for u in task.lead_units.all()] == ["市工业和信息化局"]


def test_loading_the_same_plan_twice_changes_nothing(mini_plan):
    result = plan_load(mini_plan_text())
    assert result.created is False
    assert Plan.objects.count() == 1
    assert "内容未变化" in _command("plan", "load", str(MINI_PLAN))


def test_a_new_version_keeps_the_old_one_and_reports_differences(mini_plan):
    text = mini_plan_text(**{
        "target_value: 73": "target_value: 75",
        "version: 征求意见稿": "version: 正式稿",
    }).replace("  - code: T1-LABS", "  - code: T1-PLATFORMS")
    output = _command("plan", "load", _write(text))
    assert "第 2 次载入" in output
    assert "新增目标 1：T1-PLATFORMS" in output
    assert "删除目标 1：T1-LABS" in output
    assert "GRN-SOLID-WASTE：target_value 73.0 → 75.0" in output
    old, new = Plan.objects.order_by("revision")
    assert (old.is_current, new.is_current) == (False, True)
    assert old.indicators.count() == new.indicators.count() == 3


def test_observations_follow_their_indicator_into_the_new_version(mini_plan):
    revenue = Indicator.objects.get(plan=mini_plan, code="MFG-REV")
    Observation.objects.create(indicator=revenue, region=Region.objects.get(code="370100"),
                               year=2023, month=12, period_type="annual", value=8000,
                               source_kind="published")
    result = plan_load(mini_plan_text(**{"target_value: 10000": "target_value: 11000"}))
    assert Observation.objects.get().indicator == result.plan.indicators.get(code="MFG-REV")


def test_export_json_has_the_documented_fields(mini_plan):
    rows = json.loads(_command("plan", "export", "--json"))
    assert {"code", "name", "category", "unit", "kind", "comparator", "target_value",
            "target_year", "base_value", "base_year", "aspirational", "lead_units",
            "task"} <= set(rows[0])
    labs = next(r for r in rows if r["code"] == "T1-LABS")
    assert labs["task"] == 1 and labs["lead_units"] == ["市工业和信息化局"]
    assert labs["aspirational"] is True
    revenue = rows[0]
    assert revenue["category"] == "manufacturing" and revenue["task"] is None


def test_invalid_plan_is_refused_with_chinese_errors_and_nothing_written(reference):
    out = io.StringIO()
    path = _write(mini_plan_text(**{"kind: level": "kind: nonsense"}))
    try:
        call_command("plan", "load", path, stdout=out, stderr=out)
    except Exception as error:  # CommandError
        assert "计划未载入" in str(error)
    else:
        raise AssertionError("plan load accepted an invalid plan")
    assert "indicators[0].kind" in out.getvalue()
    assert not Plan.objects.exists()


def _write(text: str) -> str:
    import tempfile

    handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8")
    handle.write(text)
    handle.close()
    return handle.name
