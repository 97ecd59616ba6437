"""A plan after its end: judged at its end (终期), no reporting after its last period, shown as
ended, and still readable when the next plan is loaded; what is late, for a script."""

import datetime
import io
import json

import polars as pl
import pytest
from django.core.management import call_command
from django.utils import timezone

from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.demo_series import demo_observations
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, Plan
from qiangshi.plan.monitoring.selectors import AsOf, latest_as_of
from qiangshi.plan.reporting.obligations import obligations, reporting_units
from qiangshi.plan.selectors import plan_current
from tests.conftest import login
from tests.plan_data import mini_plan_text

D = datetime.date
NEXT = {"code: mini-plan": "code: mini-next", "period_start: 2023": "period_start: 2026",
        "period_end: 2025": "period_end: 2028", "base_year: 2022": "base_year: 2025",
        "title: 测试市工业强市三年行动计划": "title: 测试市新一轮行动计划"}


def _today(monkeypatch, day: D) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


@pytest.mark.parametrize(("day", "stage"), [
    (D(2022, 12, 31), "未开始"), (D(2023, 1, 1), "执行中"), (D(2025, 12, 31), "执行中"),
    (D(2026, 1, 1), "已结束")])
def test_a_plan_is_coming_running_or_ended_by_its_calendar_years(day, stage):
    plan = Plan(period_start=2023, period_end=2025)
    assert plan.stage_on(day) == stage
    assert plan.ended_on(day) is (stage == "已结束")


def test_the_plan_in_force_is_the_default_and_an_ended_one_stays_readable_by_choice(
        mini_plan, client, make_user, monkeypatch, django_capture_on_commit_callbacks):
    text = mini_plan_text(**NEXT).replace("target_year: 2025", "target_year: 2028")
    with django_capture_on_commit_callbacks(execute=True):
        following = plan_load(text).plan
    _today(monkeypatch, D(2025, 12, 31))
    assert plan_current() == mini_plan
    _today(monkeypatch, D(2026, 1, 1))
    assert plan_current() == following
    make_user("gxj", "analyst")
    login(client, "gxj")
    listed = client.get("/plan/plans/").content.decode()
    assert "测试市新一轮行动计划" in listed and "正在查看" in listed and "已结束" in listed
    assert "测试市新一轮行动计划" in client.get("/plan/indicators/").content.decode()
    assert client.post("/plan/plans/choose/", {"code": "mini-plan"}).status_code == 302
    shown = client.get("/plan/indicators/").content.decode()
    assert "测试市工业强市三年行动计划" in shown and "已经结束，以下为终期结果" in shown
    # Nothing else is chosen by a code that is not loaded, nor by an empty one.
    for code in ("no-such-plan", ""):
        assert "没有这个行动计划" in client.post("/plan/plans/choose/", {"code": code},
                                            follow=True).content.decode()
    assert "测试市工业强市三年行动计划" in client.get("/plan/indicators/").content.decode()


def test_a_running_plan_shows_no_end_notice(mini_plan, client, make_user, monkeypatch):
    _today(monkeypatch, D(2025, 6, 30))
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert "终期" not in client.get("/plan/indicators/").content.decode()


def test_figures_after_the_plans_last_year_do_not_move_its_as_of(figures):
    assert latest_as_of(figures) == AsOf(2024, 6)
    report = observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2026年1-3月,2300\n"
                                .encode(), "次年.csv", plan=figures,
                                source_kind=Observation.SourceKind.PUBLISHED)
    assert report.written, report.errors
    assert latest_as_of(figures) == AsOf(2024, 6)


def test_no_reporting_is_owed_after_the_plans_last_period(mini_plan):
    unit = reporting_units(mini_plan).get(name="市统计局")
    owed = obligations(mini_plan, unit, today=D(2030, 1, 1))
    assert owed and max(o.due.year for o in owed) == 2025
    assert {(o.due.year, o.due.month) for o in owed if o.due.year == 2025} >= {(2025, 12)}


