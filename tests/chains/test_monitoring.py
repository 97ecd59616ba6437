"""Monthly chain monitoring (issue 15 §2): year-to-date figures of the chain's firms, growth
like for like, the chain's targets judged by the progress engine, stored with the chain run;
the monitoring page and the cockpit's 产业链监测 read what is stored."""

import io

import polars as pl
import pytest
from django.test import Client

from qiangshi.chains.models import ChainMonth, ChainTargetStatus, Monitoring, Run
from qiangshi.chains.services import run_create
from qiangshi.engine.chains.monitoring import chain_months, target_status
from qiangshi.enterprises.models import MonthlyFact
from tests.chains.conftest import visible
from tests.chains.monitor_data import CODE, MONTHLY, chain_registry
from tests.conftest import login


@pytest.fixture
def registry(reference):
    return chain_registry()


@pytest.fixture
def chain_user(client, make_user, registry):
    make_user("chainer", "chain", chain_codes=[CODE])
    login(client, "chainer")
    return client


def _month(year, month) -> ChainMonth:
    return ChainMonth.objects.get(run=Run.objects.first(), chain=CODE, year=year, month=month)


def test_chain_months_add_each_firm_once_and_compare_like_for_like():
    attachments = pl.DataFrame({"enterprise_id": [1, 1, 2, 3], "chain": ["c"] * 4})
    monthly = pl.DataFrame(
        [(firm, year, month, revenue, output)
         for firm, name in ((1, "A"), (2, "B"), (3, "C"), (4, "D"))
         for (year, month), (revenue, output) in MONTHLY[name].items()],
        orient="row", schema=["enterprise_id", "year", "month", "revenue_ytd", "output_ytd"])
    june = chain_months(attachments, monthly).filter(pl.col("year") == 2024).row(0, named=True)
    assert (june["revenue_ytd"], june["output_ytd"], june["firms_reporting"], june["firms_compared"]) == (
        200, 225, 3, 2)
    assert (june["prior_revenue_ytd"], june["prior_output_ytd"]) == (150, 180)
    assert june["growth"] == pytest.approx(170 / 150 - 1)
    assert june["output_growth"] == pytest.approx(195 / 180 - 1)


def test_the_chain_run_stores_year_to_date_figures_of_the_chains_firms(registry):
    june = _month(2024, 6)
    assert (june.revenue_ytd, june.output_ytd, june.firms_reporting) == (200, 225, 3)
    assert _month(2023, 12).revenue_ytd == 200 and _month(2023, 12).firms_reporting == 1  # A alone
    assert not ChainMonth.objects.filter(revenue_ytd__gte=1000).exists()  # D is on no chain


def test_a_firm_reporting_only_this_year_counts_in_the_total_not_in_the_growth(registry):
    june = _month(2024, 6)
    assert june.firms_compared == 2 and june.prior_revenue_ytd == 150
    assert june.growth == pytest.approx(0.1333333) and june.output_growth == pytest.approx(0.0833333)
    assert _month(2023, 6).growth is None and _month(2023, 6).prior_revenue_ytd is None


def test_monitoring_is_kept_with_method_and_hash_and_recomputed_only_when_its_inputs_change(registry):
    run = Run.objects.first()
    stored = Monitoring.objects.get(run=run)
    assert stored.method_version.startswith("chain-monitoring-1") and len(stored.input_hash) == 64
    assert (stored.as_of_year, stored.as_of_month) == (2024, 6)
    assert run_create(year=2024) == run and Monitoring.objects.get(run=run).computed_at == stored.computed_at
    MonthlyFact.objects.filter(enterprise=registry["C"]).update(revenue_ytd=60)
    assert run_create(year=2024) == run  # the yearly inputs did not change: the same run
    assert Monitoring.objects.get(run=run).input_hash != stored.input_hash
    assert _month(2024, 6).revenue_ytd == 230 and _month(2024, 6).growth == pytest.approx(0.1333333)


def _judged(latest_2024: float) -> dict:
    """A chain at 100 亿元 in 2023 and `latest_2024` in 2024 against 121 亿元 in 2025: the
    milestone of 2024 is 110 (10 % a year)."""
    months = pl.DataFrame({"chain": ["c", "c"], "year": [2023, 2024], "month": [12, 12],
                           "revenue_ytd": [100 * 10_000, latest_2024 * 10_000], "output_ytd": [0.0, 0.0],
                           "firms_reporting": [5, 5]})
    targets = pl.DataFrame({"chain": ["c"], "measure": ["revenue"], "year": [2025], "value": [121.0]})
    return target_status(months, targets).row(0, named=True)


