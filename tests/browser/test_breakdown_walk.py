"""Issue 14 §1 in the browser: the analyst breaks a city target down to two districts, enters
one value by hand and issues the version; the district then reads its own target, not the
city's, on its indicator page."""

import os
from pathlib import Path

import pytest

from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.plan_data import FIGURES, mini_plan_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("QIANGSHI_SCREENSHOTS")
DISTRICTS = """指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明
MFG-REV,370102,2022,600,,最终,区报
MFG-REV,370103,2022,200,,最终,区报
MFG-REV,370102,2023,630,,最终,区报
"""


def _as(browser, live_server, username):
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, username, PASSWORD)
    return page


def test_a_target_broken_down_edited_and_issued_reaches_the_district(browser, live_server,
                                                                     tmp_path):
    roles_sync()
    reference_load()
    plan = plan_load(mini_plan_text(**{
        "  base_year: 2022\n": '  base_year: 2022\n  regions: ["370102", "370103"]\n'})).plan
    for text in (FIGURES, DISTRICTS):
        observation_import(text.encode(), "figures.csv", plan=plan,
                           source_kind=Observation.SourceKind.PUBLISHED)
    user_create(username="analyst", password=PASSWORD, display_name="分析员", role="analyst")
    user_create(username="lixia", password=PASSWORD, display_name="历下区", role="region",
                region_codes=["370102"], unit_codes=["lxqzf"])
    shots = Path(SHOTS) if SHOTS else tmp_path

    analyst = _as(browser, live_server, "analyst")
    analyst.goto(live_server.url + "/plan/breakdown/")
    assert analyst.locator("input[name=region]:checked").count() == 2
    analyst.get_by_role("button", name="新建草稿").click()
    analyst.wait_for_selector("text=已新建目标分解第1版草稿")
    analyst.get_by_role("link", name="规模以上工业营业收入").click()
    cell = analyst.locator("input[name='v-370102-2025']")
    assert cell.input_value() == "7500"
    cell.fill("7,600")
    analyst.get_by_role("button", name="保存手工填报的值").click()
    analyst.wait_for_selector("text=已保存 1 个修改的目标值")
    # the regions now add up to 100 more than the city's 10,000
    assert "10,100" in analyst.locator("table").first.inner_text()
    analyst.screenshot(path=shots / "breakdown-indicator.png", full_page=True)
    analyst.get_by_role("link", name="第1版").click()
    analyst.fill("input[name=document_number]", "济工强办〔2023〕1号")
    analyst.get_by_role("button", name="登记印发").click()
    analyst.wait_for_selector("text=第1版已登记印发")
    assert "现行" in analyst.locator("h1").inner_text()

    district = _as(browser, live_server, "lixia")
    district.goto(live_server.url + "/plan/indicators/MFG-REV/?region=370102")
    facts = district.locator("dl.facts").first.inner_text()
    assert "历下区目标" in facts and "7,600亿元" in facts
    district.screenshot(path=shots / "breakdown-district.png", full_page=True)