def test_reporting_overdue_json_lists_unit_indicator_period_due_and_days_late(mini_plan):
    out = io.StringIO()
    call_command("reporting", "overdue", "--today", "2023-03-21", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    # 1–2月 2023 of the monthly revenue, due 10 March (10 days after the period), 11 days late
    # on 21 March, owed by both of its units.
    late = [r for r in rows if r["indicator"] == "MFG-REV"]
    assert {(r["unit"], r["period"], r["due"], r["days_late"]) for r in late} == {
        ("市统计局", "2023年1-2月", "2023-03-10", 11),
        ("市工业和信息化局", "2023年1-2月", "2023-03-10", 11)}
    assert set(rows[0]) >= {"unit", "indicator", "period", "due", "days_late"}
    # On its deadline a period is not yet late.
    out = io.StringIO()
    call_command("reporting", "overdue", "--today", "2023-03-10", stdout=out)
    assert "没有逾期未报的数据" in out.getvalue()


INDICATORS = pl.DataFrame({
    "code": ["REV", "LABS", "SHARE"], "kind": ["level", "level", "level"],
    "comparator": ["at_least"] * 3, "target_value": [100.0, 10.0, 50.0],
    "target_year": [2025] * 3, "base_year": [2022] * 3,
    "frequency": ["monthly_cumulative", "annual", "quarterly"], "unit": ["亿元", "家", "%"]})


@pytest.mark.parametrize(("until", "present", "absent"), [
    ((2024, 6), {("REV", "2024年1-6月"), ("LABS", "2023"), ("SHARE", "2024年1-6月")},
     {("REV", "2024年1-7月"), ("LABS", "2024"), ("SHARE", "2024年1-9月"), ("SHARE", "2024年1-5月")}),
    ((2024, 12), {("LABS", "2024"), ("REV", "2024年1-12月"), ("SHARE", "2024年1-12月")},
     {("LABS", "2025"), ("REV", "2025年1-2月")}),
    ((2026, 11), {("LABS", "2025"), ("SHARE", "2025年1-12月")}, {("LABS", "2026")}),
])
def test_demo_figures_run_to_the_last_month_that_has_ended(until, present, absent):
    rows = demo_observations(INDICATORS, base_year=2022, last_year=2025, until=until)
    keys = set(rows.select("指标代码", "期别").iter_rows())
    assert present <= keys and not (absent & keys)


def test_an_analyst_loads_the_next_plan_from_its_file_and_the_old_one_stays(
        mini_plan, client, make_user, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = mini_plan_text(**NEXT).replace("target_year: 2025", "target_year: 2028")
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/plan/plans/").content.decode()
    assert page.count('name="file"') == 1 and "<title>行动计划 · 强市</title>" in page
    with django_capture_on_commit_callbacks(execute=True):
        loaded = client.post("/plan/plans/load/", {
            "file": SimpleUploadedFile("next.yaml", text.encode())}, follow=True)
    assert "已载入“测试市新一轮行动计划”（第 1 次载入）" in loaded.content.decode()
    assert set(Plan.objects.filter(is_current=True).values_list("code", flat=True)) == {
        "mini-plan", "mini-next"}
    again = client.post("/plan/plans/load/", {
        "file": SimpleUploadedFile("next.yaml", text.encode())}, follow=True)
    assert "与已载入的版本相同，未作改动" in again.content.decode()
    assert Plan.objects.filter(code="mini-next").count() == 1


@pytest.mark.parametrize(("content", "reason"), [
    (b"plan: [unclosed", "第 1 行"), ("计划".encode("gbk"), "UTF-8"),
    (mini_plan_text().replace("period_end: 2025", "period_end: 2020").encode(), "目标年")])
def test_a_bad_plan_file_is_refused_with_its_problems_and_changes_nothing(
        mini_plan, client, make_user, content, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.post("/plan/plans/load/", {"file": SimpleUploadedFile("p.yaml", content)})
    assert page.status_code == 400 and reason in page.content.decode()
    assert "计划文件有误，未载入" in page.content.decode() or "UTF-8" in page.content.decode()
    assert Plan.objects.count() == 1


def test_only_analysts_may_load_a_plan(mini_plan, client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_user("boss", "leader")
    login(client, "boss")
    assert "载入新一轮计划" not in client.get("/plan/plans/").content.decode()
    page = client.post("/plan/plans/load/", {"file": SimpleUploadedFile("p.yaml", b"x")})
    assert page.status_code == 403 and Plan.objects.count() == 1
