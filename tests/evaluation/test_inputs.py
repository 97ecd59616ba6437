"""Evaluation inputs that once gave a server error or a stuck appeal (issue 11 §6)."""

import pytest

from qiangshi.evaluation.models import Appeal, Result, Run
from qiangshi.evaluation.services import method_version_get, run_create
from tests.conftest import login
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城


@pytest.fixture
def run(ten_firms):  # noqa: F811
    return run_create(method_version_get("shandong-default"), 2024)


@pytest.mark.parametrize("query", ["a=x&b=y", "a=1.5&b=2", "a=-1&b=0", "a=&b=",
                                   "a=99999999999999999999&b=1", ""])
def test_run_comparison_with_ids_that_name_no_run_answers_404(client, run, make_user, query):
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert client.get(f"/evaluation/compare/?{query}").status_code == 404


@pytest.mark.parametrize("year", ["-1", "99999", "1e400", "nan", "1900"])
def test_a_run_for_a_year_outside_the_calendar_is_refused_in_chinese(client, ten_firms, make_user, year):  # noqa: F811
    make_user("gxj", "analyst")
    login(client, "gxj")
    response = client.post("/evaluation/new/", {"method": "shandong-default", "year": year}, follow=True)
    assert response.status_code == 200
    assert "未能评价" in response.content.decode()
    assert not Run.objects.exists()


@pytest.mark.parametrize("klass", ["Z", "T", "AB", "a"])
def test_an_appeal_may_only_request_a_class_the_method_can_assign(client, run, make_user, klass):
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    make_user("lc", "region", region_codes=["370112"])
    login(client, "lc")
    response = client.post(f"/evaluation/results/{worst.pk}/appeal/",
                           {"reason": "用地面积含代征道路", "requested_class": klass}, follow=True)
    assert "请求类别" in response.content.decode()
    assert not Appeal.objects.exists()


def test_an_appeal_stored_with_an_unknown_class_can_still_be_decided(client, run, make_user):
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    appeal = Appeal.objects.create(result=worst, reason="旧数据", requested_class="Z")
    make_user("gxj", "analyst")
    login(client, "gxj")
    # The requested class is never applied on its own: upholding needs a correction or an
    # explicit forced class, and "Z" is neither.
    response = client.post(f"/evaluation/appeals/{appeal.pk}/decide/",
                           {"decision": "upheld", "note": "同意"}, follow=True)
    assert response.status_code == 200 and "须更正企业数据或指定类别" in response.content.decode()
    forced = client.post(f"/evaluation/appeals/{appeal.pk}/decide/",
                         {"decision": "upheld", "note": "同意", "force_class": "Z",
                          "reason_code": "REVIEW"}, follow=True)
    assert "指定类别“Z”无效" in forced.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.PENDING
    client.post(f"/evaluation/appeals/{appeal.pk}/decide/", {"decision": "rejected", "note": "不成立"})
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED


def test_a_run_note_longer_than_its_column_is_refused_in_chinese(client, ten_firms, make_user):  # noqa: F811
    make_user("gxj", "analyst")
    login(client, "gxj")
    response = client.post("/evaluation/new/", {"method": "shandong-default", "year": "2024",
                                                 "note": "说" * 301}, follow=True)
    assert "说明最多 300 个字" in response.content.decode()
    assert not Run.objects.exists()
