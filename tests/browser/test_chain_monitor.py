"""The chain task force's cockpit in a real browser: its chain's monitoring, then the monthly
page with its chart drawn under the strict CSP, nothing from outside."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chain_user_walks_from_the_cockpit_to_the_monthly_chart(page, live_server, demo):
    log_in(page, live_server, "chain", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cockpit/")
    main = page.inner_text("main")
    assert "产业链监测" in main and "新能源汽车" in main and "营业收入累计" in main
    page.click("text=查看月度监测")
    page.wait_for_url("**/chains/new-energy-vehicle/monitoring/")
    page.wait_for_selector("[data-chart=chain-monitor] canvas")
    assert "新能源汽车 运行监测" in page.inner_text("main")
    assert page.console_errors == [] and page.outside_requests == []
