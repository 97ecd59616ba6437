"""Project forms whose hidden or free-text fields once overflowed their column (a 500 on
PostgreSQL, silently kept whole on SQLite)."""

import datetime

import pytest

from qiangshi.projects.models import Dispatch, StageChange
from qiangshi.projects.services import stage_change
from tests.conftest import login
from tests.projects.test_pipeline import project  # noqa: F401 — one project in 历城


@pytest.mark.parametrize("rule", ["x" * 200, "no_such_rule"])
def test_a_dispatch_with_a_rule_the_stall_engine_does_not_have_is_refused(client, project, make_user, rule):  # noqa: F811
    make_user("gxj", "analyst")
    login(client, "gxj")
    response = client.post(f"/projects/{project.code}/dispatch/", {
        "rule": rule, "request": "请说明原因", "deadline": "2099-01-31", "unit": "lcqzf"}, follow=True)
    assert response.status_code == 200 and "来源规则无法识别" in response.content.decode()
    assert not Dispatch.objects.exists()


def test_a_stage_note_longer_than_its_column_is_refused_in_chinese(client, project, make_user):  # noqa: F811
    stage_change(project, "signed", on=datetime.date(2024, 1, 10))
    make_user("gxj", "analyst")
    login(client, "gxj")
    response = client.post(f"/projects/{project.code}/", {"stage": "started", "on": "2024-03-01",
                                                          "note": "很长" * 200}, follow=True)
    assert response.status_code == 200 and "说明最多 300 个字" in response.content.decode()
    assert StageChange.objects.count() == 1
