"""Issue 16 §3 in a real browser: the cockpit printed to A4 PDF is a few pages without the
menu bar; the large screen fits a 3840 × 2160 wall without scrolling; at phone width (390 px)
the cockpit and the main lists do not scroll sideways and the navigation stays folded."""

import re
import shutil
import subprocess

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRINTED_PAGES = 6
NAV_LABELS = ("指标监测", "梯度培育", "系统管理", "修改密码")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_the_cockpit_prints_on_a_few_a4_pages_without_the_navigation(page, live_server, demo, tmp_path):
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cockpit/")
    page.wait_for_selector("[data-chart=status-donut] canvas")
    pdf = page.pdf(format="A4")
    assert 1 <= _pdf_pages(pdf) <= PRINTED_PAGES
    page.emulate_media(media="print")
    for selector in (".topbar", "form.filters", "a.button"):
        assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none"
    pdftotext = shutil.which("pdftotext")  # poppler-utils, where installed
    if pdftotext:
        (tmp_path / "cockpit.pdf").write_bytes(pdf)
        text = subprocess.run([pdftotext, str(tmp_path / "cockpit.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "目标状态" in text
        assert not [label for label in NAV_LABELS if label in text]


def test_the_large_screen_fits_a_3840_by_2160_wall_without_scrolling(browser, live_server, demo):
    context = browser.new_context(locale="zh-CN", viewport={"width": 3840, "height": 2160})
    page = context.new_page()
    log_in(page, live_server, "leader", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cockpit/screen/")
    page.wait_for_selector("[data-chart=status-donut] canvas")
    height, width = page.evaluate(
        "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]")
    assert height <= 2160 and width <= 3840
    assert page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor") == "rgb(11, 21, 38)"
    context.close()


@pytest.mark.parametrize("path", ["/cockpit/", "/enterprises/", "/projects/"])
def test_at_phone_width_pages_do_not_scroll_sideways_and_the_menu_stays_folded(browser, live_server, demo,
                                                                                path):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 4
    header = page.eval_on_selector("header.topbar", "e => e.getBoundingClientRect().height")
    assert header < 844 / 4
    assert not page.is_visible("nav.modules")
    page.click("label.menu-button")
    assert page.is_visible("nav.modules >> text=企业")
    context.close()
