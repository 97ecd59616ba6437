"""Issue 16 in the browser: the analyst generates the month's bulletin, edits a section and
issues it with its 文号; it is in the archive, and the leader finds it in the 待办 and reads it."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_generate_edit_issue_archive_and_the_leaders_todo(browser, live_server, demo):
    analyst = browser.new_context(locale="zh-CN").new_page()
    log_in(analyst, live_server, "analyst", DEMO_PASSWORD)
    analyst.get_by_role("navigation", name="模块导航").get_by_role("link", name="通报").click()
    analyst.fill("input[name=year]", "2025")
    analyst.select_option("select[name=month]", "10")
    analyst.get_by_role("button", name="生成工作通报草稿").click()
    analyst.get_by_role("link", name="修改与签发").click()
    assert "关于2025年1—10月全市工业经济运行情况的通报" in analyst.inner_text("h1")
    assert "一、总体情况" in analyst.inner_text("article")

    analyst.get_by_role("link", name="修改草稿").click()
    problems = analyst.locator("input[name=heading][value='三、存在问题']")
    edited = "经核实，个别指标进度偏慢，已逐项督促。"
    problems.locator("xpath=ancestor::fieldset").locator("textarea").fill(edited)
    analyst.get_by_role("button", name="保存草稿").click()
    analyst.wait_for_selector("text=草稿已保存")
    assert edited in analyst.inner_text("article")

    analyst.fill("input[name=number]", "济工信通〔2025〕10号")
    analyst.get_by_role("button", name="签发并归档").click()
    analyst.wait_for_selector("text=已印发并归档")
    assert analyst.get_by_role("link", name="修改草稿").count() == 0
    analyst.get_by_role("link", name="通报与公文").click()
    assert "济工信通〔2025〕10号" in analyst.inner_text("#issued")

    leader = browser.new_context(locale="zh-CN").new_page()
    log_in(leader, live_server, "leader", DEMO_PASSWORD)
    leader.get_by_role("link", name="未读通知").click()
    leader.get_by_role("link", name="关于2025年1—10月全市工业经济运行情况的通报（济工信通〔2025〕10号）",
                       exact=False).click()
    assert edited in leader.inner_text("article")
    assert leader.get_by_role("link", name="修改草稿").count() == 0
    leader.goto(live_server.url + "/")
    assert "关于2025年1—10月全市工业经济运行情况的通报" in leader.inner_text("#latest-bulletin")
