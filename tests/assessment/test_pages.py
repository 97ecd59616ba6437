"""The assessment pages: ranking with intervals and marks, a unit's explanation, who may see and
start what, schemes edited as versions, and junk input answered without a 500."""

import io

import polars as pl
import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.assessment.models import Run, SchemeVersion
from qiangshi.assessment.services import run_create, scheme_load
from tests.assessment.conftest import SCHEME
from tests.conftest import login
from tests.formula_cells import FORMULA_NAME, assert_inert


@pytest.fixture
def run(scheme):
    return run_create(scheme, year=2024)


@pytest.fixture
def analyst(client, make_user):
    make_user("analyst", "analyst")
    login(client, "analyst")
    return client


def _unit(run, code):
    return run.units.get(region__code=code)


def test_the_ranking_shows_score_rank_interval_and_marks(analyst, run):
    page = analyst.get(f"/assessment/runs/{run.pk}/").content.decode()
    assert "<td class=\"num\">92</td>" in page and "第1位（1" in page and "第3位（3）" in page
    assert "蓝牌" in page and "红牌" in page
    assert 'data-chart="assessment-ranking"' in page and 'id="ranking-data"' in page
    assert run.input_hash in page  # 计算依据


def test_the_unit_page_explains_each_item_and_what_would_move_it_up(analyst, run):
    page = analyst.get(f"/assessment/units/{_unit(run, '370103').pk}/").content.decode()
    assert "营业收入增速 5.00%，功效系数得分 80.0 × 权重 60 % = 48.00" in page
    assert "固废利用率 100%，线性得分 100.0 × 权重 40 % = 40.00" in page
    # 市中 needs 92 − 88 = 4 more points: growth score 80 + 4 / 0.6 → 86.67 → 6.67 %
    assert "营业收入增速达到 6.67%（其他不变）即可上升一位" in page


def test_the_excel_export_holds_the_ranking_and_every_item(analyst, run):
    response = analyst.get(f"/assessment/runs/{run.pk}/?format=xlsx")
    content = io.BytesIO(response.content)
    ranking = pl.read_excel(content, sheet_name="排名", read_options={"header_row": 1})
    items = pl.read_excel(content, sheet_name="指标得分")
    assert ranking.sort("位次")["考核单位"].to_list()[0] == "历下区"
    assert items.height == 6


def test_a_district_sees_the_ranking_but_only_its_own_explanation(client, run, lixia_user):
    login(client, "lixia")
    page = client.get(f"/assessment/runs/{run.pk}/").content.decode()
    assert "市中区" in page and "<td class=\"num\">88</td>" in page
    assert f"/assessment/units/{_unit(run, '370102').pk}/" in page
    assert f"/assessment/units/{_unit(run, '370103').pk}/" not in page
    assert client.get(f"/assessment/units/{_unit(run, '370102').pk}/").status_code == 200
    assert client.get(f"/assessment/units/{_unit(run, '370103').pk}/").status_code == 404
    export = pl.read_excel(io.BytesIO(client.get(f"/assessment/runs/{run.pk}/?format=xlsx").content),
                           sheet_name="指标得分")
    assert set(export["考核单位"]) == {"历下区"}


def test_a_district_user_cannot_start_a_run_or_change_a_scheme(client, scheme, lixia_user):
    login(client, "lixia")
    assert client.post("/assessment/new/", {"scheme": "test-scheme", "year": "2024",
                                            "month": "12"}).status_code == 403
    assert client.post(f"/assessment/schemes/{scheme.pk}/", {"content": "name: x",
                                                              "note": "改"}).status_code == 403
    assert not Run.objects.exists() and SchemeVersion.objects.count() == 1


def test_an_analyst_starts_a_run_as_a_background_job(analyst, scheme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/assessment/new/", {"scheme": "test-scheme", "year": "2024",
                                                     "month": "12"})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    run = Run.objects.get()
    assert run.job_id is not None and run.units.count() == 3


def test_a_scheme_with_problems_is_refused_with_line_numbered_chinese_reasons(analyst, scheme):
    text = ("name: test-scheme\ntitle: 改\nindicators:\n  - key: a\n    method: efficacy\n"
            "    weight: -1\n    source: {type: weather}\noptions: {aggregation: median}\n")
    page = analyst.post(f"/assessment/schemes/{scheme.pk}/", {"content": text, "note": "改权重"})
    body = page.content.decode()
    assert page.status_code == 200 and "未保存" in body
    assert "第 7 行" in body and "数据来源应为" in body
    assert "第 4 行" in body and "权重不能为负" in body
    assert "第 8 行" in body and "加总方式 median 无法识别" in body
    assert SchemeVersion.objects.count() == 1


