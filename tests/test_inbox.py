"""Issue 13 §4: every task reaches the person who must act — the 待办 on the 工作台, fed by every
module, each item with a count and a link, gone when the task is done."""

import datetime
import re

import pytest

from qiangshi.accounts.models import Region, Unit
from qiangshi.evaluation.appeals import appeal_submit
from qiangshi.evaluation.models import Result
from qiangshi.evaluation.services import method_version_get, run_create
from qiangshi.plan.models import Alert
from qiangshi.plan.monitoring.alerts import alerts_refresh
from qiangshi.projects.models import Dispatch, Project
from tests.conftest import login
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城

DEADLINE = "2099-06-30"


@pytest.fixture
def lixia_project(reference):
    return Project.objects.create(
        code="JN-LX-001", name="历下智能制造产业园", region=Region.objects.get(code="370102"),
        kind="new", planned_investment=50000, unit=Unit.objects.get(code="lxqzf"))


def _inbox(client) -> dict[str, tuple[int, str]]:
    """label → (count, link) of each 待办 item on the home page."""
    page = client.get("/").content.decode()
    return {label: (int(count.replace(",", "")), link) for link, label, count in re.findall(
        r'<a class="card link-card" href="([^"]+)" data-testid="inbox-item"><h2>([^<]+)</h2>'
        r'<p class="big"><strong>([\d,]+)</strong>', page.replace("&amp;", "&"))}


