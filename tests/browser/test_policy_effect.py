"""跟踪问效 in a real browser: the analyst opens the stored evaluation of the demo policy and
its bar chart is drawn under the strict CSP, nothing from outside."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.policies.models import EffectResult
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analyst_reads_the_effect_of_a_policy_with_its_chart(page, live_server, demo):
    stored = EffectResult.objects.get(policy="jizhengfa-2019-1")
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/policies/effect/?policy=jizhengfa-2019-1&year={stored.year}")
    main = page.inner_text("main")
    assert stored.content["summary"] in main and "平行趋势" in main
    if stored.content["outcomes"]:
        page.wait_for_selector("[data-chart=policy-effect] canvas")
    assert page.console_errors == [] and page.outside_requests == []
