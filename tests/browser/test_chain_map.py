"""The chain map in a real browser: the chain's task force opens its map, ECharts draws it on a
canvas, and a click on a node (and the table's link) opens the node's page."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEV = "new-energy-vehicle"
PAINTED = """el => { const c = el.querySelector('canvas'); if (!c) return 0;
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n; }"""
# Where ECharts drew a node, in pixels of the map's box.
NODE_AT = """([el, name]) => { const chart = echarts.getInstanceByDom(el);
  const data = chart.getModel().getSeriesByIndex(0).getData();
  return chart.convertToPixel({seriesIndex: 0}, data.getItemLayout(data.indexOfName(name))); }"""


def test_the_chain_user_opens_its_map_and_clicks_through_to_a_node(page, live_server, demo):
    from qiangshi.chains.models import NodeResult, Run

    node = (NodeResult.objects.filter(run=Run.objects.first(), chain=NEV, firms__gt=0)
            .order_by("-revenue").first())
    log_in(page, live_server, "chain", DEMO_PASSWORD)
    page.get_by_role("navigation", name="模块导航").get_by_role("link", name="产业链").click()
    page.get_by_role("link", name="新能源汽车").click()
    page.get_by_role("link", name="产业链图谱").click()
    chart = page.locator("[data-chain-map]")
    page.wait_for_function(f"el => ({PAINTED})(el) > 1000", arg=chart.element_handle())
    assert node.node in page.inner_text("#map-table")

    x, y = page.evaluate(NODE_AT, [chart.element_handle(), node.node])
    chart.click(position={"x": x, "y": y})
    page.wait_for_url(f"**/chains/{NEV}/nodes/{node.pk}/")
    assert node.node in page.inner_text("h1")

    page.go_back()
    page.locator("#map-table").get_by_role("link", name=node.node, exact=True).click()
    page.wait_for_url(f"**/chains/{NEV}/nodes/{node.pk}/")
    assert page.console_errors == [] and page.outside_requests == []
