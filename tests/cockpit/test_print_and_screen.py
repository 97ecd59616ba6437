"""Issue 16 §3: the cockpit prints on A4 without navigation or filters (a print stylesheet),
has a large-screen mode that reloads itself and reads stored results only, and the
navigation folds behind a menu button at phone width without a script."""

import re

import pytest
from django.contrib.staticfiles import finders

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.plan.models import Plan
from qiangshi.plan.models_pins import PinnedIndicator
from tests.conftest import login


@pytest.fixture
def leader(shared_demo, client, db):
    login(client, "leader", DEMO_PASSWORD)
    return client


def _css(name: str) -> str:
    with open(finders.find(f"qiangshi/{name}"), encoding="utf-8") as f:
        return f.read()


def test_every_page_links_the_print_stylesheet_which_hides_navigation_and_filters_on_a4(leader):
    page = leader.get("/cockpit/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*qiangshi/print\.css" media="print">', page)
    css = _css("print.css")
    assert "@page { size: A4;" in css and "@media print" in css
    hidden = css.split("@media print")[1].split("{ display: none !important; }")[0]
    for selector in (".topbar", "nav", ".filters", "button", "a.button"):
        assert selector in hidden
    assert "tr { break-inside: avoid; }" in css and "thead { display: table-header-group; }" in css
    assert ".chart[data-chart]" in css


def test_the_large_screen_is_dark_without_navigation_and_reloads_itself(leader):
    plan = Plan.objects.get(is_current=True)
    PinnedIndicator.objects.get_or_create(plan_code=plan.code, indicator_code="MFG-REV",
                                          defaults={"pinned_by": "analyst"})
    page = leader.get("/cockpit/screen/").content.decode()
    assert '<meta http-equiv="refresh" content="300">' in page
    assert '<body class="screen"' in page and 'class="topbar"' not in page and "<footer>" not in page
    assert 'data-chart="status-donut"' in page and "规模以上工业营业收入" in page
    assert "位次变化" in page and "预警要点" in page
    assert "<script>" not in page and " style=" not in page


def test_the_large_screen_needs_the_plan_view_permission(shared_demo, client, make_user):
    make_user("nobody", "reporter").groups.clear()
    login(client, "nobody")
    assert client.get("/cockpit/screen/").status_code == 403


def test_the_large_screen_reads_within_a_fixed_query_budget(leader, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert leader.get("/cockpit/screen/").status_code == 200


def test_the_navigation_folds_behind_a_menu_button_without_script(leader):
    page = leader.get("/").content.decode()
    assert '<input type="checkbox" id="nav-toggle" class="nav-toggle"' in page
    assert '<label for="nav-toggle" class="menu-button">菜单</label>' in page
    phone = _css("app.css").split("@media (max-width: 700px)")[1]
    assert ".modules, .who { display: none; }" in phone
    assert ".nav-toggle:checked ~ .modules" in phone
    assert "table.data { display: block; overflow-x: auto; }" in phone


def test_a_district_users_large_screen_shows_its_own_districts_figures(shared_demo, client, db):
    from qiangshi.plan.models import ProgressResult
    from qiangshi.plan.monitoring.selectors import latest_as_of, progress_latest

    plan = Plan.objects.get(is_current=True)
    PinnedIndicator.objects.get_or_create(plan_code=plan.code, indicator_code="MFG-REV",
                                          defaults={"pinned_by": "analyst"})
    login(client, "lixia", DEMO_PASSWORD)
    page = client.get("/cockpit/screen/").content.decode()
    tile = page.split("规模以上工业营业收入")[1].split("</div>")[0]
    own = ProgressResult.objects.get(run=progress_latest(plan, latest_as_of(plan)),
                                     indicator__code="MFG-REV", region__code="370102")
    assert f"{own.latest_value:,.2f}" in tile


def test_a_chain_task_force_is_sent_from_the_large_screen_to_its_chains(shared_demo, client, db):
    login(client, "chain", DEMO_PASSWORD)
    response = client.get("/cockpit/screen/")
    assert response.status_code == 302 and response["Location"] == "/cockpit/"