def test_an_analyst_saves_an_edited_scheme_as_a_new_version(analyst, scheme):
    text = analyst.get(f"/assessment/schemes/{scheme.pk}/").context["text"].replace(
        "weight: 60", "weight: 70")
    response = analyst.post(f"/assessment/schemes/{scheme.pk}/", {"content": text, "note": "增速权重提高"})
    saved = SchemeVersion.objects.get(name="test-scheme", version=2)
    assert response.status_code == 302 and saved.based_on == scheme and saved.note == "增速权重提高"
    assert scheme.content["indicators"][0]["weight"] == 60  # the old version is kept
    audit = AuditEvent.objects.get(object_type__icontains="schemeversion", object_id=str(saved.pk))
    assert audit.actor_name and audit.action == "create"


@pytest.mark.parametrize("data", [
    {"scheme": "test-scheme", "year": "abc", "month": "12"},
    {"scheme": "test-scheme", "year": "2024", "month": "13"},
    {"scheme": "no-such-scheme", "year": "2024", "month": "1"},
    {},
])
def test_junk_run_requests_are_refused_in_chinese_without_a_500(analyst, scheme, data):
    response = analyst.post("/assessment/new/", data, follow=True)
    assert response.status_code == 200 and "未能考核" in response.content.decode()
    assert not Run.objects.exists()


def test_junk_addresses_and_scheme_text_answer_without_a_500(analyst, scheme):
    assert analyst.get("/assessment/runs/999999/").status_code == 404
    assert analyst.get("/assessment/units/999999/").status_code == 404
    for junk in ["", "- a\n- b", "name: [unclosed", "\x00", "name: 1\ntitle: 2\nindicators: 3"]:
        response = analyst.post(f"/assessment/schemes/{scheme.pk}/", {"content": junk, "note": "试"})
        assert response.status_code in (200, 400) and SchemeVersion.objects.count() == 1


def test_the_illustrative_scheme_is_marked_on_its_pages(analyst, reference):
    from qiangshi.assessment.services import scheme_version_get

    version = scheme_version_get("jinan-default")
    page = analyst.get(f"/assessment/schemes/{version.pk}/").content.decode()
    assert "⚠ 示意（未找到济南公布的权重）" in page
    assert "⚠ 示意" in analyst.get("/assessment/schemes/").content.decode()


def test_an_indicator_named_like_a_formula_is_exported_as_inert_text(analyst, unit_plan):
    text = SCHEME.replace("name: 营业收入增速", f"name: '{FORMULA_NAME}'")
    run = run_create(scheme_load(text, note="测试"), year=2024)
    items = pl.read_excel(io.BytesIO(analyst.get(f"/assessment/runs/{run.pk}/?format=xlsx").content),
                          sheet_name="指标得分")
    assert_inert(items["指标"].to_list())


@pytest.mark.parametrize(("junk", "message"), [
    ("options: {coverage_threshold: 高}", "options：选项的取值应为数字"),
    ("options: {imputation: guess}", "插补方法应为"),
    ("marks: {blue: -1}", "名额应为非负整数"),
    ("uncertainty: {draws: 0}", "抽样次数至少为 1"),
    ("bands: {一档: 370102}", "bands.一档：应为地区代码的列表"),
])
def test_bad_scheme_options_are_refused_with_their_reason(analyst, scheme, junk, message):
    response = analyst.post(f"/assessment/schemes/{scheme.pk}/",
                            {"content": SCHEME.replace("marks: {blue: 1, yellow: 0, red: 1}", junk),
                             "note": "改"})
    assert message in response.content.decode()
    assert SchemeVersion.objects.count() == 1


def test_an_indicator_in_a_group_without_a_weight_is_refused_on_its_line(analyst, scheme):
    text = SCHEME.replace("indicators:", "groups: {经济: 1}\nindicators:")
    page = analyst.post(f"/assessment/schemes/{scheme.pk}/", {"content": text, "note": "改"}).content.decode()
    assert "第 6 行，indicators[0].group：一级指标 （空） 未给出权重" in page


def test_the_unit_page_counts_the_units_own_target_statuses_at_the_month_assessed(analyst, run):
    page = analyst.get(f"/assessment/units/{_unit(run, '370102').pk}/").content.decode()
    # no breakdown issued: 历下's amount targets read 目标未分解, not measured on the city's
    assert "本地区目标进度" in page and "目标未分解</span> 2 项" in page
    assert "?region=370102&as_of=2024-12" in page


@pytest.mark.parametrize(("needed", "value", "unit", "shown"), [
    (8.45, 7.0, "家", 9), (9.0, 7.0, "家", 9), (3.2, 5.0, "个", 3), (6.67, 5.0, "%", 6.67)])
def test_what_would_lift_a_unit_is_a_count_it_can_reach(needed, value, unit, shown):
    from qiangshi.assessment.models import ItemResult
    from qiangshi.assessment.selectors import lift_value

    assert lift_value(ItemResult(move_up=needed, value=value, measure_unit=unit)) == shown