@pytest.mark.parametrize(("latest", "status", "label"), [
    (110, "on_track", "进度正常"),  # on its milestone: growing at the required 10 % a year
    (107, "accelerate", "需加快"),  # below it: 7 % against 10 %, a ratio of 0.7
    (125, "achieved", "已完成"),  # past the target itself
])
def test_a_chain_target_is_judged_as_a_plan_target_is(latest, status, label):
    judged = _judged(latest)
    assert (judged["status"], judged["status_label"]) == (status, label)
    assert judged["base_year"] == 2023 and judged["base_value"] == pytest.approx(100)
    assert judged["milestone_value"] == pytest.approx(110)
    assert "目标 121.0（2025年）" in judged["explanation"]


def test_the_stored_target_status_carries_the_targets_label_unit_and_explanation(registry):
    status = ChainTargetStatus.objects.get(run=Run.objects.first(), chain=CODE)
    assert (status.label, status.unit, status.target_value, status.target_year) == (
        "营业收入", "亿元", 1, 2025)
    assert status.status_label and status.explanation


def test_the_monitoring_page_shows_the_months_the_chart_and_the_targets(chain_user,
                                                                      django_assert_max_num_queries):
    # the session, the scope of each read, the menu: as many queries for a long history
    with django_assert_max_num_queries(20):
        page = chain_user.get(f"/chains/{CODE}/monitoring/").content.decode()
    assert "测试链 运行监测" in page and "2024年1-6月" in page and "13.3%" in page
    assert 'data-chart="chain-monitor"' in page and 'id="chain-monitor-data"' in page
    assert "2025年营业收入达到 1亿元" in page
    assert CODE not in visible(chain_user.get(f"/chains/{CODE}/monitoring/"))


def test_the_monitoring_page_exports_months_and_targets_to_excel(chain_user):
    content = chain_user.get(f"/chains/{CODE}/monitoring/?format=xlsx").content
    months = pl.read_excel(io.BytesIO(content), sheet_name="月度监测", read_options={"header_row": 1})
    assert months["营业收入累计（万元）"].to_list() == [150, 200, 200]
    targets = pl.read_excel(io.BytesIO(content), sheet_name="目标进度")
    assert targets["指标"].to_list() == ["营业收入"]


def test_another_chains_or_an_unknown_chains_monitoring_is_not_found(chain_user, make_user):
    make_user("other", "chain", chain_codes=["other-chain"])
    assert chain_user.get("/chains/no-such-chain/monitoring/").status_code == 404
    other = Client()
    login(other, "other")
    assert other.get(f"/chains/{CODE}/monitoring/").status_code == 404


def test_viewing_the_page_computes_nothing(chain_user):
    Monitoring.objects.all().delete()
    ChainMonth.objects.all().delete()
    page = chain_user.get(f"/chains/{CODE}/monitoring/").content.decode()
    assert "本产业链企业尚无月度数据" in page and not Monitoring.objects.exists()


def test_the_chain_users_cockpit_shows_its_chains_monitoring(chain_user):
    page = chain_user.get("/cockpit/").content.decode()
    assert "产业链监测" in page and "测试链" in page
    assert "营业收入累计 0.02 亿元" in page and "13.3%" in page
    assert f"/chains/{CODE}/monitoring/" in page


def test_the_analysts_cockpit_lists_every_chain_compactly(client, figures, make_user, registry):
    make_user("gxj", "analyst")
    login(client, "gxj")
    section = client.get("/cockpit/").content.decode().split('id="chains"')[1].split("</section>")[0]
    assert "测试链" in section and "2024年1-6月" in section and "13.3%" in section
    assert "营业收入 " in section  # the target's status badge


def test_a_district_users_cockpit_has_no_chain_section(client, figures, lixia_user, registry):
    login(client, "lixia")
    assert 'id="chains"' not in client.get("/cockpit/").content.decode()


def test_the_overviews_monitoring_partial_shows_the_newest_month_and_the_targets(registry, make_user):
    from django.template.loader import render_to_string

    from qiangshi.chains.selectors import chain_version
    from qiangshi.chains.selectors_monitoring import chain_monitoring

    user = make_user("chainer", "chain", chain_codes=[CODE])
    monitoring = chain_monitoring(user=user, version=chain_version(user=user, code=CODE))
    text = render_to_string("chains/_monitoring.html", {
        "latest": monitoring.month, "statuses": monitoring.statuses, "code": CODE})
    assert "2024年1-6月：营业收入累计 0.02 亿元，同比（可比口径）13.3%" in text
    assert "2025年营业收入达到 1亿元" in text and f"/chains/{CODE}/monitoring/" in text
