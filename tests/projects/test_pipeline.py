import datetime
import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from qiangshi.accounts.models import Region, Unit
from qiangshi.projects.dispatch import DispatchRefused, dispatch_issue
from qiangshi.projects.models import Dispatch, Project, StageChange
from qiangshi.projects.services import StageRefused, stage_change
from tests.conftest import login

D = datetime.date


@pytest.fixture
def project(reference):
    return Project.objects.create(
        code="JN-2024-001", name="新能源商用车总装项目", region=Region.objects.get(code="370112"),
        kind="new", planned_investment=120000, unit=Unit.objects.get(code="lcqzf"))


def test_stages_move_forward_with_dates_and_history(project):
    stage_change(project, "signed", on=D(2024, 1, 10), note="签约仪式")
    stage_change(project, "started", on=D(2024, 3, 1))
    stage_change(project, "registered", on=D(2024, 3, 20))
    project.refresh_from_db()
    assert project.stage == "started"
    assert list(StageChange.objects.values_list("stage", flat=True)) == [
        "signed", "started", "registered"]


def test_impossible_moves_are_refused_with_a_reason(project):
    stage_change(project, "signed", on=D(2024, 1, 10))
    with pytest.raises(StageRefused, match="尚未开工"):
        stage_change(project, "producing", on=D(2024, 6, 1))
    with pytest.raises(StageRefused, match="尚未开工，不能入库"):
        stage_change(project, "registered", on=D(2024, 6, 1))
    with pytest.raises(StageRefused):
        stage_change(project, "started", on=D(2023, 12, 1))  # before signing
    stage_change(project, "started", on=D(2024, 3, 1))
    with pytest.raises(StageRefused):
        stage_change(project, "signed", on=D(2024, 4, 1))  # backwards


