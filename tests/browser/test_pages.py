"""The main pages in a real browser: charts drawn, htmx filters working, nothing from outside."""

import pytest

from qiangshi.accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _filter_in_place(page, url, select, value):
    """Choose `value` in the filter `select` and wait for htmx to swap the list without a reload."""
    page.goto(url)
    before = page.inner_text(".pager")
    page.select_option(f"select[name={select}]", value)
    page.wait_for_url(f"**/?*{select}={value}*")
    page.wait_for_function(f"document.querySelector('.pager').innerText !== {before!r}")


def _clean(page):
    assert page.console_errors == []
    assert page.outside_requests == []


def test_cockpit_draws_the_status_chart_and_filters_in_place(page, live_server, demo):
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cockpit/")
    page.wait_for_selector("[data-chart=status-donut] canvas")
    rows = page.locator("table.progress-table tbody tr").count()
    assert rows > 60
    page.select_option("select[name=category]", "green")
    page.wait_for_url("**/cockpit/?*category=green*")
    page.wait_for_function(
        f"document.querySelectorAll('table.progress-table tbody tr').length < {rows}")
    assert "绿色发展能级" in page.inner_text("main")
    page.wait_for_selector("[data-chart=status-donut] canvas")
    _clean(page)


def test_indicator_page_draws_the_series_chart(page, live_server, demo):
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plan/indicators/MFG-REV/")
    page.wait_for_selector("[data-chart=indicator-series] canvas")
    assert "规模以上工业营业收入突破1万亿元" in page.inner_text("main")
    _clean(page)


def test_reporter_fills_in_and_saves_a_period(page, live_server, demo):
    from qiangshi.plan.models import Submission

    # The demo's plan has ended and its history is approved; its last periods are open again.
    Submission.objects.filter(year=2025, month=12).delete()
    log_in(page, live_server, "reporter", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plan/reporting/")
    page.locator("#obligations a").first.click()
    page.wait_for_selector("form.report-form")
    first = page.locator("form.report-form input[name^=value-]").first
    first.fill("12.3")
    page.click("button[value=save]")
    page.wait_for_selector(".messages li.success")
    assert "已保存" in page.inner_text(".messages")
    _clean(page)


def test_enterprise_list_filters_in_place_and_profile_draws_its_chart(page, live_server, demo):
    from qiangshi.enterprises.models import Enterprise

    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    _filter_in_place(page, f"{live_server.url}/enterprises/", "above_scale", "1")
    firm = Enterprise.objects.filter(above_scale=True).first()
    page.goto(f"{live_server.url}/enterprises/{firm.uscc}/")
    page.wait_for_selector("[data-chart=firm-facts] canvas")
    assert firm.name in page.inner_text("h1")
    _clean(page)


def test_evaluation_run_draws_its_chart_and_explains_a_grade(page, live_server, demo):
    from qiangshi.evaluation.models import Result, Run

    run = Run.objects.order_by("-year").first()
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/evaluation/runs/{run.pk}/")
    page.wait_for_selector("[data-chart=class-bars] canvas")
    page.select_option("select[name=klass]", "D")
    page.wait_for_url("**klass=D*")
    result = Result.objects.filter(run=run, klass="D").first()
    page.goto(f"{live_server.url}/evaluation/results/{result.pk}/")
    assert "如何提升" in page.inner_text("main")
    _clean(page)


def test_project_list_filters_in_place_and_project_page_draws_its_investment(page, live_server, demo):
    from qiangshi.projects.models import Project

    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    _filter_in_place(page, f"{live_server.url}/projects/", "kind", "renovation")
    project = Project.objects.filter(kind="renovation").order_by("code").first()
    assert project.code in page.inner_text("#projects")
    page.click(f"#projects a[href='/projects/{project.code}/']")
    page.wait_for_url(f"**/projects/{project.code}/")
    assert project.name in page.inner_text("h1")
    reporting = Project.objects.filter(progress__isnull=False).first()
    page.goto(f"{live_server.url}/projects/{reporting.code}/")
    page.wait_for_selector("[data-chart=project-investment] canvas")
    _clean(page)


def test_tier_overview_draws_its_chart_and_the_profile_loads_the_tier_card(page, live_server, demo):
    from qiangshi.cultivation.models import TierResult

    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cultivation/tiers/")
    page.wait_for_selector("[data-chart=tier-bars] canvas")
    assert "专精特新中小企业" in page.inner_text("#tiers")
    held = TierResult.objects.filter(tier="high_tech", held=True).select_related("enterprise").first()
    page.goto(f"{live_server.url}/enterprises/{held.enterprise.uscc}/")
    page.wait_for_selector("#tier-card table")
    assert "高新技术企业" in page.inner_text("#tier-card")
    _clean(page)


def test_pool_page_draws_the_progress_chart(page, live_server, demo):
    log_in(page, live_server, "analyst", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cultivation/pool/?year=all")
    page.wait_for_selector("[data-chart=pool-progress] canvas")
    _clean(page)
