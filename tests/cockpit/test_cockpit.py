import io
import json

import polars as pl
import pytest
from django.core.management import call_command

from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Milestone, ProgressResult
from tests.conftest import login


def _analyst(client, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")


def test_overview_groups_targets_with_status_and_the_ones_needing_attention(client, figures,
                                                                            make_user):
    _analyst(client, make_user)
    page = client.get("/cockpit/?as_of=2024-06").content.decode()
    assert "制造业能级" in page and "绿色发展能级" in page
    assert "任务 1．提升制造业创新能力" in page
    attention = page.split("最需关注")[1].split("</ol>")[0]
    assert "一般工业固体废物综合利用率" in attention  # 倒退 comes first
    assert "时间进度 <strong>50.0%</strong>" in page


def test_overview_filters_by_status_category_and_unit(client, figures, make_user):
    _analyst(client, make_user)
    by_status = client.get("/cockpit/?as_of=2024-06&status=regressing").content.decode()
    assert "一般工业固体废物综合利用率" in by_status and "规模以上工业营业收入</a>" not in by_status
    by_category = client.get("/cockpit/?as_of=2024-06&category=green").content.decode()
    assert "规模以上工业营业收入</a>" not in by_category
    by_unit = client.get("/cockpit/?as_of=2024-06&unit=kjj").content.decode()
    assert "新增省级以上创新平台" in by_unit and "一般工业固体废物" not in by_unit


def test_cockpit_and_progress_command_agree(client, figures, make_user):
    _analyst(client, make_user)
    out = io.StringIO()
    call_command("progress", "--as-of", "2024-06", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    export = client.get("/cockpit/?as_of=2024-06&format=xlsx")
    sheet = pl.read_excel(io.BytesIO(export.content))
    shown = dict(zip(sheet["指标代码"], sheet["状态"], strict=True))
    assert shown == {row["code"]: row["status_label"] for row in rows}
    assert export["X-Qiangshi-Method"] == rows[0]["method_version"]


def test_district_user_sees_its_own_district_and_cannot_switch_to_another(client, figures,
                                                                          lixia_user):
    login(client, "lixia")
    own = client.get("/cockpit/?as_of=2024-06").content.decode()
    assert 'value="370102" selected' in own
    other = client.get("/cockpit/?as_of=2024-06&region=370104").content.decode()
    assert 'value="370104"' not in other and 'value="370102" selected' in other


def test_unit_reporter_sees_only_its_indicators(client, figures, make_user):
    make_user("env", "reporter", unit_codes=["sthjj"])
    login(client, "env")
    page = client.get("/cockpit/?as_of=2024-06").content.decode()
    assert "一般工业固体废物综合利用率" in page and "规模以上工业营业收入" not in page
    assert client.get("/plan/indicators/MFG-REV/").status_code == 404
    assert client.get("/plan/indicators/GRN-SOLID-WASTE/").status_code == 200


def test_indicator_page_explains_the_method_and_shows_figures_and_revisions(
        client, figures, make_user, django_capture_on_commit_callbacks):
    _analyst(client, make_user)
    with django_capture_on_commit_callbacks(execute=True):
        observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2023,8650\n".encode(),
                           "revise.csv", plan=figures)
    page = client.get("/plan/indicators/MFG-REV/?as_of=2024-06").content.decode()
    assert "规模以上工业营业收入突破1万亿元" in page
    assert "需加快" in page and "progress-4" in page
    assert "8,640 → 8,650" in page
    assert "2024年1-6月" in page
    chart = json.loads(page.split('id="series-data" type="application/json">')[1]
                       .split("</script>")[0])
    assert chart["years"] == ["2022", "2023", "2024", "2025"]
    assert chart["actual"][:2] == [8000, 8650] and chart["target"] == 10000
    # Geometric milestones from 8000 (2022) to 10000 (2025): 8000 · 1.25^(1/3) = 8617.7 in 2023.
    assert chart["milestones"][0] is None
    assert chart["milestones"][1] == pytest.approx(8617.7, abs=0.1)
    assert chart["milestones"][3] == pytest.approx(10000)


def test_task_and_unit_pages(client, figures, make_user):
    _analyst(client, make_user)
    task = client.get("/plan/tasks/1/").content.decode()
    assert "强化企业创新主体地位" in task and "新增省级以上创新平台" in task
    unit = client.get("/plan/units/tjj/").content.decode()
    assert "规模以上工业营业收入" in unit
    assert "任务" in client.get("/plan/tasks/").content.decode()


def test_cockpit_without_figures_says_so(client, mini_plan, make_user):
    _analyst(client, make_user)
    assert "还没有任何指标数据" in client.get("/cockpit/").content.decode()


def test_analyst_sets_a_milestone_and_progress_uses_it(client, figures, make_user,
                                                       django_capture_on_commit_callbacks):
    _analyst(client, make_user)
    url = "/plan/indicators/MFG-REV/?as_of=2024-06&region=370100"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"milestone-2024": "9500"})
    page = client.get(url).content.decode()
    assert 'name="milestone-2024" value="9500"' in page
    chart = json.loads(page.split('id="series-data" type="application/json">')[1]
                       .split("</script>")[0])
    assert chart["milestones"][2] == 9500
    latest = ProgressResult.objects.filter(indicator__code="MFG-REV", region__code="370100",
                                           run__as_of_year=2024).order_by("-run_id").first()
    assert latest.milestone_value == 9500
    client.post(url, {"milestone-2024": "", "milestone-2024-version": "1"})
    assert not Milestone.objects.exists()


