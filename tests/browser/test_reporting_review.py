"""Issue 11 §3 in the browser: an upload becomes the form's draft, goes through submit and
review, the approved figure is locked, and an analyst's reopen (with a reason) unlocks it."""

import os
from pathlib import Path

import pytest

from qiangshi.accounts.roles import roles_sync
from qiangshi.accounts.services import reference_load, user_create
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.models import Observation
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.plan_data import mini_plan_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = "/plan/reporting/tjj/monthly_cumulative/2024-02/"
OTHER_FORM = "/plan/reporting/gxj/monthly_cumulative/2024-02/"
# Screenshots for a person to look at; kept after the run when this is set.
SHOTS = os.environ.get("QIANGSHI_SCREENSHOTS")


def _as(browser, live_server, username, shots: Path):
    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, username, PASSWORD)

    def shot(name):
        page.screenshot(path=shots / f"{name}.png", full_page=True)

    return page, shot


def test_upload_submit_approve_lock_reopen(browser, live_server, tmp_path):
    roles_sync()
    reference_load()
    plan_load(mini_plan_text())
    for username, role, units in [("stats", "reporter", ["tjj"]), ("gxjclerk", "reporter", ["gxj"]),
                                  ("analyst", "analyst", [])]:
        user_create(username=username, password=PASSWORD, display_name=username, role=role,
                    unit_codes=units)
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    upload = tmp_path / "上报.csv"
    upload.write_text("指标代码,地区代码,期别,数值\nMFG-REV,370100,2024年1-2月,900\n",
                      encoding="utf-8")

    reporter, shot = _as(browser, live_server, "stats", shots)
    reporter.goto(live_server.url + FORM)
    reporter.set_input_files("input[name=file]", upload)
    reporter.click("button[value=upload]")
    reporter.wait_for_url(live_server.url + FORM)
    assert reporter.input_value("input[name=value-MFG-REV]") == "900"
    assert "填报中" in reporter.locator(".page-head").inner_text()
    shot("1-upload-draft")
    reporter.click("button[value=submit]")
    reporter.wait_for_selector("text=数据已报送，等待审核")
    shot("2-submitted")

    analyst, analyst_shot = _as(browser, live_server, "analyst", shots)
    analyst.goto(live_server.url + "/plan/reporting/")
    analyst.locator("#to-review button[value=approve]").click()
    analyst.wait_for_selector("text=已审核通过")
    analyst_shot("3-approved")

    clerk, clerk_shot = _as(browser, live_server, "gxjclerk", shots)
    clerk.goto(live_server.url + OTHER_FORM)
    clerk.fill("input[name=value-MFG-REV]", "1")
    clerk.click("button[value=save]")
    clerk.wait_for_selector("text=已审核通过并锁定")
    clerk_shot("4-locked-edit-refused")
    reporter.goto(live_server.url + FORM)
    assert reporter.locator("input[name=value-MFG-REV]").is_disabled()
    assert Observation.objects.get().value == 900

    analyst.goto(live_server.url + FORM)
    analyst.fill("input[name=reason]", "统计局更正了快报数")
    analyst.get_by_test_id("reopen").click()
    analyst.wait_for_selector("text=已重新开放")
    analyst_shot("5-reopened")

    reporter.goto(live_server.url + FORM)
    assert "重新开放：统计局更正了快报数" in reporter.content()
    reporter.fill("input[name=value-MFG-REV]", "950")
    reporter.click("button[value=save]")
    reporter.wait_for_selector("text=已保存")
    assert reporter.input_value("input[name=value-MFG-REV]") == "950"
    shot("6-editable-again")
    assert Observation.objects.get().value == 950
