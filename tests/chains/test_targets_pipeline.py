"""A target's pipeline: dated events move its stage forward and never back, 落地 links the
landed project, and only the chain's task force (or the city) records them, checked on the
stored target."""

import datetime

import pytest

from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.chains.lists_services import event_add
from qiangshi.chains.models_lists import TargetEvent, TargetFirm
from qiangshi.chains.services import ChainRefused
from qiangshi.projects.models import Project
from tests.chains.lists_data import IC, NEV, nodes
from tests.conftest import login

TODAY = datetime.date.today()


@pytest.fixture
def target(reference):
    return TargetFirm.objects.create(chain=NEV, node=nodes(NEV)[0], name="苏州某电池材料有限公司")


@pytest.fixture
def other_target(reference):
    return TargetFirm.objects.create(chain=IC, node=nodes(IC)[0], name="上海某芯片设计有限公司")


def _project(code, chain):
    return Project.objects.create(
        code=code, name=f"项目{code}", region=Region.objects.get(code="370112"), kind="new",
        planned_investment=1000, unit=Unit.objects.get(code="lcqzf"), chain_code=chain)


@pytest.fixture
def team(client, make_user):
    make_user("nev", "chain", chain_codes=[NEV])
    login(client, "nev")
    return client


def test_signing_moves_the_stage_forward_and_an_earlier_event_does_not_move_it_back(target):
    said = event_add(user=None, target=target, kind=TargetEvent.Kind.SIGNED, on=TODAY)
    assert target.stage == "signed" and "由“线索”进至“签约”" in said
    said = event_add(user=None, target=target, kind=TargetEvent.Kind.CONTACT, on=TODAY, note="回访")
    target.refresh_from_db()
    assert target.stage == "signed" and "不会后退" in said
    assert target.events.count() == 2


def test_landing_needs_a_project_of_the_chain_and_links_it(target):
    with pytest.raises(ChainRefused, match="须填写落地项目"):
        event_add(user=None, target=target, kind=TargetEvent.Kind.LANDED, on=TODAY)
    _project("XM-IC-1", IC)
    with pytest.raises(ChainRefused, match="其他产业链"):
        event_add(user=None, target=target, kind=TargetEvent.Kind.LANDED, on=TODAY, project_code="XM-IC-1")
    with pytest.raises(ChainRefused, match="没有编号为 XM-NONE"):
        event_add(user=None, target=target, kind=TargetEvent.Kind.LANDED, on=TODAY, project_code="XM-NONE")
    landed = _project("XM-NEV-1", NEV)
    event_add(user=None, target=target, kind=TargetEvent.Kind.LANDED, on=TODAY, project_code="XM-NEV-1")
    target.refresh_from_db()
    assert (target.stage, target.project) == ("landed", landed)


def test_a_future_date_is_refused(target):
    with pytest.raises(ChainRefused, match="不能晚于今天"):
        event_add(user=None, target=target, kind="contact", on=TODAY + datetime.timedelta(days=1))


def test_the_task_force_records_an_event_on_its_page_and_it_is_audited(team, target):
    response = team.post(f"/chains/{NEV}/targets/{target.pk}/",
                         {"kind": "first_talk", "on": TODAY.isoformat(), "note": "首次会谈"}, follow=True)
    page = response.content.decode()
    assert "进至“接触”" in page and "首报首谈" in page and "首次会谈" in page
    assert AuditEvent.objects.filter(object_type="chains.TargetEvent").exists()


def test_a_bad_date_or_kind_on_the_page_is_a_chinese_message(team, target):
    page = team.post(f"/chains/{NEV}/targets/{target.pk}/", {"kind": "contact", "on": "明天"},
                     follow=True).content.decode()
    assert "日期格式应为 YYYY-MM-DD" in page
    page = team.post(f"/chains/{NEV}/targets/{target.pk}/", {"kind": "x", "on": TODAY.isoformat()},
                     follow=True).content.decode()
    assert "请选择跟进事项" in page
    assert not target.events.exists()


def test_another_chains_target_is_404_and_refused_on_the_stored_row(team, target, other_target, make_user):
    assert team.get(f"/chains/{IC}/targets/{other_target.pk}/").status_code == 404
    # the task force's own chain in the address does not open another chain's target
    assert team.post(f"/chains/{NEV}/targets/{other_target.pk}/",
                     {"kind": "signed", "on": TODAY.isoformat()}).status_code == 404
    with pytest.raises(ChainRefused):
        event_add(user=make_user("nev2", "chain", chain_codes=[NEV]), target=other_target,
                  kind="signed", on=TODAY)
    other_target.refresh_from_db()
    assert other_target.stage == "lead" and not other_target.events.exists()


def test_a_leader_reads_the_target_but_cannot_record(client, make_user, target):
    make_user("boss", "leader")
    login(client, "boss")
    assert client.get(f"/chains/{NEV}/targets/{target.pk}/").status_code == 200
    page = client.post(f"/chains/{NEV}/targets/{target.pk}/", {"kind": "signed", "on": TODAY.isoformat()},
                       follow=True).content.decode()
    assert "无权登记跟进记录" in page and not target.events.exists()
