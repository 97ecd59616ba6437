"""The main pages under the Content-Security-Policy in a real browser: no violation is reported,
neither while the page loads, nor when htmx swaps a list, nor when a chart shows its tooltip."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script runs, so violations during parsing are caught too.
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
});
"""


def _pages():
    from qiangshi.enterprises.models import Enterprise
    from qiangshi.evaluation.models import Run
    from qiangshi.projects.models import Project

    firm = Enterprise.objects.filter(above_scale=True).first()
    project = Project.objects.filter(progress__isnull=False).first()
    run = Run.objects.order_by("-year").first()
    return ["/", "/cockpit/", "/plan/indicators/MFG-REV/", "/enterprises/", "/projects/",
            f"/enterprises/{firm.uscc}/", f"/projects/{project.code}/", "/cultivation/pool/?year=all",
            "/cultivation/tiers/", f"/evaluation/runs/{run.pk}/"]


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp") + [e for e in page.console_errors if "Content Security" in e]


def _show_tooltips(page):
    """Move the mouse across every chart so ECharts builds its tooltip."""
    for chart in page.locator("[data-chart]").all():
        page.wait_for_function("el => el.querySelector('canvas')", arg=chart.element_handle())
        box = chart.bounding_box()
        for step in range(1, 8):
            page.mouse.move(box["x"] + box["width"] * step / 8, box["y"] + box["height"] / 2)
            page.wait_for_timeout(30)


@pytest.mark.usefixtures("demo")
def test_main_pages_charts_tooltips_and_htmx_swaps_raise_no_csp_violation(page, live_server):
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    seen = {}
    for url in _pages():
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        _show_tooltips(page)
        seen[url] = _violations(page)
    page.goto(f"{live_server.url}/cockpit/")
    # The progress bars still get their widths, now from bars.js instead of style attributes.
    widths = page.eval_on_selector_all(".bar .fill", "els => els.map(e => e.style.width)")
    assert widths and all(w.endswith("%") for w in widths)
    page.select_option("select[name=category]", "green")
    page.wait_for_url("**/cockpit/?*category=green*")
    page.wait_for_selector("[data-chart=status-donut] canvas")
    _show_tooltips(page)
    seen["/cockpit/ after an htmx swap"] = _violations(page)
    assert {url: found for url, found in seen.items() if found} == {}
    assert page.console_errors == []


@pytest.mark.usefixtures("demo")
def test_the_policy_reaches_the_browser_and_blocks_an_inline_script(page, live_server):
    """Proves the test above can fail: an inline script injected into a page is refused."""
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.__ran = true"; document.body.append(s); }""")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