def test_stalls_command_prints_each_stall_as_json(project):
    stage_change(project, "signed", on=D(2024, 1, 10))
    out = io.StringIO()
    call_command("projects", "stalls", "--as-of", "2024-06-30", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    # Signed 2024-01-10; 90 days allowed → due 2024-04-09; overdue on 2024-06-30 by 82 days.
    assert rows == [{"project": "新能源商用车总装项目", "project_id": project.pk,
                     "rule": "signed_not_started", "stage": "signed", "days_overdue": 82,
                     "unit": "历城区政府", "detail": rows[0]["detail"]}]


def test_pages_show_the_board_timeline_and_stalls_in_scope(client, project, lixia_user,
                                                          make_user):
    stage_change(project, "signed", on=D(2024, 1, 10))
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert "新能源商用车总装项目" in client.get("/projects/").content.decode()
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert "签约" in page and "2024-01-10" in page
    stalls = client.get("/projects/stalls/?as_of=2024-06-30").content.decode()
    assert "签约未开工" in stalls
    client.post(f"/projects/{project.code}/", {"stage": "producing", "on": "2024-06-01",
                                                "version": project.version},
                follow=True)
    project.refresh_from_db()
    assert project.stage == "signed"
    client.post("/logout/")
    login(client, "lixia")
    assert client.get(f"/projects/{project.code}/").status_code == 404


def test_dispatch_cycle_issue_answer_escalate_close_with_every_step(client, project, make_user):
    stage_change(project, "signed", on=D(2024, 1, 10))
    make_user("gxj", "analyst")
    make_user("lc", "region", region_codes=["370112"], unit_codes=["lcqzf"])
    login(client, "gxj")
    client.post(f"/projects/{project.code}/dispatch/", {
        "rule": "signed_not_started", "request": "签约未开工，请说明原因", "deadline": "2099-01-31",
        "unit": "lcqzf"})
    dispatch = Dispatch.objects.get()
    assert (dispatch.status, dispatch.unit.code) == ("open", "lcqzf")
    client.post("/logout/")
    login(client, "lc")
    client.post(f"/projects/dispatches/{dispatch.pk}/step/", {
        "action": "answer", "text": "土地摘牌延后，6月底开工", "date": "2099-06-30"})
    refused = client.post(f"/projects/dispatches/{dispatch.pk}/step/",
                          {"action": "close", "text": "自行办结"})
    assert refused.status_code == 403
    client.post("/logout/")
    login(client, "gxj")
    client.post(f"/projects/dispatches/{dispatch.pk}/step/", {
        "action": "escalate", "text": "未按期开工，升级督办", "date": "2099-07-31"})
    client.post(f"/projects/dispatches/{dispatch.pk}/step/", {"action": "close", "text": "已开工"})
    dispatch.refresh_from_db()
    assert dispatch.status == "closed" and dispatch.deadline == D(2099, 7, 31)
    assert list(dispatch.steps.values_list("action", flat=True)) == [
        "督办", "回复", "升级督办", "办结"]
    assert dispatch.steps.get(action="回复").promised_on == D(2099, 6, 30)


def test_overdue_dispatches_are_listed(client, project, make_user):
    dispatch = Dispatch.objects.create(project=project, unit=project.unit, request="请推进",
                                       deadline=D(2020, 1, 1))
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/projects/dispatches/?show=overdue").content.decode()
    assert "请推进" in page and 'class="late"' in page
    dispatch.status = "closed"
    dispatch.save()
    assert "请推进" not in client.get("/projects/dispatches/?show=overdue").content.decode()


def test_a_deadline_in_the_past_is_refused(project, make_user):
    with pytest.raises(DispatchRefused, match="不能早于今天"):
        dispatch_issue(project, unit=project.unit, request="x", deadline=D(2020, 1, 1))


def test_second_stage_change_from_an_old_page_is_refused_and_told(client, project, make_user):
    from django.test import Client

    stage_change(project, "signed", on=D(2024, 1, 10))
    make_user("wang", "analyst")
    make_user("li", "analyst")
    wang, li = client, Client()
    login(wang, "wang")
    login(li, "li")
    url = f"/projects/{project.code}/"
    version = wang.get(url).content.decode().split('name="version" value="')[1].split('"')[0]
    assert li.get(url).status_code == 200
    wang.post(url, {"stage": "started", "on": "2024-03-01", "version": version})
    page = li.post(url, {"stage": "started", "on": "2024-03-05", "note": "李的记录",
                         "version": version}, follow=True).content.decode()
    assert "其他用户已修改该项目" in page and "开工" in page
    assert StageChange.objects.get(stage="started").on == D(2024, 3, 1)  # wang's edit stands


def test_stage_change_service_refuses_a_stale_project_version(project):
    stage_change(project, "signed", on=D(2024, 1, 10))
    stale = Project.objects.get(pk=project.pk).version
    stage_change(project, "started", on=D(2024, 3, 1), version=stale)
    with pytest.raises(StageRefused, match="其他用户已修改该项目"):
        stage_change(project, "registered", on=D(2024, 3, 20), version=stale)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="true parallel writers need PostgreSQL")
def test_a_dispatch_closed_while_being_answered_stays_closed(reference):
    from qiangshi.projects.dispatch import dispatch_answer, dispatch_close

    project = Project.objects.create(
        code="JN-2024-009", name="并发督办项目", region=Region.objects.get(code="370112"),
        kind="new", unit=Unit.objects.get(code="lcqzf"))
    unit = Unit.objects.get(code="lcqzf")
    outcomes = []

    def act(pk, action, barrier):
        try:
            barrier.wait()
            dispatch = Dispatch.objects.get(pk=pk)  # each user's page loaded the open order
            if action == "close":
                dispatch_close(dispatch, text="已开工")
            else:
                dispatch_answer(dispatch, text="6月底开工", promised_on=None)
            outcomes.append(action)
        except DispatchRefused:
            outcomes.append(f"{action} refused")
        finally:
            connection.close()

    for _ in range(15):
        dispatch = dispatch_issue(project, unit=unit, request="请说明", deadline=D(2099, 1, 1))
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=act, args=(dispatch.pk, a, barrier))
                   for a in ("close", "answer")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        dispatch.refresh_from_db()
        last = dispatch.steps.order_by("-at", "-pk").first().action
        # the stored status is the one the last recorded step leads to: never a close lost
        assert (dispatch.status, last) in {("closed", "办结"), ("answered", "回复")}
        assert dispatch.steps.filter(action="办结").exists()
        assert dispatch.status == "closed", outcomes