def test_an_open_dispatch_to_a_district_is_in_its_inbox_until_answered_then_the_analysts_until_closed(
        client, lixia_project, lixia_user, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    client.post(f"/projects/{lixia_project.code}/dispatch/",
                {"unit": "lxqzf", "request": "请加快开工", "deadline": DEADLINE})
    dispatch = Dispatch.objects.get()
    assert "督办单已回复待办结" not in _inbox(client)
    client.post("/logout/")
    login(client, "lixia")
    assert _inbox(client)["督办单待回复"] == (1, "/projects/dispatches/?show=open")
    assert "历下智能制造产业园" in client.get("/projects/dispatches/?show=open").content.decode()
    client.post(f"/projects/dispatches/{dispatch.pk}/step/",
                {"action": "answer", "text": "已落实用地", "date": "2099-05-01"})
    assert "督办单待回复" not in _inbox(client)
    client.post("/logout/")
    login(client, "gxj")
    assert _inbox(client)["督办单已回复待办结"] == (1, "/projects/dispatches/?show=answered")
    client.post(f"/projects/dispatches/{dispatch.pk}/step/", {"action": "close", "text": "已开工"})
    assert "督办单已回复待办结" not in _inbox(client)


def test_an_overdue_dispatch_is_in_the_analysts_inbox(client, lixia_project, make_user):
    make_user("gxj", "analyst")
    Dispatch.objects.create(project=lixia_project, unit=lixia_project.unit, request="请推进",
                            deadline=datetime.date(2024, 1, 31))
    login(client, "gxj")
    assert _inbox(client)["督办单逾期未回复"] == (1, "/projects/dispatches/?show=overdue")


def test_another_districts_dispatch_is_not_in_the_inbox(client, lixia_project, huaiyin_user):
    Dispatch.objects.create(project=lixia_project, unit=lixia_project.unit, request="请推进",
                            deadline=datetime.date(2099, 1, 31))
    login(client, "huaiyin")
    assert "督办单待回复" not in _inbox(client)


def test_a_pending_appeal_is_in_the_analysts_inbox_and_goes_when_decided(client, ten_firms,  # noqa: F811
                                                                         make_user):
    make_user("gxj", "analyst")
    run = run_create(method_version_get("shandong-default"), 2024)
    appeal = appeal_submit(Result.objects.get(run=run, uscc=FIRMS[0]), reason="用地面积含代征道路",
                           evidence="", requested_class="")
    login(client, "gxj")
    count, link = _inbox(client)["亩均评价异议待处理"]
    assert count == 1 and client.get(link).status_code == 200
    appeal.status = "rejected"
    appeal.save()
    assert "亩均评价异议待处理" not in _inbox(client)


def test_the_home_page_shows_each_alert_once_whoever_else_it_was_raised_for(client, figures,
                                                                            make_user):
    Alert.objects.all().delete()
    alerts_refresh(figures, today=datetime.date(2024, 3, 20))
    # The waste share's alert is raised for the analysts and for the unit that reports it.
    assert Alert.objects.filter(indicator_code="GRN-SOLID-WASTE").count() == 2
    Alert.objects.filter(kind="overdue").delete()  # one per unit and period: fewer than a page
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/").content.decode()
    section = page[page.index('id="alerts"'):]
    assert section.count("一般工业固体废物综合利用率") == 1
    events = Alert.objects.values("kind", "indicator_code", "message").distinct().count()
    assert _inbox(client)["未解除预警"][0] == events < Alert.objects.count()


def test_a_user_with_nothing_to_do_sees_an_empty_inbox(client, make_user):
    make_user("boss", "leader")
    login(client, "boss")
    assert _inbox(client) == {}
    assert "没有待办事项" in client.get("/").content.decode()


def test_the_dispatch_list_is_in_the_navigation_and_the_leader_may_read_it(client, lixia_project,
                                                                           make_user):
    Dispatch.objects.create(project=lixia_project, unit=lixia_project.unit, request="请推进",
                            deadline=datetime.date(2099, 1, 31))
    make_user("boss", "leader")
    login(client, "boss")
    assert 'href="/projects/dispatches/"' in client.get("/").content.decode()
    page = client.get("/projects/dispatches/")
    assert page.status_code == 200 and "历下智能制造产业园" in page.content.decode()
    assert 'value="close"' not in page.content.decode()  # read only: no step form


def _modules(client) -> set[str]:
    page = client.get("/").content.decode()
    nav = page[page.index('aria-label="模块导航"'):page.index("</nav>")]
    return set(re.findall(r">([^<>\s]+)</a>", nav))


def test_modules_a_scoped_user_would_find_empty_are_not_in_its_navigation(client, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    make_user("chain", "chain", chain_codes=["smart-equipment"])
    login(client, "stats")
    reporter = _modules(client)
    # Firms and 亩均 results are reached by district only; a unit's reporter reaches projects.
    assert {"项目", "督办", "数据填报"} <= reporter and not {"企业", "亩均评价"} & reporter
    client.post("/logout/")
    login(client, "chain")
    chain = _modules(client)
    # A chain's task force reads its chain's firms (issue 15), not their 亩均 results.
    assert {"项目", "企业"} <= chain and not {"亩均评价", "督办"} & chain


def test_every_navigation_link_of_every_role_opens(client, mini_plan, make_user, lixia_user):
    users = {"gxj": "analyst", "boss": "leader", "stats": "reporter", "chain": "chain", "root": "admin"}
    scopes = {"stats": {"unit_codes": ["tjj"]}, "chain": {"chain_codes": ["smart-equipment"]}}
    for username, role in users.items():
        make_user(username, role, **scopes.get(username, {}))
    for username in [*users, "lixia"]:
        login(client, username)
        page = client.get("/").content.decode()
        nav = page[page.index('aria-label="模块导航"'):page.index("</nav>")]
        for link in re.findall(r'href="([^"]+)"', nav):
            assert client.get(link).status_code == 200, (username, link)
        client.post("/logout/")


def test_a_reporters_inbox_holds_reports_due_late_or_returned_and_drops_what_is_sent(
        client, mini_plan, make_user):
    make_user("stats", "reporter", unit_codes=["tjj"])
    login(client, "stats")
    label = "报送待填报（含到期、逾期、退回）"
    before, link = _inbox(client)[label]
    assert link == "/plan/reporting/" and before > 0
    client.post("/plan/reporting/tjj/monthly_cumulative/2024-02/",
                {"action": "submit", "value-MFG-REV": "1234.5"})
    assert _inbox(client)[label][0] == before - 1
