"""Issue 13 §4 in the browser: a 督办单 issued from a stall reaches the district's 待办, is
answered there, closed by the analyst, and the stall row says so at each step."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from qiangshi.projects.models import Dispatch, Project
from qiangshi.projects.services import stage_change
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("QIANGSHI_SCREENSHOTS")
ROW = "tr[data-project='JN-LX-001']"


def _as(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, username, PASSWORD)
    return page


def _inbox_item(page, label):
    return page.locator("[data-testid=inbox-item]", has_text=label)


def test_dispatch_from_stall_to_district_inbox_answered_closed_and_marked(browser, live_server,
                                                                          tmp_path):
    roles_sync()
    reference_load()
    user_create(username="analyst", password=PASSWORD, display_name="分析员", role="analyst")
    user_create(username="lixia", password=PASSWORD, display_name="历下区", role="region",
                region_codes=["370102"], unit_codes=["lxqzf"])
    project = Project.objects.create(
        code="JN-LX-001", name="历下智能制造产业园", region=Region.objects.get(code="370102"),
        kind="new", planned_investment=50000, unit=Unit.objects.get(code="lxqzf"))
    stage_change(project, "signed", on=timezone.localdate() - datetime.timedelta(days=200))
    shots = Path(SHOTS) if SHOTS else tmp_path
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    analyst = _as(browser, live_server, "analyst")
    analyst.goto(live_server.url + "/projects/stalls/")
    row = analyst.locator(ROW)
    row.locator("input[name=deadline]").fill(deadline)
    row.get_by_role("button", name="督办").click()
    analyst.wait_for_selector("text=已向历下区政府发出督办单")
    assert "已督办 · 待回复" in analyst.locator(ROW).inner_text()
    analyst.screenshot(path=shots / "1-issued-from-stall.png", full_page=True)

    district = _as(browser, live_server, "lixia")
    assert district.get_by_test_id("notices").inner_text() == "通知1"
    item = _inbox_item(district, "督办单待回复")
    assert "1" in item.inner_text()
    item.click()
    district.wait_for_url("**/projects/dispatches/?show=open")
    order = district.locator("#dispatches tbody tr", has_text="历下智能制造产业园")
    order.locator("input[name=text]").fill("已落实用地，下月开工")
    order.get_by_role("button", name="回复").click()
    district.wait_for_selector("text=已记录")
    district.goto(live_server.url + "/")
    assert _inbox_item(district, "督办单待回复").count() == 0
    district.screenshot(path=shots / "2-answered.png", full_page=True)

    analyst.goto(live_server.url + "/")
    _inbox_item(analyst, "督办单已回复待办结").click()
    analyst.wait_for_url("**/projects/dispatches/?show=answered")
    order = analyst.locator("#dispatches tbody tr", has_text="历下智能制造产业园")
    assert "已落实用地" in order.inner_text()
    order.locator("input[name=text]").fill("已开工，办结")
    order.get_by_role("button", name="办结").click()
    analyst.wait_for_selector("text=已记录")
    assert Dispatch.objects.get().status == "closed"
    analyst.goto(live_server.url + "/")
    assert _inbox_item(analyst, "督办单已回复待办结").count() == 0
    analyst.goto(live_server.url + "/projects/stalls/")
    assert "已督办 · 已办结" in analyst.locator(ROW).inner_text()
    analyst.screenshot(path=shots / "3-closed-and-marked.png", full_page=True)
