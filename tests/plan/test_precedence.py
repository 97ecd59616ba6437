"""The figure a target is judged on when several share a period: which counted, why, and that
the indicator's precedence decides it (engine.progress.precedence)."""

from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, Plan, Submission
from qiangshi.plan.monitoring.selectors import AsOf, progress_latest
from tests.conftest import login
from tests.plan_data import mini_plan_text

DEMO = "指标代码,地区代码,期别,数值,数据状态,来源说明\nMFG-REV,370100,2024,9000,最终,演示\n"
DECEMBER_FORM = "/plan/reporting/tjj/monthly_cumulative/2024-12/"
PAGE = "/plan/indicators/MFG-REV/?region=370100"


def _revenue_2024(plan) -> tuple[float, str]:
    run = progress_latest(Plan.objects.get(code=plan.code, is_current=True), AsOf(2024, 12))
    result = run.results.get(indicator__code="MFG-REV", region__code="370100")
    return result.latest_value, result.latest_source_kind


def _demo_and_report(client, figures, make_user, capture):
    """The annual demo figure for 2024 and a unit's 1-12月 report of the same period."""
    with capture(execute=True):
        observation_import(DEMO.encode(), "demo.csv", plan=figures,
                           source_kind=Observation.SourceKind.DEMO)
    make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("gxj", "analyst")
    login(client, "stats")
    with capture(execute=True):
        client.post(DECEMBER_FORM, {"action": "submit", "value-MFG-REV": "9500"})
    client.post("/logout/")
    login(client, "gxj")


def test_an_approved_unit_report_counts_over_the_annual_demo_figure_and_the_page_says_why(
        client, figures, make_user, django_capture_on_commit_callbacks):
    _demo_and_report(client, figures, make_user, django_capture_on_commit_callbacks)
    page = client.get(PAGE).content.decode()
    assert "计入</span>：单位填报（未审核）优先于 演示数据（合成） 2024年 9,000" in page
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/plan/reporting/submissions/{submission.pk}/review/",
                    {"decision": "approve"})
    assert _revenue_2024(figures) == (9500, "reported")
    page = client.get(PAGE).content.decode()
    assert "计入</span>：单位填报（已审核）优先于 演示数据（合成） 2024年 9,000" in page
    assert "未计入</span>：单位填报（已审核） 2024年1-12月 9,500 优先于本数据" in page
    assert "公开发布 ＞ 单位填报（已审核） ＞ 平台计算 ＞ 单位填报（未审核） ＞ 演示数据（合成）" in page


def test_changing_the_indicators_precedence_changes_which_figure_counts_and_the_stored_progress(
        client, figures, make_user, django_capture_on_commit_callbacks):
    _demo_and_report(client, figures, make_user, django_capture_on_commit_callbacks)
    assert _revenue_2024(figures) == (9500, "reported")
    listed = "    source: reported\n    reporting_units: [市统计局, 市工业和信息化局]\n"
    with django_capture_on_commit_callbacks(execute=True):
        plan_load(mini_plan_text(**{listed: listed + "    precedence: [demo]\n"}))
    assert _revenue_2024(figures) == (9000, "demo")
    page = client.get(PAGE).content.decode()
    assert "计入</span>：演示数据（合成）优先于 单位填报（未审核） 2024年1-12月 9,500" in page
    assert "演示数据（合成） ＞ 公开发布" in page