def test_only_analysts_may_set_milestones(client, figures, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    assert client.post("/plan/indicators/MFG-REV/", {"milestone-2024": "1"}).status_code == 403


def test_indicator_figures_export_to_excel(client, figures, make_user):
    _analyst(client, make_user)
    export = client.get("/plan/indicators/MFG-REV/?region=370100&format=xlsx")
    sheet = pl.read_excel(io.BytesIO(export.content))
    assert sheet["期别"].to_list() == ["2024年1-6月", "2023年", "2022年"]
    assert sheet["来源类别"].to_list()[0] == "公开发布"


def test_unit_page_lists_what_the_unit_owes(client, figures, make_user):
    _analyst(client, make_user)
    page = client.get("/plan/units/tjj/").content.decode()
    owed = page.split('id="owed"')[1].split("</table>")[0]
    assert "2025年1-12月" in owed and "逾期" in owed


def test_the_board_is_rendered_once_per_run_scope_and_filter(
        client, figures, make_user, django_assert_max_num_queries,
        django_capture_on_commit_callbacks):
    _analyst(client, make_user)
    def board():
        return client.get("/cockpit/?as_of=2024-06").content.decode().split('id="board"')[1]

    first = board()
    with django_assert_max_num_queries(14):
        again = board()
    assert again == first
    with django_capture_on_commit_callbacks(execute=True):
        observation_import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-6月,5000\n"
                           .encode(), "new.csv", plan=figures)
    changed = board()
    assert changed != first and "5,000" in changed


def test_indicator_list_and_alerts_export_to_excel(client, figures, make_user):
    from qiangshi.plan.monitoring.alerts import alerts_refresh

    alerts_refresh(figures)
    _analyst(client, make_user)
    indicators = pl.read_excel(io.BytesIO(client.get("/plan/indicators/?format=xlsx").content))
    assert indicators["指标代码"].to_list() == ["MFG-REV", "GRN-SOLID-WASTE", "T1-LABS"]
    assert set(indicators["填报单位"][0].split("、")) == {"市统计局", "市工业和信息化局"}
    alerts = pl.read_excel(io.BytesIO(client.get("/plan/alerts/?format=xlsx").content))
    assert "一般工业固体废物" in " ".join(alerts["内容"].to_list())


def test_indicator_page_computes_yoy_where_none_was_reported(client, figures, make_user):
    _analyst(client, make_user)
    page = client.get("/plan/indicators/GRN-SOLID-WASTE/?region=370100").content.decode()
    # 58 against 60 a year earlier: −3.33 %.
    assert "-3.33 <span class=\"hint\">计算</span>" in page


def test_cockpit_filters_with_unknown_codes_show_everything_and_cache_no_junk(client, figures, make_user):
    import warnings

    from django.core.cache import CacheKeyWarning

    _analyst(client, make_user)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        response = client.get("/cockpit/", {"category": "ß\x1c" + "x" * 300, "unit": " 无此单位"})
    assert response.status_code == 200
    assert response.context["filters"]["category"] == "" and response.context["filters"]["unit_code"] == ""


def test_the_cockpit_reads_the_stored_run_once_per_request(client, figures, make_user,
                                                           monkeypatch):
    from qiangshi.cockpit import views
    from qiangshi.plan.models import ProgressRun

    calls = []
    real = views.progress_latest

    def counted(plan, as_of):
        calls.append(as_of)
        return real(plan, as_of)

    monkeypatch.setattr(views, "progress_latest", counted)
    _analyst(client, make_user)
    runs = ProgressRun.objects.count()
    assert "滞后" in client.get("/cockpit/").content.decode()
    assert len(calls) == 1
    client.get("/cockpit/?format=xlsx")
    assert len(calls) == 2 and ProgressRun.objects.count() == runs


def test_method_versions_and_input_hashes_are_only_in_the_openable_basis(client, figures,
                                                                          make_user):
    import re

    from qiangshi.plan.models import ProgressRun

    run = ProgressRun.objects.latest("pk")
    make_user("gxj", "analyst")
    login(client, "gxj")
    for page in ("/cockpit/", "/plan/indicators/MFG-REV/"):
        text = client.get(page).content.decode()
        basis = "".join(re.findall(r'<details class="basis">.*?</details>', text, re.S))
        outside = re.sub(r'<details class="basis">.*?</details>', "", text, flags=re.S)
        assert run.input_hash in basis and run.method_version in basis, page
        assert run.input_hash[:12] not in outside and run.method_version not in outside, page
